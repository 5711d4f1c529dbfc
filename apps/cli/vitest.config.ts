import { defineProject, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineProject({
    // Every test spawns the built binary, some several times: give a loaded machine room.
    test: { name: "cli", testTimeout: 60_000, hookTimeout: 30_000 },
  }),
);

import { defineProject, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineProject({
    // Bundling with esbuild and spawning processes: give a loaded machine room.
    test: { name: "bench", testTimeout: 60_000 },
  }),
);

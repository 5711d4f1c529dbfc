import { defineConfig, mergeConfig } from "vitest/config";
import shared, { enforcedCoverage } from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({ test: { name: "core", coverage: enforcedCoverage } }),
);

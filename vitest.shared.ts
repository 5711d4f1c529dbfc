import { defineConfig } from "vitest/config";
import type { CoverageOptions } from "vitest/node";

/**
 * Coverage enforced for the published runtime packages (core, coinimp, mixcoins): `pnpm test` runs
 * their tests with `--coverage`, and fewer than 90 % of the lines of `src/` run fails it.
 */
export const enforcedCoverage: CoverageOptions = {
  provider: "v8",
  include: ["src/**/*.ts"],
  reporter: ["text-summary"],
  thresholds: { lines: 90 },
};

/**
 * Settings every vitest project shares. Glob projects do not inherit the root config, so each
 * package's `vitest.config.ts` merges this one.
 */
export default defineConfig({
  ssr: {
    resolve: {
      // Vitest 4 only honours SSR conditions in Node tests; listing them replaces Vite's defaults.
      conditions: ["@cointap/source", "module", "node", "development|production"],
    },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    restoreMocks: true,
    unstubGlobals: true,
    testTimeout: 15_000,
  },
});

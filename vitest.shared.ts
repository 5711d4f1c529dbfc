import { defineConfig } from "vitest/config";

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

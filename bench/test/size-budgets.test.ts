/**
 * The size budgets of issue #7, enforced: what a user bundles for `import { CoinImp }`,
 * `import { MixCoins }` and all of `@cointap/core`, minified and gzipped with every dependency,
 * stays within its budget. Sizes are deterministic (unlike timings, which stay in `pnpm bench`).
 * Built from the packages' `dist/`: turbo builds them before this test.
 *
 * A budget that fails is not raised: find the weight (the message lists it) and cut it.
 */

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLE_ENTRIES, measureBundle } from "../src/bundle-size.js";

const here = fileURLToPath(new URL("..", import.meta.url));

describe("bundle size budgets (esbuild --minify, gzip -9, all dependencies)", () => {
  it.each(BUNDLE_ENTRIES.filter((entry) => entry.budget !== undefined))(
    "$name ≤ $budget bytes",
    async (entry) => {
      const size = await measureBundle(entry, here);
      // Each dist is one module: the sources show which file carries the weight.
      const bySource = await measureBundle(entry, here, { fromSource: true });
      const heaviest = bySource.weights
        .slice(0, 8)
        .map(({ input, bytes }) => `${input} ${bytes} B`)
        .join(", ");
      expect(
        size.gzipped,
        `${entry.name}: ${size.gzipped} B gzipped (${size.minified} B minified); heaviest: ${heaviest}`,
      ).toBeLessThanOrEqual(entry.budget ?? 0);
    },
  );

  it("measures the same bytes twice, and accounts for every minified byte by input", async () => {
    const entry = BUNDLE_ENTRIES[0];
    if (!entry) throw new Error("no bundle entries");
    const [first, second] = await Promise.all([
      measureBundle(entry, here),
      measureBundle(entry, here),
    ]);
    expect(second.gzipped).toBe(first.gzipped);
    expect(second.minified).toBe(first.minified);
    const attributed = first.weights.reduce((sum, { bytes }) => sum + bytes, 0);
    // The rest is esbuild's own glue (the export statement, module wrappers).
    expect(attributed).toBeGreaterThan(first.minified * 0.9);
    expect(attributed).toBeLessThanOrEqual(first.minified);
  });

  it("weighs the built dist per package, and the sources per file", async () => {
    const entry = BUNDLE_ENTRIES.find((candidate) => candidate.name.includes("CoinImp"));
    if (!entry) throw new Error("no CoinImp entry");
    const built = (await measureBundle(entry, here)).weights.map(({ input }) => input);
    expect(built.sort()).toEqual(["@cointap/coinimp/index.js", "@cointap/core/index.js"]);
    const sources = await measureBundle(entry, here, { fromSource: true });
    const files = sources.weights.map(({ input }) => input);
    expect(files).toContain("@cointap/core/caller.ts");
    expect(files).toContain("@cointap/coinimp/shape.ts");
  });
});

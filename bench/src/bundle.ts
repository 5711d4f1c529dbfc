/**
 * Bundle size of each entry in `BUNDLE_ENTRIES` (see bundle-size.ts for how it is measured):
 * minified and gzipped bytes against the entry's budget, and the heaviest inputs, which say what
 * to cut when a budget is blown.
 */

import { BUNDLE_ENTRIES, type BundleSize, measureBundle } from "./bundle-size.js";
import type { Check, Section } from "./check.js";
import { bytes, integer, table } from "./markdown.js";
import { BENCH_DIR } from "./paths.js";

const TOP_WEIGHTS = 6;

export type BundleResult = BundleSize[];

export async function measureBundles(): Promise<BundleResult> {
  const sizes: BundleSize[] = [];
  for (const entry of BUNDLE_ENTRIES) sizes.push(await measureBundle(entry, BENCH_DIR));
  return sizes.map((size) => ({ ...size, weights: size.weights.slice(0, TOP_WEIGHTS) }));
}

export function bundleReport(result: BundleResult): Section {
  const checks: Check[] = result.map((size) => ({
    figure: `Bundle \`${size.name}\` (min+gz)`,
    value: bytes(size.gzipped),
    target: size.budget === undefined ? "reported only" : `≤ ${bytes(size.budget)}`,
    pass: size.budget === undefined ? undefined : size.gzipped <= size.budget,
  }));
  const rows = result.map((size) => [
    `\`${size.name}\``,
    integer(size.minified),
    integer(size.gzipped),
    size.budget === undefined ? "—" : integer(size.budget),
    size.budget === undefined ? "—" : size.gzipped <= size.budget ? "✓" : "✗",
  ]);
  const weights = result.map((size) =>
    [
      `**\`${size.name}\`** — top ${TOP_WEIGHTS} inputs, minified bytes in the bundle:`,
      "",
      table(
        ["input", "bytes"],
        size.weights.map((weight) => [`\`${weight.input}\``, integer(weight.bytes)]),
      ),
    ].join("\n"),
  );
  const body = [
    "esbuild `--bundle --minify --platform=browser --format=esm` of a one-line entry, every dependency included, from the packages' built `dist/`; gzip -9.",
    "",
    table(["entry", "minified B", "gzip B", "budget B", ""], rows),
    "",
    ...weights.flatMap((block) => [block, ""]),
  ].join("\n");
  return { title: "Bundle size", checks, body };
}

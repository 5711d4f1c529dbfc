// Builds a runtime package's JavaScript from the entry points its `exports` name (their
// `@cointap/source` files), as few ES modules as can be (tsc still writes the `.d.ts` files). Why:
// Node 20 spends about 0.8 ms per ES module it loads, so a client spread over thirty files took
// ~25 ms to import where one file takes ~3 ms (see bench/RESULTS.md, "Cold import time"). With
// more than one entry (`@cointap/coinimp/schemas`), code they share goes in a chunk and a dynamic
// `import()` of an entry stays one: the client loads its schemas on first use. Dependencies stay
// external: `@cointap/core` is shared, not copied into each client. Not minified: a stack trace
// should read like the source.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const { exports } = JSON.parse(readFileSync("package.json", "utf8"));
const entryPoints = Object.values(exports)
  .map((target) => (typeof target === "object" ? target["@cointap/source"] : undefined))
  .filter((source) => typeof source === "string" && source.startsWith("./src/"));

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints,
  outdir: "dist",
  outbase: "src",
  chunkNames: "chunks/[name]-[hash]",
  splitting: entryPoints.length > 1,
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external",
  sourcemap: true,
  sourcesContent: true,
  logLevel: "warning",
});

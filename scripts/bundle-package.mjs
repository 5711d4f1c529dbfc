// Builds a runtime package's JavaScript as ONE ES module, `dist/index.js`, from `src/index.ts`
// (tsc still writes the `.d.ts` files). Why: Node 20 spends about 0.8 ms per ES module it loads,
// so a client spread over thirty files took ~25 ms to import where one file takes ~3 ms (see
// bench/RESULTS.md, "Cold import time"). Dependencies stay external: `@cointap/core` is shared,
// not copied into each client. Not minified: a stack trace should read like the source.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external",
  sourcemap: true,
  sourcesContent: true,
  logLevel: "warning",
});

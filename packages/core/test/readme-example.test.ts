import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, expect, it, vi } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it("the README quick start runs as written and prints what it says", async () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const example = /## Quick start[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  // The same code, importing this package's source instead of the published name.
  const source = pathToFileURL(join(packageDir, "src/index.ts")).href;
  scratch = mkdtempSync(join(packageDir, "test/.readme-"));
  const file = join(scratch, "example.mjs");
  writeFileSync(
    file,
    (example ?? "").replace('from "@cointap/core"', `from ${JSON.stringify(source)}`),
  );

  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await import(pathToFileURL(file).href);
  expect(log.mock.calls).toEqual([[1234]]);
});

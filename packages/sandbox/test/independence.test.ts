import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The sandbox is the clients' test oracle: sharing code with them would let a client bug be mirrored.
it("depends on no other @cointap package, in its manifest or in any source file", () => {
  const manifest = JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as Record<string, Record<string, string> | undefined>;
  const declared = [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
  ].flatMap((field) => Object.keys(manifest[field] ?? {}));
  expect(declared.filter((name) => name.startsWith("@cointap/"))).toEqual([]);

  const sourceDir = new URL("../src/", import.meta.url);
  const files = readdirSync(sourceDir).filter((file) => file.endsWith(".ts"));
  expect(files.length).toBeGreaterThan(5);
  const importing = files.filter((file) =>
    /from\s+["']@cointap\//.test(readFileSync(new URL(file, sourceDir), "utf8")),
  );
  expect(importing).toEqual([]);
});

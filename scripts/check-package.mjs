// Checks a package the way npm will see it: packs it with pnpm (which applies
// `publishConfig.exports`, dropping the `@cointap/source` condition), then runs publint and
// attw on that tarball. `attw --pack` would pack with npm and see the source condition instead.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const destination = mkdtempSync(join(tmpdir(), "cointap-pack-"));
const run = (command, args) => execFileSync(command, args, { stdio: "inherit" });

try {
  // Quiet on success: pnpm pack lists every file.
  execFileSync("pnpm", ["pack", "--pack-destination", destination], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(destination).find((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${destination}`);
  const path = join(destination, tarball);
  run("publint", ["run", path, "--strict"]);
  run("attw", [path, "--profile", "esm-only"]);
} finally {
  rmSync(destination, { recursive: true, force: true });
}

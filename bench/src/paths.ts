/** Where things are, from the compiled file's point of view (`bench/dist/*.js`). */

import { fileURLToPath } from "node:url";

/** `bench/`: packages are resolved from here, as a user's project resolves them. */
export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** A compiled sibling of this file, e.g. `dist/coinimp-stub-server.js`. */
export function distFile(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

export function packageDir(name: string): string {
  return fileURLToPath(new URL(`../../packages/${name}/`, import.meta.url));
}

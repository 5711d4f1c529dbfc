/** The README's Size section states a measured size, never a placeholder. */

import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("the README states the measured size, not a placeholder", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  expect(readme).not.toContain("SIZE_PLACEHOLDER");
});

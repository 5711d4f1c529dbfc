/**
 * What parsing a body must give: `JSON.parse`'s value, except that each number a double rounds is
 * its text instead (see src/exact-json.ts). Checked leaf by leaf against `JSON.parse`: such a text
 * must name the very double JSON.parse made of it, and must be worth more digits than that double.
 */
import { expect } from "vitest";
import { toDecimal } from "../../src/decimal.js";

export function expectExactJson(actual: unknown, parsed: unknown, at = "body"): void {
  if (typeof parsed === "number" && typeof actual === "string") {
    expect(Number(actual), `${at}: the kept text is the number JSON.parse read`).toBe(parsed);
    expect(toDecimal(actual), `${at}: kept as text only when a double would round it`).not.toBe(
      toDecimal(parsed),
    );
    return;
  }
  if (typeof parsed !== "object" || parsed === null) {
    expect(actual, at).toStrictEqual(parsed);
    return;
  }
  expect(Array.isArray(actual), at).toBe(Array.isArray(parsed));
  expect(typeof actual === "object" && actual !== null, at).toBe(true);
  const keys = Object.keys(parsed);
  expect(Object.keys(actual as object), at).toEqual(keys);
  for (const key of keys)
    expectExactJson(
      (actual as Record<string, unknown>)[key],
      (parsed as Record<string, unknown>)[key],
      `${at}.${key}`,
    );
}

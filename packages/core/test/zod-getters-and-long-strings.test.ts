/**
 * Two edges of the input and body paths. A zod schema catches a throwing getter and re-runs
 * asynchronously, so the caller's value is read first, by `readInput` (one read, a typed
 * `ValidationError`), and the schema sees only the copy. And `parseExactJson` scans a body in one linear pass: a string of millions
 * of characters does not overflow a regexp's backtrack stack.
 */

import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { checkInput, readInput } from "../src/check-input.js";
import { ValidationError } from "../src/errors.js";
import { parseExactJson } from "../src/exact-json.js";

const params = z.object({ currency: z.string(), amount: z.string() });

describe("readInput, then checkInput with a zod schema, and a throwing getter", () => {
  it("says the input could not be read, and reads the getter once", async () => {
    let reads = 0;
    const input = {
      currency: "XMR",
      get amount(): string {
        reads++;
        throw new Error("getter exploded");
      },
    };
    let caught: unknown;
    try {
      checkInput(params, readInput(input, ["currency", "amount"]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues[0]?.message).toMatch(/could not be read/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toBe(1);
  });
});

describe("parseExactJson on a large valid body", () => {
  it("a body with an 8 Mi-character string and a 20-digit number parses", () => {
    const text = JSON.stringify({ note: "x".repeat(8 << 20), amount: 0 }).replace(
      '"amount":0',
      '"amount":12345678901234567890',
    );
    const value = parseExactJson(text) as { amount: unknown };
    expect(value.amount).toBe("12345678901234567890");
  });
});

/** A key given to the wrong constructor option stays out of the ValidationError. */
import { describe, expect, it } from "vitest";
import { CoinImp, ValidationError } from "../src/index.js";

const PUBLIC_KEY = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
const PRIVATE_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

function thrown(make: () => unknown): ValidationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
}

describe("new CoinImp({ …, <option>: privateKey })", () => {
  it.each([
    ["apiVersion", { apiVersion: PRIVATE_KEY }],
    ["baseURL", { baseURL: PRIVATE_KEY }],
    ["baseURL (http)", { baseURL: `http://example.com/${PRIVATE_KEY}` }],
    ["timeout", { timeout: PRIVATE_KEY }],
    ["retry", { retry: PRIVATE_KEY }],
    ["cache", { cache: PRIVATE_KEY }],
    ["userAgent-like: fetch", { fetch: PRIVATE_KEY }],
  ])("%s", (_, extra) => {
    const error = thrown(
      () => new CoinImp({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, ...(extra as object) }),
    );
    const rendered = JSON.stringify(error.toJSON()) + error.message + String(error.stack);
    expect(rendered).not.toContain(PRIVATE_KEY.slice(0, 16));
  });
});

/**
 * A bad input, as every call must treat it: the returned promise rejects (nothing throws
 * synchronously) with a `ValidationError` whose issues each say something, and nothing was sent.
 */
import type { Sandbox } from "@cointap/sandbox";
import { expect } from "vitest";
import { ValidationError } from "../../src/index.js";

export async function refusedInput(
  sandbox: Sandbox,
  call: () => Promise<unknown>,
): Promise<ValidationError> {
  let returned: Promise<unknown> | undefined;
  expect(() => {
    returned = call();
  }, "a bad input must reject the promise, not throw synchronously").not.toThrow();
  const error = await returned?.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  for (const issue of (error as ValidationError).issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    // zod's own default: each schema must carry its English.
    expect(issue.message).not.toMatch(/^Invalid input/);
  }
  expect(sandbox.requests).toEqual([]);
  return error as ValidationError;
}

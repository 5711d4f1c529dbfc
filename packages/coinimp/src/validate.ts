/**
 * Input checks: every problem with a call's parameters is found before anything is sent, and
 * reported together in one `ValidationError`. Values are never echoed when they may be keys.
 */

import { type Issue, ValidationError } from "@cointap/core";
import type { Currency } from "./types.js";

const SITE_KEY = /^[0-9a-fA-F]{64}$/;
const MAX_USER_LENGTH = 128;

/** Collects the issues of one call's parameters. */
export class Checker {
  readonly #issues: Issue[] = [];

  /** `MINTME` or `XMR`, in any case; returned upper case. */
  currency(value: unknown, path = "currency"): Currency {
    const upper = typeof value === "string" ? value.toUpperCase() : undefined;
    if (upper === "MINTME" || upper === "XMR") return upper;
    return this.#fail(path, `must be "MINTME" or "XMR", got ${describe(value)}`, "MINTME");
  }

  /** 64 hex digits. */
  siteKey(value: unknown, path = "siteKey"): string {
    if (typeof value === "string" && SITE_KEY.test(value)) return value;
    return this.#fail(path, `must be a site key of 64 hex digits, got ${describe(value)}`, "");
  }

  /** A user name: 1 to 128 characters, no control characters, no surrounding spaces. */
  user(value: unknown, path = "user"): string {
    if (typeof value !== "string" || value.length === 0)
      return this.#fail(path, "must be a non-empty string", "");
    if (value.length > MAX_USER_LENGTH)
      return this.#fail(path, `must be at most ${MAX_USER_LENGTH} characters`, "");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    if (/[\u0000-\u001f\u007f]/.test(value) || value.trim() !== value) {
      return this.#fail(path, "must not contain control characters or surrounding spaces", "");
    }
    return value;
  }

  /** A positive whole number of hashes, as a number or a string of digits. */
  hashes(value: unknown, path = "amount"): number {
    const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed > 0) return parsed;
    return this.#fail(path, `must be a positive whole number of hashes, got ${describe(value)}`, 0);
  }

  /** Throws the `ValidationError` if anything was wrong. */
  done(): void {
    if (this.#issues.length > 0) throw new ValidationError(this.#issues);
  }

  #fail<T>(path: string, message: string, placeholder: T): T {
    this.#issues.push({ path: [path], message });
    return placeholder;
  }
}

/** Checks parameters with `check`, then throws every issue at once, or returns the checked values. */
export function validate<T>(check: (checker: Checker) => T): T {
  const checker = new Checker();
  const result = check(checker);
  checker.done();
  return result;
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 70 ? `${value.slice(0, 70)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/**
 * Options checked before anything is sent (DESIGN rules 10 and 11): a bad option of any type is a
 * `ValidationError` naming it — never a `TypeError`, a `RangeError`, a timer that fires at once or
 * a header that splits the request. Values of credentials never appear in a message.
 */

import { MAX_DELAY } from "./clock.js";
import { type Issue, ValidationError } from "./errors.js";

/** Collects the problems of a set of options, then throws them all at once. */
export class OptionCheck {
  readonly issues: Issue[] = [];

  fail(name: string, message: string): void {
    this.issues.push({ path: name.split("."), message });
  }

  /** A duration in ms: finite, ≥ 0 (timeouts > 0), at most 2^31−1 (what a timer can wait). */
  duration(name: string, value: unknown): void {
    if (value === undefined) return;
    // A limit of 0 ms would fail every call; a delay of 0 ms is merely impatient.
    const positive = /imeout$/.test(name);
    if (
      typeof value !== "number" ||
      !(positive ? value > 0 : value >= 0) ||
      !(value <= MAX_DELAY)
    ) {
      this.fail(
        name,
        `must be a number of milliseconds ${positive ? ">" : "≥"} 0 and at most ${MAX_DELAY}, got ${shown(value)}`,
      );
    }
  }

  /** A whole number ≥ `least`. */
  count(name: string, value: unknown, least = 0): void {
    if (value === undefined) return;
    if (!(Number.isSafeInteger(value) && (value as number) >= least)) {
      this.fail(name, `must be a whole number ≥ ${least}, got ${shown(value)}`);
    }
  }

  /** `undefined`, or an object (not `null`, not an array). */
  object(name: string, value: unknown, orFalse = false): value is object | undefined {
    if (value === undefined || (orFalse && value === false)) return true;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return true;
    this.fail(name, `must be an object${orFalse ? " or false" : ""}, got ${shown(value)}`);
    return false;
  }

  /** `undefined` or a function. */
  function(name: string, value: unknown): void {
    if (value !== undefined && typeof value !== "function") {
      this.fail(name, `must be a function, got ${shown(value)}`);
    }
  }

  /** `undefined` or an `AbortSignal` (or anything shaped like one, from another realm or polyfill). */
  signal(name: string, value: unknown): void {
    if (value === undefined) return;
    const signal = value as Partial<AbortSignal> | null;
    if (
      typeof signal !== "object" ||
      signal === null ||
      typeof signal.aborted !== "boolean" ||
      typeof signal.addEventListener !== "function" ||
      typeof signal.throwIfAborted !== "function"
    ) {
      this.fail(name, `must be an AbortSignal, got ${shown(value)}`);
    }
  }

  /**
   * Header or query values that go on the wire as given: strings without CR, LF or NUL, which
   * would split a header or be refused by `fetch` after the call was counted as sent. The value
   * is never shown: it may be a key.
   */
  wireValues(name: string, values: unknown, headers: boolean): void {
    if (!this.object(name, values)) return;
    for (const [key, value] of Object.entries(values ?? {})) {
      if (headers && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
        this.fail(name, `has a header name that is not a valid token: ${JSON.stringify(key)}`);
      } else if (typeof value !== "string") {
        this.fail(`${name}.${key}`, `must be a string, got ${typeof value}`);
      } else if (/[\r\n\0]/.test(value)) {
        this.fail(`${name}.${key}`, "must not contain CR, LF or NUL characters");
      }
    }
  }

  /** Throws every problem found, if any. */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}

/** A value as a message may show it: short, and never the contents of an object. */
function shown(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

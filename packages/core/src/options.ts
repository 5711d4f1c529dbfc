/**
 * Options checked before anything is sent (DESIGN rules 10 and 11): a bad option of any type is a
 * `ValidationError` naming it — never a `TypeError`, a `RangeError`, a timer that fires at once or
 * a header that splits the request. Values of credentials never appear in a message.
 */

import { MAX_DELAY } from "./clock.js";
import { describeValue } from "./describe-value.js";
import { type Issue, ValidationError } from "./errors.js";
import type { Redactor } from "./redact.js";

/** Collects the problems of a set of options, then throws them all at once. */
export class OptionCheck {
  readonly issues: Issue[] = [];
  readonly #redactor: Redactor | undefined;

  /** `redactor`: the client's, so a key passed as the wrong option is `[REDACTED]` in the error. */
  constructor(redactor?: Redactor) {
    this.#redactor = redactor;
  }

  fail(name: string, message: string): void {
    this.issues.push({ path: name.split("."), message });
  }

  /**
   * A duration in ms: finite, ≥ 0, at most 2^31−1 (what a timer can wait). A limit (a timeout, an
   * interval) must be `positive`: 0 ms would fail every call, where a delay of 0 is merely impatient.
   */
  duration(name: string, value: unknown, positive = false): void {
    if (value === undefined) return;
    if (
      typeof value !== "number" ||
      !(positive ? value > 0 : value >= 0) ||
      !(value <= MAX_DELAY)
    ) {
      this.fail(
        name,
        `must be a number of milliseconds ${positive ? ">" : "≥"} 0 and at most ${MAX_DELAY}, got ${describeValue(value)}`,
      );
    }
  }

  /** A whole number ≥ `least`. */
  count(name: string, value: unknown, least = 0): void {
    if (value === undefined) return;
    if (!(Number.isSafeInteger(value) && (value as number) >= least)) {
      this.fail(name, `must be a whole number ≥ ${least}, got ${describeValue(value)}`);
    }
  }

  /** `undefined`, or an object (not `null`, not an array). */
  object(name: string, value: unknown, orFalse = false): value is object | undefined {
    if (value === undefined || (orFalse && value === false)) return true;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return true;
    this.fail(name, `must be an object${orFalse ? " or false" : ""}, got ${describeValue(value)}`);
    return false;
  }

  /** `undefined` or a function. */
  function(name: string, value: unknown): void {
    if (value !== undefined && typeof value !== "function") {
      this.fail(name, `must be a function, got ${describeValue(value)}`);
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
      this.fail(name, `must be an AbortSignal, got ${describeValue(value)}`);
    }
  }

  /**
   * Header or query values that go on the wire as given. A header value holds what `fetch`
   * accepts (tab, visible ASCII, Latin-1; no CR, LF, NUL or other control character) — else it is
   * refused only inside `fetch`, after the call counted as sent. A query value is percent-encoded,
   * but CR, LF and NUL in a key are a mistake all the same. The value is never shown: it may be a key.
   */
  wireValues(name: string, values: unknown, headers: boolean): void {
    if (!this.object(name, values)) return;
    const refused = headers ? /[^\t\x20-\x7e\x80-\xff]/ : /[\r\n\0]/;
    for (const [key, value] of Object.entries(values ?? {})) {
      if (headers && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
        this.fail(name, `has a header name that is not a valid token: ${JSON.stringify(key)}`);
      } else if (typeof value !== "string") {
        this.fail(`${name}.${key}`, `must be a string, got ${typeof value}`);
      } else if (refused.test(value)) {
        this.fail(
          `${name}.${key}`,
          headers
            ? "must hold only visible ASCII or Latin-1 characters (no CR, LF, NUL or other control character)"
            : "must not contain CR, LF or NUL characters",
        );
      }
    }
  }

  /**
   * A query or form, copied into name-value pairs now (DESIGN rule 11: what is sent is what was
   * checked, whatever the caller changes later). A value is a string, a finite number or a
   * boolean, or a dense array of them; `undefined` leaves the field out.
   */
  fields(name: string, fields: unknown): readonly (readonly [string, string])[] {
    if (fields === undefined || !this.object(name, fields)) return [];
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(fields as object)) {
      if (value === undefined) continue;
      const items: unknown[] = Array.isArray(value) ? value : [value];
      if (items.length > MAX_FIELD_VALUES) {
        this.fail(`${name}.${key}`, `has ${items.length} values; at most ${MAX_FIELD_VALUES}`);
        continue;
      }
      for (let index = 0; index < items.length; index++) {
        // Indexed, not iterated: a hole (`[, "a"]`) is `undefined` here, not skipped.
        const item = items[index];
        if (!isScalar(item)) {
          this.fail(
            `${name}.${key}`,
            `must be a string, a finite number or a boolean, got ${describeValue(item)}`,
          );
        } else if (typeof item === "string" && LONE_SURROGATE.test(item)) {
          // It would be sent as U+FFFD: another value (another user) than the one given.
          this.fail(`${name}.${key}`, "must be well-formed text (it holds a lone surrogate)");
        } else entries.push([key, String(item)]);
      }
    }
    return Object.freeze(entries);
  }

  /** Throws every problem found, if any. */
  throwIfAny(): void {
    if (this.issues.length === 0) return;
    const redactor = this.#redactor;
    throw new ValidationError(
      redactor
        ? this.issues.map(({ path, message }) => ({ path, message: redactor.text(message) }))
        : this.issues,
    );
  }
}

/** The most values one query or form field may repeat. */
const MAX_FIELD_VALUES = 1000;

/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "boolean" || Number.isFinite(value);
}

/**
 * A refused value of an option that takes a short word (`apiVersion`, `network`): shown when it is
 * one (a typo such as "v3"), else only by its kind — a key pasted into the wrong option never is.
 */
export function shownChoice(value: unknown): string {
  if (typeof value === "string")
    return value.length <= 8 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  return value === null ? "null" : typeof value;
}

/** The options every client call takes (`{ signal, timeout, cache }`), as a client passes them on. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  cache?: boolean | { ttl: number } | undefined;
}

/**
 * Checks a client call's options (its last argument): `undefined` or an object whose `signal` is an
 * `AbortSignal`, `timeout` a duration > 0 and `cache` a boolean or `{ ttl }`. Throws a
 * `ValidationError` (or adds to `check`, when given) — a mistyped option is never ignored. Pass
 * the client's `redactor`, so a key given as an option is never shown. Returns the options as
 * they were checked, each read once: pass these on, not the caller's object.
 */
export function checkCallOptions(
  options: unknown,
  check?: OptionCheck,
  redactor?: Redactor,
): CallOptions {
  const own = check ?? new OptionCheck(redactor);
  const checked: CallOptions = {};
  if (own.object("options", options) && options) {
    // Each read once, into the copy that is returned: a getter cannot pass the check, then differ.
    const { signal, timeout, cache } = options as CallOptions;
    own.signal("signal", signal);
    own.duration("timeout", timeout, true);
    Object.assign(checked, { signal, timeout, cache });
    if (typeof cache === "object" && cache !== null) {
      const { ttl } = cache;
      own.duration("cache.ttl", ttl ?? Number.NaN);
      checked.cache = { ttl };
    } else if (cache !== undefined && typeof cache !== "boolean") {
      own.fail("cache", "must be true, false or { ttl }");
    }
  }
  if (!check) own.throwIfAny();
  return checked;
}

/**
 * The pieces CoinImp's answers are made of: lenient in, exact out. Numbers may arrive as numbers or
 * numeric strings, lists as arrays or as objects keyed by index (PHP's `json_encode`), timestamps
 * as unix seconds; they leave as safe integers, exact decimal strings, arrays and `Date`s.
 */

import { toDecimal } from "@cointap/core";
import { amount, convert, expected, record } from "@cointap/core/schema-parts";
import * as z from "zod/mini";

/** A number, or a string of decimal digits as its number (`Number` alone would read "0x10"). */
function digits(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/**
 * An amount: a number or a decimal string, never negative → its exact decimal string (see the
 * core's `amount`). One a double would round is read by the core as its text, so it stays exact.
 */
export const money = amount();

/** A count (hashes): a non-negative safe integer, as a number or a string of digits. */
export const count = convert((value) => {
  const parsed = digits(value);
  // `+ 0` turns a JSON `-0` into 0.
  return typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed >= 0
    ? parsed + 0
    : undefined;
}, expected("a whole count"));

/** A rate: a finite non-negative number, as a number or a numeric string. */
export const rate = convert((value) => {
  // Decimal text only: `Number` would also read "0x10", "0b1" and "0o7".
  const decimal = typeof value === "string" && toDecimal(value.trim()) !== undefined;
  const parsed = decimal ? Number(value) : value;
  return typeof parsed === "number" && Number.isFinite(parsed) && parsed >= 0
    ? parsed + 0
    : undefined;
}, expected("a rate"));

/** Text the API may send as a number (a hash rate shown as given); never "Infinity". */
export const text = convert((value) => {
  // "NaN" and "Infinity" are what a broken server prints for a number it lost.
  if (typeof value === "string")
    return /^\s*[+-]?(?:infinity|nan)\s*$/i.test(value) ? undefined : value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}, expected("a string or a number"));

/** Unix seconds (number or digits) → `Date`. */
export const unixTime = convert((value) => {
  const seconds = digits(value);
  if (!(typeof seconds === "number" && Number.isSafeInteger(seconds) && seconds >= 0)) return;
  const date = new Date(seconds * 1000);
  // Past year 275760 a `Date` is invalid: refused, never returned as `Invalid Date`.
  return Number.isNaN(date.getTime()) ? undefined : date;
}, expected("a unix time in seconds"));

/** Index keys, whole: `Object.entries` orders only keys below 2³² − 1 numerically. */
const INDEX = /^\d+$/;

/**
 * A list sent as an array, or as an object keyed by index, in index order; each item read at its
 * own path (`message.1.timestamp`).
 */
export function list<Item extends z.core.SomeType>(item: Item) {
  const items = convert(
    (value): unknown[] | undefined => {
      if (Array.isArray(value)) return value;
      if (typeof value !== "object" || value === null) return;
      const entries = Object.entries(value);
      if (!entries.every(([key]) => INDEX.test(key))) return;
      return entries.sort(([a], [b]) => compareIndexes(a, b)).map(([, entry]) => entry);
    },
    expected("a list, or an object keyed by index", false),
  );
  return z.pipe(items, z.array(item));
}

/** Orders index keys of any length numerically, without `Number` (exact past 2⁵³). */
function compareIndexes(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, "");
  const right = b.replace(/^0+(?=\d)/, "");
  return left.length - right.length || (left < right ? -1 : left > right ? 1 : 0);
}

const success = convert(
  (value) => (value === "success" ? value : undefined),
  expected('"success"'),
);

/** `{"status":"success","message":…}` → the message. Failures never get here (see rules.ts). */
export function envelope<Message extends z.core.SomeType>(message: Message) {
  // Typed by hand: TypeScript cannot see through the object type of a generic field.
  const body = record({ status: success, message }) as unknown as z.ZodMiniType<{
    status: "success";
    message: z.output<Message>;
  }>;
  return z.pipe(
    body,
    z.transform((wire) => wire.message),
  );
}

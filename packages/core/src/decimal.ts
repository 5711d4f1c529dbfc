/**
 * Exact decimals. Money never passes through floating-point arithmetic here: a value becomes a
 * canonical decimal string (`"0.00012345"`: no exponent, no `+`, no sign on zero, no leading or
 * trailing zeros) by moving digits, never by multiplying.
 */

import { type Issue, ValidationError } from "./errors.js";

/**
 * Significant digits a double always carries exactly (DBL_DIG). A number whose shortest form has
 * more (`0.1 + 0.2` → `0.30000000000000004`) is an artefact of binary floating point, not a
 * decimal anyone meant: as an input it is refused, and a string must be passed instead.
 */
export const EXACT_NUMBER_DIGITS = 15;

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
// A larger exponent is not a price or an amount; refusing it keeps string sizes bounded.
const MAX_EXPONENT = 1000;

/**
 * The canonical decimal string of a number or numeric string, or `undefined` when it is not one
 * (NaN, infinities, empty, hex, stray characters). Exponents are expanded.
 * @example toDecimal(1.5e-7) // "0.00000015"
 */
export function toDecimal(value: unknown): string | undefined {
  const parts = decimalParts(value);
  return parts && format(parts);
}

/** Where a decimal stands: its digits, the count of those after the point, and its sign. */
interface DecimalParts {
  negative: boolean;
  /** All digits, without leading zeros (empty for zero). */
  digits: string;
  /** How many of `digits` are after the point (may exceed its length, or be negative). */
  scale: number;
}

function decimalParts(value: unknown): DecimalParts | undefined {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === "string") {
    text = value;
  } else {
    return undefined;
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = "", exponentText = "0"] = match;
  if (whole === "" && fraction === "") return undefined;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  return { negative: sign === "-", digits, scale: fraction.length - exponent };
}

function format({ negative, digits, scale }: DecimalParts): string {
  // Trailing zeros after the point carry no value.
  let trimmed = digits;
  let places = scale;
  while (places > 0 && trimmed.endsWith("0")) {
    trimmed = trimmed.slice(0, -1);
    places--;
  }
  if (trimmed === "") return "0";
  let body: string;
  if (places <= 0) {
    body = trimmed + "0".repeat(-places);
  } else {
    const padded = trimmed.padStart(places + 1, "0");
    body = `${padded.slice(0, -places)}.${padded.slice(-places)}`;
  }
  return negative ? `-${body}` : body;
}

/** How many digits follow the point in a canonical decimal string. */
export function decimalPlaces(canonical: string): number {
  const point = canonical.indexOf(".");
  return point === -1 ? 0 : canonical.length - point - 1;
}

/** Rules for an amount given as input. */
export interface AmountRules {
  /** The most digits after the point the currency has (btc 8, eth 18). */
  maxDecimals: number;
  /** The field's name in error messages and `issues` paths. Default `"amount"`. */
  field?: string;
}

/**
 * Checks an amount the caller passed and returns its canonical decimal string; any problem is a
 * `ValidationError`. Accepts a decimal string, or a finite number whose shortest form has at most
 * {@link EXACT_NUMBER_DIGITS} significant digits. Zero, negatives and more decimals than
 * `maxDecimals` are refused.
 * @example toAmount(0.1, { maxDecimals: 8 }) // "0.1"
 */
export function toAmount(value: unknown, rules: AmountRules): string {
  const issue = amountIssue(value, rules);
  if (typeof issue === "string") return issue;
  throw new ValidationError([issue]);
}

function amountIssue(
  value: unknown,
  { maxDecimals, field = "amount" }: AmountRules,
): string | Issue {
  const path = [field];
  const parts = decimalParts(value);
  if (!parts) {
    return {
      path,
      message: `must be a decimal number (a string like "0.5" or a finite number), got ${describe(value)}`,
    };
  }
  if (typeof value === "number" && significantDigits(parts) > EXACT_NUMBER_DIGITS) {
    return { path, message: `${value} is not exact as a number; pass it as a decimal string` };
  }
  const canonical = format(parts);
  if (canonical === "0" || parts.negative)
    return { path, message: `must be greater than zero, got ${canonical}` };
  if (decimalPlaces(canonical) > maxDecimals) {
    return { path, message: `has more than ${maxDecimals} decimal places: ${canonical}` };
  }
  return canonical;
}

function significantDigits({ digits }: DecimalParts): number {
  return digits.replace(/0+$/, "").length;
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  return value === null ? "null" : typeof value;
}

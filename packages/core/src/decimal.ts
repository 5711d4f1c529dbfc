/**
 * Exact decimals. Money never passes through floating-point arithmetic here: a value becomes a
 * canonical decimal string (`"0.00012345"`: no exponent, no `+`, no sign on zero, no leading or
 * trailing zeros) by moving digits, never by multiplying.
 */

import { describeValue } from "./describe-value.js";
import { ValidationError } from "./errors.js";

/**
 * Significant digits a double always carries exactly (DBL_DIG). A number whose shortest form has
 * more (`0.1 + 0.2` → `0.30000000000000004`) is an artefact of binary floating point, not a
 * decimal anyone meant: as an input it is refused, and a string must be passed instead.
 */
export const EXACT_NUMBER_DIGITS = 15;

/**
 * The canonical decimal string of a number or numeric string, or `undefined` when it is not one
 * (NaN, infinities, empty, hex, stray characters). Exponents are expanded.
 * @example toDecimal(1.5e-7) // "0.00000015"
 */
export function toDecimal(value: unknown): string | undefined {
  // A sign (only a minus is kept), digits, a fraction, an exponent. `String` of a non-finite
  // number ("NaN", "Infinity") does not match.
  const match =
    (typeof value === "number" || typeof value === "string") &&
    /^(?:\+|(-))?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!match) return undefined;
  const [, minus = "", whole = "", fraction = "", exponent = "0"] = match;
  const shift = Number(exponent);
  // An exponent beyond ±1000 is not a price or an amount; refusing it keeps string sizes bounded.
  if (!(whole || fraction) || Math.abs(shift) > 1000) return undefined;
  // All digits, and how many of them are after the point (may exceed their count, or be negative).
  let digits = (whole + fraction).replace(/^0+/, "");
  let scale = fraction.length - shift;
  // Trailing zeros after the point carry no value.
  while (scale > 0 && digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (!digits) return "0";
  if (scale <= 0) return minus + digits + "0".repeat(-scale);
  const padded = digits.padStart(scale + 1, "0");
  return `${minus}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** How many digits follow the point in a canonical decimal string. */
export function decimalPlaces(canonical: string): number {
  return canonical.split(".")[1]?.length ?? 0;
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
export function toAmount(value: unknown, { maxDecimals, field = "amount" }: AmountRules): string {
  const canonical = toDecimal(value);
  const refuse = (message: string) => new ValidationError([{ path: [field], message }]);
  if (canonical === undefined) {
    throw refuse(
      `must be a decimal number (a string like "0.5" or a finite number), got ${describeValue(value)}`,
    );
  }
  // Significant digits: the canonical digits without sign, point, leading or trailing zeros.
  if (
    typeof value === "number" &&
    canonical.replace(/^-?[0.]*|\.|0+$/g, "").length > EXACT_NUMBER_DIGITS
  ) {
    throw refuse(`${value} is not exact as a number; pass it as a decimal string`);
  }
  if (canonical === "0" || canonical.startsWith("-")) {
    throw refuse(`must be greater than zero, got ${canonical}`);
  }
  if (decimalPlaces(canonical) > maxDecimals) {
    throw refuse(`has more than ${maxDecimals} decimal places: ${canonical}`);
  }
  return canonical;
}

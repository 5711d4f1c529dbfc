/**
 * JSON without silent rounding. `JSON.parse` reads every number as a double, so a balance sent as
 * `0.1000000000000000055511151231257827` would arrive as `0.1` and `12345678901234567890` as
 * `12345678901234567000`. Here a number a double would change is read as its decimal text instead
 * (`"0.1000000000000000055511151231257827"`): the clients' schemas accept amounts as text, so the
 * amount stays exact, and a count too large to be exact is refused as what it is. A number too
 * large for a double at all (`1e400`) stays a number — `Infinity` — which every schema refuses.
 */

import { toDecimal } from "./decimal.js";

/**
 * Whether the text may hold a number a double changes: 16 or more digits in a row (a point may sit
 * among them), or an exponent. Up to 15 significant digits always survive a double (DBL_DIG).
 */
const MAY_ROUND = /[\d.]{16}|\d[eE][+-]?\d/;

/** Parses JSON text; a number that a double would round is kept as its decimal text. */
export function parseExactJson(text: string): unknown {
  // Parsed first as it is: a syntax error is the text's own, and most bodies end here.
  const value: unknown = JSON.parse(text);
  if (!MAY_ROUND.test(text)) return value;
  const exact = quoteRoundedNumbers(text);
  return exact === text ? value : JSON.parse(exact);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The text with each number a double would round put in quotes. One pass over a valid JSON text,
 * character by character (a regular expression's backtracking stack overflows on a string of a
 * few million characters): strings are skipped whole, escapes included; a number is whatever run
 * of number characters starts with a digit or a minus outside a string.
 */
function quoteRoundedNumbers(text: string): string {
  let out = "";
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index++;
      while (index < text.length && text.charCodeAt(index) !== QUOTE)
        index += text.charCodeAt(index) === BACKSLASH ? 2 : 1;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      const start = index;
      while (index + 1 < text.length && isNumberPart(text.charCodeAt(index + 1))) index++;
      const token = text.slice(start, index + 1);
      if (roundsAsDouble(token)) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = index + 1;
      }
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Digits, the point, the exponent's letter and signs: what a JSON number is made of. */
function isNumberPart(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e ||
    code === 0x65 ||
    code === 0x45 ||
    code === 0x2b ||
    code === 0x2d
  );
}

/** A finite double whose value differs from the number the text wrote. */
function roundsAsDouble(token: string): boolean {
  const double = Number(token);
  return Number.isFinite(double) && toDecimal(double) !== toDecimal(token);
}

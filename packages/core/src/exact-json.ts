/**
 * JSON without silent rounding. `JSON.parse` reads every number as a double, so a balance sent as
 * `0.1000000000000000055511151231257827` would arrive as `0.1` and `12345678901234567890` as
 * `12345678901234567000`. Here a number a double would change is read as its decimal text instead
 * (`"0.1000000000000000055511151231257827"`): the clients' schemas accept amounts as text, so the
 * amount stays exact, and a count too large to be exact is refused as what it is. A number too
 * large for a double at all (`1e400`) stays a number — `Infinity` — which every schema refuses.
 */

import { toDecimal } from "./decimal.js";

/** A string, or a number, of a valid JSON text (strings first, so digits inside them are skipped). */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

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
  let rounded = false;
  const exact = text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || !roundsAsDouble(token)) return token;
    rounded = true;
    return `"${token}"`;
  });
  return rounded ? JSON.parse(exact) : value;
}

/** A finite double whose value differs from the number the text wrote. */
function roundsAsDouble(token: string): boolean {
  const double = Number(token);
  return Number.isFinite(double) && toDecimal(double) !== toDecimal(token);
}

/**
 * Exact decimals and the lenient ways an API writes them, for the clients' property tests: each
 * form must read back as the canonical string.
 */

import fc from "fast-check";

/**
 * A canonical decimal string (no exponent, no leading or trailing zeros) of at most `maxWhole` in
 * its whole part and `maxDecimals` decimals; `positive` leaves out zero.
 */
export function canonicalDecimal({
  maxWhole,
  maxDecimals,
  positive = false,
}: {
  maxWhole: bigint;
  maxDecimals: number;
  positive?: boolean;
}): fc.Arbitrary<string> {
  const decimals = fc
    .tuple(
      fc.bigInt({ min: 0n, max: maxWhole }),
      fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: maxDecimals }),
    )
    .map(([whole, fraction]) => {
      const trimmed = fraction.replace(/0+$/, "");
      return trimmed === "" ? String(whole) : `${whole}.${trimmed}`;
    });
  return positive ? decimals.filter((decimal) => decimal !== "0") : decimals;
}

/** The ways an API may write `canonical`: a string, padded, with an exponent, or a number. */
export function wireForms(canonical: string): (string | number)[] {
  const [whole = "", fraction = ""] = canonical.split(".");
  const digits = `${whole}${fraction}`;
  const forms: (string | number)[] = [
    canonical,
    fraction ? `${canonical}000` : `${canonical}.000`,
    `00${canonical}`,
    `${digits}e-${fraction.length}`,
    ` ${canonical} `,
  ];
  // As a JSON number only when a double holds it exactly (≤ 15 significant digits).
  if (digits.replace(/^0+/, "").replace(/0+$/, "").length <= 15) forms.push(Number(canonical));
  return forms;
}

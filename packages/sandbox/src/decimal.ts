/**
 * Amounts in the sandbox are whole numbers of atomic units (BigInt), shown as decimal strings.
 * Written for the sandbox alone: it must not share arithmetic with the clients it checks.
 */

/** `units` atomic units with `scale` decimals, as a plain decimal string (`"0.00012"`). */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A decimal string as atomic units, or `undefined` when it is not a plain positive-or-zero decimal that fits. */
export function parseUnits(text: string, scale: number): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > scale) return undefined;
  return BigInt(whole + fraction.padEnd(scale, "0"));
}

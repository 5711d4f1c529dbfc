/**
 * Whether the input is a bare address at all. A mix pays out to exactly the string it is given, so
 * anything that would need interpreting first (trimming, URI parsing) is refused with a reason
 * rather than repaired: a guess that is wrong once loses the coins for good.
 */

/** Payment-URI schemes (BIP-21, EIP-681). `bitcoincash:` is absent: it is also the CashAddr prefix. */
const URI_SCHEMES = ["bitcoin:", "ethereum:", "bitcoin-cash:"];

/**
 * Longer than any address we accept (the longest, a 64-byte CashAddr with the `bitcoincash:`
 * prefix, is 124 characters); the cap keeps hostile megabyte strings away from the checksum code.
 */
const MAX_LENGTH = 200;

export type Bare = { ok: true; address: string } | { ok: false; reason: string };

/** The string itself when `value` may be a bare address, otherwise why it cannot be one. */
export function asBareAddress(value: unknown): Bare {
  if (typeof value !== "string") {
    return { ok: false, reason: `an address must be a string, got ${describeType(value)}` };
  }
  const reason = notBareReason(value);
  return reason === undefined ? { ok: true, address: value } : { ok: false, reason };
}

/** A value's kind for a message, without calling anything on it (it may be hostile). */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

function notBareReason(value: string): string | undefined {
  if (value.length === 0) return "the address is empty";
  if (value.length > MAX_LENGTH) {
    return `${value.length} characters is too long for an address (at most ${MAX_LENGTH})`;
  }
  if (value.trim() !== value) {
    return "the address has surrounding whitespace: pass the bare address, nothing around it";
  }
  if (/\s/.test(value)) return "the address contains whitespace";
  const lower = value.toLowerCase();
  const scheme = URI_SCHEMES.find((s) => lower.startsWith(s));
  if (scheme !== undefined) {
    return `"${scheme}…" is a payment URI, not an address: pass the bare address`;
  }
  if (/[?&=#/]/.test(value)) {
    return "the address looks like a URI or has a query string: pass the bare address";
  }
  // Every address alphabet is printable ASCII. Rejecting the rest up front also keeps Unicode
  // case folding (e.g. the Kelvin sign lower-casing to "k") from smuggling look-alikes through.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return "the address contains a character that no address uses (non-ASCII or control)";
  }
  return undefined;
}

/**
 * Bech32 and bech32m strings (BIP-173 "Bech32", BIP-350 "Bech32m"), decoding only and without any
 * SegWit meaning: the human-readable part, the 5-bit data words and which checksum they carry.
 * CashAddr (cashaddr.md) shares the alphabet, the checksum's algorithm and the 5-bit → 8-bit
 * regrouping, so they live here for both. Purpose-built for the bundle-size budget; the tests
 * compare it with @scure/base.
 */

/** The 32 data characters; a character's index is its 5-bit value. CashAddr uses the same. */
export const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** Data characters → 5-bit words, or the first character outside {@link CHARSET}. */
export function charsToWords(text: string): number[] | string {
  const words: number[] = [];
  for (const ch of text) {
    const word = CHARSET.indexOf(ch);
    if (word < 0) return ch;
    words.push(word);
  }
  return words;
}

export type Bech32Variant = "bech32" | "bech32m";

export interface Bech32Decoded {
  /** The human-readable part, lower case. */
  hrp: string;
  /** The data words (0-31), the 6 checksum words removed. */
  words: number[];
  variant: Bech32Variant;
}

/** The residue a valid checksum leaves: 1 for bech32 (BIP-173), 0x2bc830a3 for bech32m (BIP-350). */
const CONSTANTS: Record<Bech32Variant, bigint> = { bech32: 1n, bech32m: 0x2bc830a3n };

/** Generators of the BCH code behind the checksum (BIP-173 `bech32_polymod`). */
const GENERATORS = [0x3b6a57b2n, 0x26508e6dn, 0x1ea119fan, 0x3d4233ddn, 0x2a1462b3n];

/**
 * The checksum state of a BCH code over 5-bit words, as BIP-173 (`bech32_polymod`, 30 bits) and
 * cashaddr.md (`PolyMod`, 40 bits) both define it: each word is shifted in, and the 5 bits shifted
 * out are folded back in through the generators. BigInt because CashAddr's state is wider than
 * JS's 32-bit bit operators.
 */
export function polymod(
  values: readonly number[],
  generators: readonly bigint[],
  bits: bigint,
): bigint {
  let state = 1n;
  for (const value of values) {
    const top = state >> (bits - 5n);
    state = ((state << 5n) & ((1n << bits) - 1n)) ^ BigInt(value);
    generators.forEach((generator, i) => {
      if ((top >> BigInt(i)) & 1n) state ^= generator;
    });
  }
  return state;
}

/**
 * Decodes a bech32 or bech32m string: at most `limit` characters (BIP-173's 90 for SegWit
 * addresses, `false` for none); printable ASCII; all lower or all upper case; a non-empty HRP
 * before the last "1"; at least 6 data characters (the checksum), all from {@link CHARSET}; and a
 * checksum over the lower-cased HRP and the data that is one of the two variants (BIP-350: at most
 * one can match). `undefined` when any of these fails.
 */
export function decodeBech32(text: string, limit: number | false = 90): Bech32Decoded | undefined {
  if (limit !== false && text.length > limit) return undefined;
  // HRP characters are US-ASCII 33-126; data characters are a subset of those.
  if (!/^[\x21-\x7e]+$/.test(text)) return undefined;
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) return undefined;
  const separator = lower.lastIndexOf("1");
  if (separator < 1 || lower.length - separator - 1 < 6) return undefined;
  const hrp = lower.slice(0, separator);
  const data = charsToWords(lower.slice(separator + 1));
  if (typeof data === "string") return undefined;
  // The HRP enters the checksum "expanded": high bits of each character, a 0, then low bits.
  const codes = [...hrp].map((ch) => ch.charCodeAt(0));
  const residue = polymod(
    [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31), ...data],
    GENERATORS,
    30n,
  );
  const variant = (Object.keys(CONSTANTS) as Bech32Variant[]).find((v) => CONSTANTS[v] === residue);
  return variant && { hrp, words: data.slice(0, -6), variant };
}

/**
 * Regroups 5-bit words into bytes, strictly: the leftover bits at the end are padding, and must be
 * fewer than 5 and all zero (BIP-173 `convertbits` without padding), so each byte string has
 * exactly one encoding. `undefined` otherwise. Words must be 0-31.
 */
export function fromWords(words: readonly number[]): Uint8Array | undefined {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const word of words) {
    // At most 7 pending bits plus 5 new ones: 12 bits are all that matter.
    buffer = ((buffer << 5) | word) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  if (bits >= 5 || buffer & ((1 << bits) - 1)) return undefined;
  return Uint8Array.from(bytes);
}

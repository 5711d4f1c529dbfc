/**
 * Bech32 and bech32m strings (BIP-173, BIP-350) through @scure/base: decoding only, without any
 * SegWit meaning — the human-readable part, the 5-bit data words and which checksum they carry.
 * CashAddr (cashaddr.ts) shares the alphabet and the 5-bit → 8-bit regrouping.
 */
import { bech32, bech32m } from "@scure/base";

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

const VARIANTS = [
  ["bech32", bech32],
  ["bech32m", bech32m],
] as const;
const REVERSED = [VARIANTS[1], VARIANTS[0]] as const;

export interface Bech32Decoded {
  /** The human-readable part, lower case. */
  hrp: string;
  /** The data words (0-31), the 6 checksum words removed. */
  words: number[];
  variant: Bech32Variant;
}

/**
 * Decodes a bech32 or bech32m string of at most `limit` characters (BIP-173's 90 for SegWit
 * addresses, `false` for none): printable ASCII, one case, a non-empty HRP before the last "1", at
 * least 6 data characters, and a checksum of one of the two variants (BIP-350: at most one can
 * match). `undefined` when any of these fails.
 */
export function decodeBech32(text: string, limit: number | false = 90): Bech32Decoded | undefined {
  // The likely variant first: a failed decode costs scure a thrown and caught error (most of a
  // taproot check's time when bech32 was always tried first). A SegWit address's first data
  // character is its witness version: "q" (v0) is bech32, any other bech32m (BIP-350).
  const version = text.charAt(text.lastIndexOf("1") + 1).toLowerCase();
  const order = version === "q" ? VARIANTS : REVERSED;
  for (const [variant, codec] of order) {
    const decoded = codec.decodeUnsafe(text, limit);
    if (decoded) return { hrp: decoded.prefix, words: Array.from(decoded.words), variant };
  }
  return undefined;
}

/**
 * Regroups 5-bit words into bytes, strictly: the leftover bits are padding and must be fewer than
 * 5 and all zero (BIP-173 `convertbits` without padding), so each byte string has one encoding.
 * `undefined` otherwise.
 */
export function fromWords(words: readonly number[]): Uint8Array | undefined {
  return bech32.fromWordsUnsafe(words as number[]) ?? undefined;
}

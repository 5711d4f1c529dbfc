/**
 * Base58 and base58check (Bitcoin's encoding of legacy addresses: Bitcoin Core `base58.cpp`,
 * the Bitcoin wiki "Base58Check encoding"), decoding only. Purpose-built for the bundle-size
 * budget; the tests compare it with @scure/base.
 */
import { sha256 } from "./sha256.js";

/** Digits 0-57: the alphanumerics without 0, O, I and l, which are easy to misread. */
export const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bytes of double-SHA-256 appended as the checksum. */
const CHECKSUM_BYTES = 4;

/**
 * Decodes base58: the string is a big-endian number in base 58, and each leading "1" (digit 0)
 * stands for one leading zero byte, which the number alone would lose. `undefined` when a
 * character is outside {@link BASE58_ALPHABET}. Quadratic in the length: fine for addresses.
 */
export function decodeBase58(text: string): Uint8Array | undefined {
  // The number, least significant byte first, multiplied by 58 and added to digit by digit.
  const number: number[] = [];
  for (const ch of text) {
    let carry = BASE58_ALPHABET.indexOf(ch);
    if (carry < 0) return undefined;
    for (let i = 0; i < number.length; i++) {
      carry += (number[i] ?? 0) * 58;
      number[i] = carry & 0xff;
      carry >>= 8;
    }
    for (; carry > 0; carry >>= 8) number.push(carry & 0xff);
  }
  const zeros = text.length - text.replace(/^1+/, "").length;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...number.reverse()]);
}

/**
 * Decodes base58check: base58 whose last 4 bytes are the first 4 of SHA-256(SHA-256(payload)).
 * The payload (version byte included) when the checksum matches, `undefined` otherwise.
 */
export function decodeBase58check(text: string): Uint8Array | undefined {
  const data = decodeBase58(text);
  if (data === undefined || data.length < CHECKSUM_BYTES) return undefined;
  const payload = data.subarray(0, -CHECKSUM_BYTES);
  const expected = sha256(sha256(payload));
  const matches = data.subarray(-CHECKSUM_BYTES).every((byte, i) => byte === expected[i]);
  return matches ? payload : undefined;
}

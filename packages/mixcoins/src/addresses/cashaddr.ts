/**
 * CashAddr (Bitcoin Cash address format, cashaddr.md; types 2 and 3 from CHIP-2022-02-CashTokens).
 * The alphabet and the 5-bit → 8-bit regrouping are bech32's; its 40-bit checksum is written here,
 * as no kept library checks CashAddr with its prefix rules and token types.
 */
import { charsToWords, fromWords } from "./bech32.js";

/**
 * Generator constants of the checksum's BCH code (cashaddr.md "Checksum"), each 40 bits split into
 * its top 8 and low 32: the state fits two 32-bit integers, where BigInt allocates on every step.
 */
const GENERATORS_HIGH = [0x98, 0x79, 0xf3, 0xae, 0x1e];
const GENERATORS_LOW = [0xf2bc8e61, 0xb76d99e2, 0x3e5fb3c4, 0x2eabe2a8, 0x4f43e470];

/**
 * Whether cashaddr.md's `PolyMod` of `values` is 1 (its final xor with 1 undone): a BCH code over
 * 5-bit words with a 40-bit state — each word shifted in, the 5 bits shifted out folded back in
 * through the generators.
 */
function polymodIsOne(values: readonly number[]): boolean {
  let high = 0;
  let low = 1;
  for (const value of values) {
    const top = high >>> 3;
    high = ((high & 0x07) << 5) | (low >>> 27);
    low = ((low << 5) ^ value) >>> 0;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) {
        high ^= GENERATORS_HIGH[i] ?? 0;
        low = (low ^ (GENERATORS_LOW[i] ?? 0)) >>> 0;
      }
    }
  }
  return high === 0 && low === 1;
}

/** Checksum length in 5-bit words (40 bits). */
const CHECKSUM_WORDS = 8;

/** Hash sizes by the version byte's three size bits. */
const HASH_SIZES = [20, 24, 28, 32, 40, 48, 56, 64];

/**
 * Whether `words` (payload plus checksum) carry a valid checksum under `prefix`. The prefix is
 * checksummed (its low 5 bits per character, then a 0 separator), which is what makes a mainnet
 * address fail under the testnet prefix even when the prefix is not written.
 */
export function verifyChecksum(prefix: string, words: readonly number[]): boolean {
  const prefixWords = [...prefix].map((ch) => ch.charCodeAt(0) & 0x1f);
  // cashaddr.md xors the final state with 1, so a valid checksum leaves 1.
  return polymodIsOne([...prefixWords, 0, ...words]);
}

export interface CashAddr {
  /** The prefix the checksum matched, lower case. */
  prefix: string;
  /** Type bits 0-15: 0 P2PKH, 1 P2SH, 2 token-aware P2PKH, 3 token-aware P2SH. */
  typeBits: number;
  hash: Uint8Array;
}

export type CashAddrDecoding = { ok: true; value: CashAddr } | { ok: false; reason: string };

const failure = (reason: string): CashAddrDecoding => ({ ok: false, reason });

/** The version byte and hash inside checksum-verified data words. */
function parsePayload(dataWords: number[]): { typeBits: number; hash: Uint8Array } | string {
  const bytes = fromWords(dataWords);
  if (!bytes || bytes.length === 0)
    return "the payload is not a whole number of bytes (bad padding)";
  const version = bytes[0] ?? 0;
  if (version & 0x80) return "the version byte has its reserved high bit set";
  const declared = HASH_SIZES[version & 0x07] ?? 0;
  const hash = bytes.subarray(1);
  if (hash.length !== declared) {
    return `the version byte announces a ${declared}-byte hash but the payload holds ${hash.length}`;
  }
  return { typeBits: (version >> 3) & 0x0f, hash };
}

/** Decodes the part after the prefix, assuming `prefix`. */
function decodeWith(prefix: string, payload: string): CashAddrDecoding {
  if (payload.length === 0) return failure("the address has a prefix but no payload");
  const words = charsToWords(payload);
  if (typeof words === "string") {
    return failure(`"${words}" is not a CashAddr character (1, b, i and o are excluded)`);
  }
  if (words.length <= CHECKSUM_WORDS) return failure("the address is too short to hold a payload");
  if (!verifyChecksum(prefix, words)) {
    return failure(
      "the CashAddr checksum does not match: the address is mistyped, truncated or for another network",
    );
  }
  const parsed = parsePayload(words.slice(0, -CHECKSUM_WORDS));
  if (typeof parsed === "string") return failure(parsed);
  return { ok: true, value: { prefix, ...parsed } };
}

/**
 * Decodes a CashAddr, with or without its prefix. Without one, each of `defaultPrefixes` is tried
 * (the checksum still covers the prefix, so at most one can match). All upper or all lower case.
 */
export function decodeCashAddr(
  address: string,
  defaultPrefixes: readonly string[],
): CashAddrDecoding {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return failure(
      "the address mixes upper and lower case, which CashAddr forbids (a sign of a mistyped address)",
    );
  }
  const parts = address.toLowerCase().split(":");
  if (parts.length > 2) return failure("the address has more than one prefix");
  if (parts.length === 2) return decodeWith(parts[0] ?? "", parts[1] ?? "");
  const attempts = defaultPrefixes.map((prefix) => decodeWith(prefix, parts[0] ?? ""));
  return attempts.find((attempt) => attempt.ok) ?? attempts[0] ?? failure("no prefix to try");
}

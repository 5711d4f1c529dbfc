/**
 * A CashAddr encoder for tests (cashaddr.md), written apart from the client's decoder so the two
 * check each other: `prefix:payload` for a type and a hash of a standard size.
 */
import { bech32 } from "@scure/base";

const GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
const SIZE_BITS: Record<number, number> = {
  20: 0,
  24: 1,
  28: 2,
  32: 3,
  40: 4,
  48: 5,
  56: 6,
  64: 7,
};
const ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

function polymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= GENERATORS[i] ?? 0n;
  }
  return c ^ 1n;
}

export function encodeCashAddr(prefix: string, type: number, hash: Uint8Array): string {
  const size = SIZE_BITS[hash.length];
  if (size === undefined) throw new RangeError(`no CashAddr size for ${hash.length} bytes`);
  const payload = bech32.toWords(Uint8Array.of((type << 3) | size, ...hash));
  const prefixWords = [...prefix].map((ch) => ch.charCodeAt(0) & 0x1f);
  const checksum = polymod([...prefixWords, 0, ...payload, 0, 0, 0, 0, 0, 0, 0, 0]);
  const checkWords = Array.from({ length: 8 }, (_, i) =>
    Number((checksum >> BigInt(5 * (7 - i))) & 31n),
  );
  return `${prefix}:${[...payload, ...checkWords].map((w) => ALPHABET[w]).join("")}`;
}

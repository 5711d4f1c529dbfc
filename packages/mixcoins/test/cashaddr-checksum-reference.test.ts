/** The CashAddr checksum on two 32-bit halves against the BigInt reference of cashaddr.md. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyChecksum } from "../src/addresses/cashaddr.js";

const G = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
function polymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= G[i] as bigint;
  }
  return c ^ 1n;
}
const prefixWords = (prefix: string) => [...prefix].map((ch) => ch.charCodeAt(0) & 0x1f);
const reference = (prefix: string, words: number[]) =>
  polymod([...prefixWords(prefix), 0, ...words]) === 0n;
/** The 8 checksum words that make `payload` valid under `prefix`. */
function checksum(prefix: string, payload: number[]): number[] {
  const mod = polymod([...prefixWords(prefix), 0, ...payload, 0, 0, 0, 0, 0, 0, 0, 0]);
  return Array.from({ length: 8 }, (_, i) => Number((mod >> BigInt(5 * (7 - i))) & 31n));
}

const word = fc.integer({ min: 0, max: 31 });
const prefix = fc.oneof(
  fc.constantFrom("bitcoincash", "bchtest", "bchreg", "prefix", ""),
  fc.string({ maxLength: 12 }),
);

describe("verifyChecksum vs BigInt polymod", () => {
  it("random words (mostly invalid)", () => {
    fc.assert(
      fc.property(prefix, fc.array(word, { maxLength: 120 }), (p, words) => {
        expect(verifyChecksum(p, words)).toBe(reference(p, words));
      }),
      { numRuns: 20000 },
    );
  });

  it("valid checksums, and every single-word change of them", () => {
    fc.assert(
      fc.property(
        prefix,
        fc.array(word, { maxLength: 110 }),
        fc.nat(),
        word,
        (p, payload, at, w) => {
          const words = [...payload, ...checksum(p, payload)];
          expect(reference(p, words)).toBe(true);
          expect(verifyChecksum(p, words)).toBe(true);
          const i = at % words.length;
          const changed = words.slice();
          changed[i] = w;
          expect(verifyChecksum(p, changed)).toBe(reference(p, changed));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it("states with every top bit pattern (long runs of 31s and 0s)", () => {
    for (let n = 0; n < 200; n++)
      for (const fill of [0, 31, 16, 1, 21, 10]) {
        const words = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? fill : 31 - fill));
        expect(verifyChecksum("bitcoincash", words)).toBe(reference("bitcoincash", words));
        const valid = [...words, ...checksum("bitcoincash", words)];
        expect(verifyChecksum("bitcoincash", valid)).toBe(true);
      }
  });
});

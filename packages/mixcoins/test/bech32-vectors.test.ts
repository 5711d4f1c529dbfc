/**
 * The bech32 adapter over @scure/base (src/addresses/bech32.ts) tells the two checksums apart as
 * BIP-173 and BIP-350 define them: each BIP's valid strings decode to their own variant, and each
 * one's invalid strings (an empty HRP, a 5-character checksum, a space in the HRP, the other
 * variant's checksum…) decode to nothing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Bech32Variant, decodeBech32, fromWords } from "../src/addresses/bech32.js";

type Encoding = Record<Bech32Variant, Record<"valid" | "invalid", { string: string }[]>>;
const vectors: { btc: { encoding: Encoding } } = JSON.parse(
  readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
);
const cases = (["bech32", "bech32m"] as const).flatMap((variant) => {
  const { valid, invalid } = vectors.btc.encoding[variant];
  return [
    ...valid.map((v) => ({ text: v.string, expected: variant as Bech32Variant | undefined })),
    ...invalid.map((v) => ({ text: v.string, expected: undefined })),
  ];
});
const validAs = (text: string) =>
  cases.find((v) => v.text === text && v.expected !== undefined)?.expected;

describe("bech32 / bech32m variants (BIP-173, BIP-350)", () => {
  it("has the BIP vectors", () => expect(cases.length).toBeGreaterThanOrEqual(50));

  it.each(cases)("$text", ({ text }) => {
    expect(decodeBech32(text)?.variant).toBe(validAs(text));
  });

  it("regroups words strictly: non-zero or excess padding is refused", () => {
    expect(fromWords([0, 0, 0])).toBeUndefined();
    expect(fromWords([31, 31])).toBeUndefined();
    expect(fromWords([31, 28])).toEqual(Uint8Array.from([0xff]));
  });
});

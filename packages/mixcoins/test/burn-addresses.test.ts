/**
 * One burn rule for every currency (see src/addresses/burn.ts): an address whose hash, witness
 * program or key is all zeros is refused, whatever its kind, spelling or network; the same kind
 * with a single non-zero byte is an ordinary address and accepted.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32, bech32m, createBase58check } from "@scure/base";
import { describe, expect, it } from "vitest";
import { checkAddress, type MixCurrency, type Network } from "../src/index.js";
import { encodeCashAddr } from "./helpers/cashaddr-encode.js";

const base58check = createBase58check(sha256);

function legacy(version: number, hash: Uint8Array): string {
  return base58check.encode(Uint8Array.of(version, ...hash));
}

function segwit(hrp: string, version: number, program: Uint8Array): string {
  const words = [version, ...bech32.toWords(program)];
  return (version === 0 ? bech32 : bech32m).encode(hrp, words);
}

const zeros = (n: number) => new Uint8Array(n);
const almostZeros = (n: number) => {
  const bytes = new Uint8Array(n);
  bytes[n - 1] = 1;
  return bytes;
};

type Case = [
  label: string,
  currency: MixCurrency,
  network: Network,
  make: (hash: (n: number) => Uint8Array) => string,
];

const CASES: Case[] = [
  ["btc P2PKH", "btc", "mainnet", (h) => legacy(0x00, h(20))],
  ["btc P2SH", "btc", "mainnet", (h) => legacy(0x05, h(20))],
  ["btc testnet P2PKH", "btc", "testnet", (h) => legacy(0x6f, h(20))],
  ["btc P2WPKH", "btc", "mainnet", (h) => segwit("bc", 0, h(20))],
  ["btc P2WSH", "btc", "mainnet", (h) => segwit("bc", 0, h(32))],
  ["btc testnet P2WPKH", "btc", "testnet", (h) => segwit("tb", 0, h(20))],
  ["bch legacy P2PKH", "bch", "mainnet", (h) => legacy(0x00, h(20))],
  ["bch cashaddr P2PKH", "bch", "mainnet", (h) => encodeCashAddr("bitcoincash", 0, h(20))],
  ["bch cashaddr P2SH32", "bch", "mainnet", (h) => encodeCashAddr("bitcoincash", 1, h(32))],
  ["bch token-aware P2PKH", "bch", "mainnet", (h) => encodeCashAddr("bitcoincash", 2, h(20))],
  [
    "bch cashaddr without prefix",
    "bch",
    "mainnet",
    (h) => encodeCashAddr("bitcoincash", 0, h(20)).split(":")[1] ?? "",
  ],
  ["bch testnet cashaddr", "bch", "testnet", (h) => encodeCashAddr("bchtest", 0, h(20))],
  ["eth", "eth", "mainnet", (h) => `0x${Buffer.from(h(20)).toString("hex")}`],
];

describe("the burn rule: all-zero hashes, programs and keys are refused in every currency", () => {
  it("the test encoder writes the CashAddr spec's own example", () => {
    const hash = Uint8Array.from(Buffer.from("76a04053bda0a88bda5177b86a15c3b29f559873", "hex"));
    expect(encodeCashAddr("bitcoincash", 0, hash)).toBe(
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    );
  });

  it("the well-known Bitcoin burn address 1111111111111111111114oLvT2 is one of them", () => {
    expect(legacy(0x00, zeros(20))).toBe("1111111111111111111114oLvT2");
    expect(checkAddress("btc", "1111111111111111111114oLvT2")).toEqual({
      valid: false,
      reason: expect.stringMatching(/burn address/),
    });
  });

  for (const [label, currency, network, make] of CASES) {
    it(`${label}: all zeros refused as a burn address, one non-zero byte accepted`, () => {
      const burn = make(zeros);
      expect(checkAddress(currency, burn, { network })).toEqual({
        valid: false,
        reason: expect.stringMatching(/is all zeros: this is a burn address/),
      });
      expect(checkAddress(currency, make(almostZeros), { network }).valid).toBe(true);
    });
  }

  it("upper case does not hide a burn address (bech32, cashaddr)", () => {
    for (const [currency, address] of [
      ["btc", segwit("bc", 0, zeros(20)).toUpperCase()],
      ["bch", encodeCashAddr("bitcoincash", 0, zeros(20)).toUpperCase()],
    ] as const) {
      expect(checkAddress(currency, address)).toMatchObject({
        valid: false,
        reason: expect.stringMatching(/burn address/),
      });
    }
  });

  it("a zero taproot key is refused too (it is not on the curve either)", () => {
    expect(checkAddress("btc", segwit("bc", 1, zeros(32))).valid).toBe(false);
  });
});

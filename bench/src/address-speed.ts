/**
 * `isValidAddress` per address, one kind of address at a time: the checks hash (SHA-256,
 * Keccak-256), decode (base58check, bech32, CashAddr) and, for taproot, test the output key against
 * the curve. Medians of rounds in one process, after a warm-up; target ≤ 20 µs for every kind.
 */

import { isValidAddress } from "@cointap/mixcoins";
import type { Section } from "./check.js";
import { fixed, mark, table } from "./markdown.js";
import { median } from "./stats.js";

/** A valid payout address of each kind (the spec's or the vector file's examples). */
const KINDS = [
  ["btc P2PKH (base58check)", "btc", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"],
  ["btc P2WPKH (bech32)", "btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
  [
    "btc P2TR (bech32m + curve)",
    "btc",
    "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
  ],
  ["bch CashAddr", "bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"],
  ["bch legacy (base58check)", "bch", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"],
  ["eth mixed case (EIP-55)", "eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
  ["eth lower case", "eth", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"],
] as const;

const TARGET_US = 20;
const ROUNDS = 9;
const CALLS = 2000;

export interface AddressSpeed {
  kind: string;
  medianMicros: number;
}

export function measureAddressSpeed(): AddressSpeed[] {
  return KINDS.map(([kind, currency, address]) => {
    if (!isValidAddress(currency, address)) throw new Error(`${kind}: ${address} is not valid`);
    for (let i = 0; i < CALLS; i++) isValidAddress(currency, address);
    const rounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) isValidAddress(currency, address);
      rounds.push(((performance.now() - started) * 1000) / CALLS);
    }
    return { kind, medianMicros: median(rounds) };
  });
}

export function addressSpeedReport(result: AddressSpeed[]): Section {
  const pass = (speed: AddressSpeed) => speed.medianMicros <= TARGET_US;
  return {
    title: "Address checks",
    checks: result.map((speed) => ({
      figure: `isValidAddress: ${speed.kind}`,
      value: `${fixed(speed.medianMicros)} µs`,
      target: `≤ ${TARGET_US} µs`,
      pass: pass(speed),
    })),
    body: [
      `\`isValidAddress(currency, address)\` on one valid address of each kind, ${CALLS} calls per round after ${CALLS} warm-up calls, ${ROUNDS} rounds in one process; the median round. Hashes from @noble/hashes, encodings from @scure/base; the CashAddr checksum and the taproot curve test (a Jacobi symbol) are the package's own.`,
      "",
      table(
        ["address", "median µs", "target", ""],
        result.map((speed) => [
          speed.kind,
          fixed(speed.medianMicros),
          `≤ ${TARGET_US}`,
          mark(pass(speed)),
        ]),
      ),
    ].join("\n"),
  };
}

/** Payout addresses the client accepts, per currency and network: the tests' known-good inputs. */

import { sha256 } from "@noble/hashes/sha2.js";
import { bech32, createBase58check } from "@scure/base";
import type { MixCurrency, Network } from "../../src/index.js";

export const PAYOUT: Record<MixCurrency, Record<Network, string>> = {
  btc: {
    mainnet: "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
    testnet: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
  },
  bch: {
    mainnet: "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
    testnet: "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t",
  },
  eth: {
    mainnet: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    testnet: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
  },
};

/**
 * Payout addresses that are in no vector list (a hash of twenty 0x11 bytes), so no deposit address
 * a test draws from the vectors can be the same destination (the client refuses that reply).
 */
const HASH = new Uint8Array(20).fill(0x11);
const legacy = (version: number) =>
  createBase58check(sha256).encode(Uint8Array.of(version, ...HASH));
export const FRESH_PAYOUT: Record<MixCurrency, Record<Network, string>> = {
  btc: {
    mainnet: bech32.encode("bc", [0, ...bech32.toWords(HASH)]),
    testnet: bech32.encode("tb", [0, ...bech32.toWords(HASH)]),
  },
  bch: { mainnet: legacy(0x00), testnet: legacy(0x6f) },
  eth: { mainnet: `0x${"11".repeat(20)}`, testnet: `0x${"11".repeat(20)}` },
};

/** Payout addresses the client accepts, per currency and network: the tests' known-good inputs. */

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

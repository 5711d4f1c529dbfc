/**
 * Deposit addresses the MixCoins emulation hands out: valid, payable addresses taken from the
 * specifications' own test vectors (BIP-173/350, the CashAddr spec, EIP-55), never generated.
 * Each is listed as valid for its currency and network in the repository's vectors/addresses.json (a
 * test checks).
 */

export type MixCurrency = "btc" | "bch" | "eth";
export type Network = "mainnet" | "testnet";

export interface DepositAddress {
  address: string;
  /** The same destination in legacy base58 (bch mainnet only), else `null`. */
  legacy: string | null;
  /** Other addresses paying the same key (btc: the P2PKH and P2WPKH of one key hash). */
  sameKey?: readonly string[];
}

const only = (address: string, ...sameKey: string[]): DepositAddress => ({
  address,
  legacy: null,
  sameKey,
});

export const DEPOSIT_ADDRESSES: Record<MixCurrency, Record<Network, readonly DepositAddress[]>> = {
  btc: {
    mainnet: [
      only("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"), // BIP-173 P2WPKH
      only("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"), // BIP-173 P2WSH
      only("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"), // BIP-86 P2TR
      only("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", "bc1q5vwqd02x8cuj80q64k77fzckjakqspchx9p2km"), // Bitcoin Core key_io_valid.json P2PKH
    ],
    testnet: [
      only("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r"), // BIP-173 P2WPKH
      only("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"), // BIP-173 P2WSH
      only("2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2"), // BIP-49 P2SH-P2WPKH
    ],
  },
  bch: {
    mainnet: [
      {
        address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        legacy: "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
      },
      {
        address: "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
        legacy: "1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR",
      },
      {
        address: "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq",
        legacy: "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC",
      },
      {
        address: "bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r",
        legacy: "16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb",
      },
    ],
    testnet: [
      only("bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t"), // CashAddr spec P2SH
      only("bchtest:qr7fzmep8g7h7ymfxy74lgc0v950j3r295pdnvy3hr"), // CashTokens vectors P2PKH
    ],
  },
  eth: {
    mainnet: [
      only("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), // EIP-55
      only("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"), // EIP-55
      only("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"), // EIP-55
    ],
    testnet: [
      only("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"), // EIP-55 (same format on Sepolia)
      only("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    ],
  },
};

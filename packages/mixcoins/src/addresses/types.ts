/** The vocabulary every address checker shares. */

/** The currencies MixCoins mixes. */
export type MixCurrency = "btc" | "bch" | "eth";

/**
 * The chain the payout goes to. `testnet` covers every public test chain of a currency (btc:
 * testnet3, testnet4 and signet; eth: Sepolia, Holesky, Hoodi) because their addresses cannot be
 * told apart. Regtest is deliberately absent: nobody mixes regtest coins.
 */
export type Network = "mainnet" | "testnet";

/**
 * The outcome of checking one address. A failure carries a sentence meant for a person, because
 * the caller's next step is to show it to whoever typed the address.
 */
export type AddressCheck = { valid: true; type: string } | { valid: false; reason: string };

export function accept(type: string): AddressCheck {
  return { valid: true, type };
}

export function reject(reason: string): AddressCheck {
  return { valid: false, reason };
}

export const NETWORKS: readonly Network[] = ["mainnet", "testnet"];

/** The other public network, used to explain a wrong-network address instead of "invalid". */
export function otherNetwork(network: Network): Network {
  return network === "mainnet" ? "testnet" : "mainnet";
}

/**
 * When two addresses are one destination: coins sent to either reach the same output. A mix must
 * not list one twice, and its deposit address must not be one of its payouts.
 */

import { bchDestination } from "./addresses/bch.js";
import { btcKeyHash } from "./addresses/btc.js";
import type { MixCurrency, Network } from "./addresses/index.js";

/**
 * The form that tells destinations apart: hex and bech32 ignore case; a Bitcoin Cash address is
 * its output (type and hash), so a cashaddr with or without its prefix, its token-aware form and
 * its legacy form are one destination.
 */
export function destinationKey(currency: MixCurrency, address: string, network: Network): string {
  const lower = address.toLowerCase();
  if (currency === "eth" || /^(bc1|tb1)/.test(lower)) return lower;
  if (currency === "bch") return bchDestination(address, network) ?? lower;
  return address;
}

/**
 * Whether a (valid) address pays to one of `payouts` — or, in Bitcoin, to the same key as one
 * (P2PKH and P2WPKH of one key hash): two payouts may do that, but a deposit address must not, or
 * the coins paid in reach the payee unmixed.
 */
export function paysOut(
  address: string,
  payouts: readonly string[],
  currency: MixCurrency,
  network: Network,
): boolean {
  const destination = destinationKey(currency, address, network);
  const key = currency === "btc" ? btcKeyHash(address) : undefined;
  return payouts.some(
    (payout) =>
      destinationKey(currency, payout, network) === destination ||
      (key !== undefined && btcKeyHash(payout) === key),
  );
}

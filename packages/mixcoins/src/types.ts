/** The public shapes of the MixCoins client. */

import type { Clock, FetchFunction, Hooks, RetryOptions } from "@cointap/core";
import type { MixCurrency, Network } from "./addresses/index.js";

/** Options of every call. */
export interface CallOptions {
  /** Abandons the call (after sending, a mix gives `OutcomeUnknownError`: see the README). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (default: the client's). */
  timeout?: number | undefined;
}

export interface CreateMixParams {
  /** `"btc"`, `"bch"` or `"eth"` (any case). */
  currency: MixCurrency | Uppercase<MixCurrency> | (string & {});
  /** Where the mixed coins go: at least one, no duplicates, each valid for the currency and network. */
  addresses: readonly string[];
  /**
   * The amount to mix: a decimal string (`"0.5"`) or a number whose decimal form is exact; at most
   * 8 decimals for btc and bch, 18 for eth.
   */
  amount: string | number;
}

/** A mix created by MixCoins. */
export interface Mix {
  currency: MixCurrency;
  /** Exact decimal string. */
  amount: string;
  /**
   * Where to send the coins to be mixed — checked valid for the currency and network, and not one
   * of the payout addresses.
   */
  depositAddress: string;
  /** @deprecated The same as `depositAddress`; removed in the next minor release. */
  address: string;
  /** The same deposit address in legacy form (bch), or `null`. */
  addressLegacy: string | null;
}

/** Options of `new MixCoins(…)`. */
export interface MixCoinsOptions {
  /** The API token (`X-Api-Token`). Keep it on the server. */
  token: string;
  /** Default `https://mixcoins.xyz/api`. */
  baseURL?: string;
  /** Which network addresses must belong to. Default `"mainnet"`. */
  network?: Network;
  fetch?: FetchFunction;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeout?: number;
  retry?: RetryOptions | false;
  hooks?: Hooks;
  allowInsecureHttp?: boolean;
  /** Time source, for tests. */
  clock?: Clock;
}

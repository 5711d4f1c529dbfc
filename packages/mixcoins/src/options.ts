/**
 * The options of the client and of its calls. What a mix takes and returns is defined by its
 * schemas (`schemas/inputs.ts`, `schemas/responses.ts`), and its types inferred from them.
 */

import type { Clock, FetchFunction, Hooks, RetryOptions } from "@cointap/core";
import type { Network } from "./addresses/index.js";

/** Options of every call. */
export interface CallOptions {
  /** Abandons the call (after sending, a mix gives `OutcomeUnknownError`: see the README). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (default: the client's). */
  timeout?: number | undefined;
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

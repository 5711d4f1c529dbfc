/**
 * The options of the client and of its calls. What calls take and return is defined by their
 * schemas (`schemas/inputs.ts`, `schemas/responses.ts`), and its types inferred from them.
 */

import type {
  CacheStore,
  ClientRateLimit,
  Clock,
  FetchFunction,
  Hooks,
  RateLimiter,
  RetryOptions,
} from "@cointap/core";

/** Options of every call. */
export interface CallOptions {
  /** Abandons the call: rejects with the signal's reason (see the README for money-moving calls). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (default: the client's). */
  timeout?: number | undefined;
  /** Reads only: `false` skips the cache; `{ ttl }` overrides this call's cache lifetime in ms. */
  cache?: boolean | { ttl: number } | undefined;
}

/** Options of `new CoinImp(…)`. */
export interface CoinImpOptions {
  /** The public API key (`X-API-ID` in v2, `public` in v1). */
  publicKey: string;
  /** The private API key (`X-API-KEY` in v2, `private` in v1). Keep it on the server. */
  privateKey: string;
  /** Default `"v2"` (keys in headers); `"v1"` sends them as query parameters. */
  apiVersion?: "v1" | "v2";
  /** Default `https://www.coinimp.com/api/<apiVersion>`. */
  baseURL?: string;
  /** A `fetch` to use instead of the global one, e.g. `@cointap/sandbox`'s. */
  fetch?: FetchFunction;
  /** Per-attempt timeout in ms. Default 30 000. */
  timeout?: number;
  retry?: RetryOptions | false;
  /**
   * The quota. Default CoinImp's: 10 at once, then 3 per 60 s, one bucket per public key shared by
   * every client in the process. Add `maxQueue` / `maxWait` to fail fast instead of waiting.
   */
  rateLimit?: Partial<ClientRateLimit> | RateLimiter | false;
  /** Read cache: `{ store }` for a store of your own, or `false`. TTLs are per call (see README). */
  cache?: { store?: CacheStore } | false;
  hooks?: Hooks;
  /** Allow an `http:` base URL to a host that is not loopback. */
  allowInsecureHttp?: boolean;
  /** Time source, for tests. */
  clock?: Clock;
}

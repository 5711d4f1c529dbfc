/** The public shapes of the CoinImp client: what calls take and what they return. */

import type {
  CacheStore,
  ClientRateLimit,
  Clock,
  FetchFunction,
  Hooks,
  RateLimiter,
  RetryOptions,
} from "@cointap/core";

/** The currencies CoinImp mines. Accepted in any case; sent upper case. */
export type Currency = "MINTME" | "XMR";

/** Options of every call. */
export interface CallOptions {
  /** Abandons the call: rejects with the signal's reason (see the README for money-moving calls). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (default: the client's). */
  timeout?: number | undefined;
  /** Reads only: `false` skips the cache; `{ ttl }` overrides this call's cache lifetime in ms. */
  cache?: boolean | { ttl: number } | undefined;
}

export interface CurrencyParams {
  currency: Currency | Lowercase<Currency> | (string & {});
}

export interface CurrencySiteParams extends CurrencyParams {
  /** Limit the answer to one site (64 hex digits). */
  siteKey?: string | undefined;
}

export interface SiteParams {
  /** The site's key: 64 hex digits. */
  siteKey: string;
}

export interface UserParams extends SiteParams {
  /** The user's name on the site: 1 to 128 characters. */
  user: string;
}

export interface WithdrawParams extends UserParams {
  /** Hashes to withdraw: a positive whole number. */
  amount: number | string;
}

/** A user's balance on a site. */
export interface UserBalance {
  name: string;
  /** Reward not yet withdrawn, as an exact decimal string. */
  pending: string;
  /** Hashes withdrawn so far. */
  withdrawn: number;
  /** Hashes mined and not yet withdrawn. */
  hashes: number;
  /** The user's current hash rate, as the API gives it. */
  hashRate: string;
}

export interface AccountStats {
  hashrate: number;
  hashes: number;
  /** Exact decimal string. */
  reward: string;
  /** Exact decimal string. */
  rewardPending: string;
}

/** One site of the account. */
export interface SiteSummary {
  name: string;
  siteKey: string;
}

export interface SiteStats {
  name: string;
  hashrate: number;
  hashes: number;
  /** Exact decimal string. */
  reward: string;
}

export type PaymentStatus = "PAID" | "ERROR" | "PENDING";

export interface Payment {
  /** Exact decimal string. */
  amount: string;
  /** Exact decimal string. */
  fee: string;
  status: PaymentStatus;
  walletAddress: string;
  txId: string;
  timestamp: Date;
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

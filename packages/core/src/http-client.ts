/**
 * `createHttpClient`: a caller (caller.ts) with its quota and cache built from settings — the
 * quota one bucket per account in the process, the cache an in-memory LRU unless given a store.
 */

import { type CacheStore, cacheKey, MemoryStore, ResponseCache } from "./cache.js";
import { type CallerOptions, createCaller, type HttpClient } from "./caller.js";
import { systemClock } from "./clock.js";
import { fingerprint } from "./fingerprint.js";
import { lazy } from "./lazy.js";
import { RateLimiter, type RateLimitOptions, sharedRateLimiter } from "./rate-limit.js";
import { secureBaseURL } from "./secure-url.js";

/** Default time a GET body stays cached, unless the request names its own TTL. */
export const DEFAULT_CACHE_TTL = 15_000;

/** Quota settings: a bucket shared per account, plus this client's limits on waiting. */
export interface ClientRateLimit extends Omit<RateLimitOptions, "clock"> {
  /**
   * Names the bucket: clients naming the same account share one. Default: derived from the base
   * URL's origin and the credentials (so the same key sent two ways would get two buckets).
   */
  account?: string;
  /** Refuse (RateLimitError) instead of queueing when this many calls wait. */
  maxQueue?: number;
  /** Refuse (RateLimitError) instead of waiting longer than this, in ms. */
  maxWait?: number;
}

/** Options of {@link createHttpClient}: the caller's, with settings for the quota and the cache. */
export interface HttpClientOptions extends Omit<CallerOptions, "quota" | "cache"> {
  /** A quota (one bucket per account in the process), a limiter to share, or `false`. */
  rateLimit?: ClientRateLimit | RateLimiter | false | undefined;
  /** GET cache: default TTL and store (an in-memory LRU by default), or `false`. */
  cache?: { ttl?: number; store?: CacheStore } | false | undefined;
}

/** Builds a client: transport, timeouts, retry, quota, cache, redaction and hooks, configured once. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { rateLimit, cache, ...caller } = options;
  const base = secureBaseURL(options.baseURL, options.allowInsecureHttp);
  // The same key sent two ways (headers, query) is two identities: harmless, and never guessed.
  const identity = JSON.stringify([
    base.origin,
    options.auth?.headers ?? {},
    options.auth?.query ?? {},
  ]);
  const account = lazy(() => fingerprint(identity));
  const clock = options.clock ?? systemClock;
  return createCaller({
    ...caller,
    quota: !rateLimit
      ? undefined
      : rateLimit instanceof RateLimiter
        ? { limiter: rateLimit }
        : {
            limiter: sharedRateLimiter(rateLimit.account ?? identity, { ...rateLimit, clock }),
            maxQueue: rateLimit.maxQueue,
            maxWait: rateLimit.maxWait,
          },
    cache:
      cache === false
        ? undefined
        : {
            responses: new ResponseCache(cache?.store ?? new MemoryStore({ clock })),
            ttl: cache?.ttl ?? DEFAULT_CACHE_TTL,
            keyOf: async (path, query) => cacheKey(await account(), path, query),
          },
  });
}

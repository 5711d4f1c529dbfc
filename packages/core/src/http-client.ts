/**
 * `createHttpClient`: a caller (caller.ts) with its quota and cache built from settings — the
 * quota one bucket per account in the process, the cache an in-memory LRU unless given a store.
 */

import { type CacheStore, cacheKey, MemoryStore, ResponseCache } from "./cache.js";
import {
  type CachePlugin,
  type CallerOptions,
  checkDurations,
  createCaller,
  type HttpClient,
  type QuotaPlugin,
} from "./caller.js";
import { type Clock, systemClock } from "./clock.js";
import { fingerprint } from "./fingerprint.js";
import { lazy } from "./lazy.js";
import { RateLimiter, type RateLimitOptions, sharedRateLimiter } from "./rate-limit.js";
import { secureBaseURL } from "./secure-url.js";
import type { Query } from "./transport.js";

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
  checkDurations({ "cache.ttl": cache ? cache.ttl : undefined });
  // The same key sent two ways (headers, query) is two identities: harmless, and never guessed.
  const identity = JSON.stringify([
    base.origin,
    options.auth?.headers ?? {},
    options.auth?.query ?? {},
  ]);
  const clock = options.clock ?? systemClock;
  return createCaller({
    ...caller,
    quota: rateLimit ? quotaPlugin(rateLimit, identity, clock) : undefined,
    cache: cache === false ? undefined : cachePlugin(cache ?? {}, identity, clock),
  });
}

function quotaPlugin(
  rateLimit: ClientRateLimit | RateLimiter,
  identity: string,
  clock: Clock,
): QuotaPlugin {
  if (rateLimit instanceof RateLimiter) return { limiter: rateLimit };
  const limiter = sharedRateLimiter(rateLimit.account ?? identity, { ...rateLimit, clock });
  return { limiter, maxQueue: rateLimit.maxQueue, maxWait: rateLimit.maxWait };
}

function cachePlugin(
  settings: { ttl?: number; store?: CacheStore },
  identity: string,
  clock: Clock,
): CachePlugin {
  const account = lazy(() => fingerprint(identity));
  return {
    responses: new ResponseCache(settings.store ?? new MemoryStore({ clock })),
    ttl: settings.ttl ?? DEFAULT_CACHE_TTL,
    keyOf: async (path: string, query: Query = {}) => cacheKey(await account(), path, query),
  };
}

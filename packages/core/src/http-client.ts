/**
 * `createHttpClient`: every option checked once, then the pieces of the pipeline built from them —
 * the engine (ofetch), the quota (one bucket per account in the process), the cache (an
 * in-memory LRU unless given a store), redaction and hooks.
 */

import { type CacheStore, cacheKey, MemoryStore, ResponseCache } from "./cache.js";
import { type Clock, systemClock } from "./clock.js";
import { ValidationError } from "./errors.js";
import { fingerprint } from "./fingerprint.js";
import type { Hooks } from "./hooks.js";
import { lazy } from "./lazy.js";
import { OptionCheck } from "./options.js";
import { type Cache, createPipeline, type HttpClient, type Quota } from "./pipeline/call.js";
import type { ResponseRules } from "./pipeline/judge.js";
import { RateLimiter, type RateLimitOptions, sharedRateLimiter } from "./rate-limit.js";
import { createRedactor, type RedactOptions, type Redactor } from "./redact.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
import { secureBaseURL } from "./secure-url.js";
import { createEngine, type FetchFunction } from "./transport/engine.js";

/** Default per-attempt timeout: connect, headers and the whole body. */
export const DEFAULT_TIMEOUT = 30_000;
/** Default time a GET body stays cached, unless the request names its own TTL. */
export const DEFAULT_CACHE_TTL = 15_000;
/** Default limit of a response body, in bytes (after decompression). */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** Credentials, sent as headers (CoinImp v2, MixCoins) or query parameters (CoinImp v1). */
export interface Auth {
  headers?: Record<string, string> | undefined;
  query?: Record<string, string> | undefined;
}

/** Quota settings: a bucket shared per account, plus this client's limits on waiting. */
export interface ClientRateLimit extends Omit<RateLimitOptions, "clock"> {
  /**
   * Names the bucket: clients naming the same account share one. Default: derived from the base
   * URL's origin and the credentials (so the same key sent two ways would get two buckets).
   */
  account?: string;
  /** Refuse (RateLimitError) instead of queueing when this many calls wait. */
  maxQueue?: number | undefined;
  /** Refuse (RateLimitError) instead of waiting longer than this, in ms. */
  maxWait?: number | undefined;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** `https:` (or `http:` to loopback, or with `allowInsecureHttp`). */
  baseURL: string;
  auth?: Auth | undefined;
  /** A `fetch` to use instead of the global one (the sandbox's plugs in here). */
  fetch?: FetchFunction | undefined;
  /** Per-attempt timeout in ms, covering the whole body. Default 30 000. */
  timeout?: number | undefined;
  /** Limit on the whole call in ms: the quota queue, every attempt and the backoff between them. */
  totalTimeout?: number | undefined;
  retry?: RetryOptions | false | undefined;
  /** A quota (one bucket per account in the process), a limiter to share, or `false` (default). */
  rateLimit?: ClientRateLimit | RateLimiter | false | undefined;
  /** GET cache: default TTL and store (an in-memory LRU by default), or `false`. */
  cache?: { ttl?: number | undefined; store?: CacheStore | undefined } | false | undefined;
  /** The most bytes of a response body read (after decompression). Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  hooks?: Hooks | undefined;
  /** Sent as `User-Agent` when given. */
  userAgent?: string | undefined;
  allowInsecureHttp?: boolean | undefined;
  /** More names and values to redact than the defaults and the auth values. */
  redact?: RedactOptions | undefined;
  responses?: ResponseRules | undefined;
  /** Time source for backoff, quota and timeouts. */
  clock?: Clock | undefined;
  /** Random source in [0, 1) for backoff jitter. */
  random?: (() => number) | undefined;
}

/** Builds a client: transport, timeouts, retry, quota, cache, redaction and hooks, configured once. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  // Before anything is checked: a key passed as the wrong option is redacted out of its error.
  const credentials = createRedactor({ secrets: credentialsOf(options) });
  return redactedErrors(credentials, () => buildHttpClient(options, credentials));
}

function buildHttpClient(options: HttpClientOptions, credentials: Redactor): HttpClient {
  checkOptions(options, credentials);
  const base = secureBaseURL(options.baseURL, options.allowInsecureHttp);
  const clock = options.clock ?? systemClock;
  const { headers: authHeaders = {}, query: authQuery = {} } = options.auth ?? {};
  const redactor = createRedactor({
    ...options.redact,
    secrets: [
      ...Object.values(authHeaders),
      ...Object.values(authQuery),
      ...(options.redact?.secrets ?? []),
    ],
  });
  const headers: Record<string, string> = { accept: "application/json", ...authHeaders };
  if (options.userAgent) headers["user-agent"] = options.userAgent;
  // The same key sent two ways (headers, query) is two identities: harmless, and never guessed.
  const identity = JSON.stringify([base.origin, authHeaders, authQuery]);
  return createPipeline({
    base,
    authQuery,
    authEntries: Object.entries(authQuery),
    headers,
    engine: createEngine(options.fetch),
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    totalTimeout: options.totalTimeout,
    retry: { ...DEFAULT_RETRY, ...(options.retry === false ? { retries: 0 } : options.retry) },
    quota: quotaOf(options.rateLimit, identity, clock),
    cache: cacheOf(options.cache, identity, clock),
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    hooks: options.hooks ?? {},
    rules: options.responses ?? {},
    redactor,
    clock,
    random: options.random ?? Math.random,
  });
}

function quotaOf(
  rateLimit: HttpClientOptions["rateLimit"],
  identity: string,
  clock: Clock,
): Quota | undefined {
  if (!rateLimit) return undefined;
  if (rateLimit instanceof RateLimiter) return { limiter: rateLimit };
  return {
    limiter: sharedRateLimiter(rateLimit.account ?? identity, { ...rateLimit, clock }),
    maxQueue: rateLimit.maxQueue,
    maxWait: rateLimit.maxWait,
  };
}

function cacheOf(
  cache: HttpClientOptions["cache"],
  identity: string,
  clock: Clock,
): Cache | undefined {
  if (cache === false) return undefined;
  const account = lazy(() => fingerprint(identity));
  return {
    responses: new ResponseCache(cache?.store ?? new MemoryStore({ clock })),
    ttl: cache?.ttl ?? DEFAULT_CACHE_TTL,
    keyOf: async (path, query) => cacheKey(await account(), path, query),
  };
}

/** `make()`, its `ValidationError` (if any) rethrown with the credentials redacted out. */
function redactedErrors<T>(credentials: Redactor, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.issues.map(({ path, message }) => ({ path, message: credentials.text(message) })),
    );
  }
}

/** The credential strings among the options, read defensively: they are not checked yet. */
function credentialsOf(options: HttpClientOptions): string[] {
  try {
    return credentialStrings(options);
  } catch {
    // A getter or proxy that throws: `checkOptions` reports it.
    return [];
  }
}

function credentialStrings(options: HttpClientOptions): string[] {
  const auth: unknown = typeof options === "object" && options !== null ? options.auth : undefined;
  if (typeof auth !== "object" || auth === null) return [];
  const { headers, query } = auth as { headers?: unknown; query?: unknown };
  return [headers, query].flatMap((values) =>
    typeof values === "object" && values !== null
      ? Object.values(values).filter((value): value is string => typeof value === "string")
      : [],
  );
}

/** Every option of any type checked at once (DESIGN rule 11); the quota's own by `RateLimiter`. */
function checkOptions(options: HttpClientOptions, credentials: Redactor): void {
  const check = new OptionCheck(credentials);
  if (!check.object("options", options)) check.throwIfAny();
  const { auth, retry, rateLimit, cache } = options;
  if (check.object("auth", auth)) {
    check.wireValues("auth.headers", auth?.headers, true);
    check.wireValues("auth.query", auth?.query, false);
  }
  if (options.userAgent !== undefined)
    check.wireValues("options", { userAgent: options.userAgent }, true);
  check.function("fetch", options.fetch);
  check.function("random", options.random);
  check.duration("timeout", options.timeout, true);
  check.duration("totalTimeout", options.totalTimeout, true);
  check.count("maxResponseBytes", options.maxResponseBytes, 1);
  check.object("hooks", options.hooks);
  check.object("responses", options.responses);
  check.object("redact", options.redact);
  check.object("clock", options.clock);
  if (check.object("retry", retry, true) && retry) {
    check.count("retry.retries", retry.retries);
    check.duration("retry.baseDelay", retry.baseDelay);
    check.duration("retry.maxDelay", retry.maxDelay);
    check.duration("retry.maxRetryAfter", retry.maxRetryAfter);
  }
  if (
    check.object("rateLimit", rateLimit, true) &&
    rateLimit &&
    !(rateLimit instanceof RateLimiter)
  ) {
    check.count("rateLimit.maxQueue", rateLimit.maxQueue);
    check.duration("rateLimit.maxWait", rateLimit.maxWait);
  }
  if (check.object("cache", cache, true) && cache) {
    check.duration("cache.ttl", cache.ttl);
    const { store } = cache;
    if (
      store !== undefined &&
      !(["get", "set", "delete"] as const).every((name) => typeof store?.[name] === "function")
    ) {
      check.fail("cache.store", "must have get, set and delete functions");
    }
  }
  // The quota's shape (capacity, refill, interval) is checked by `RateLimiter` as it is built.
  check.throwIfAny();
}

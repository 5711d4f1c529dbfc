/**
 * Where one API call becomes attempts. Reading order of a call:
 * checked → cache (GET) → quota → attempt (attempt.ts) → judged (judge.ts) → retry verdict
 * (retry.ts) → parsed (parse.ts).
 */

import type { ResponseCache } from "../cache.js";
import type { Clock } from "../clock.js";
import { OutcomeUnknownError, TimeoutError } from "../errors.js";
import { callHook, type HookRequest, type Hooks } from "../hooks.js";
import { lazy } from "../lazy.js";
import { OptionCheck } from "../options.js";
import { parse, type Schema } from "../parse.js";
import type { RateLimiter } from "../rate-limit.js";
import type { Redactor } from "../redact.js";
import { backoffDelay, judgeFailure, type RetryOptions } from "../retry.js";
import { abortAfter, follow, noop } from "../signals.js";
import { buildURL, type FormFields, type HttpMethod, type Query } from "../transport/build.js";
import { type AttemptContext, type PreparedRequest, runAttempt } from "./attempt.js";

/** One call. */
export interface RequestOptions<Output> {
  method: HttpMethod;
  /** Relative to the base URL's path. */
  path: string;
  query?: Query | undefined;
  /** An `application/x-www-form-urlencoded` body. */
  form?: FormFields | undefined;
  /** A `multipart/form-data` body. */
  multipart?: FormFields | undefined;
  /** Validates and shapes the JSON body. Without it, the body is returned as parsed. */
  schema?: Schema<Output> | undefined;
  /** Whether repeating the request is harmless. Default: `true` for GET only. */
  idempotent?: boolean | undefined;
  /** GET only: `false` skips the cache; `{ ttl }` sets this entry's TTL in ms. */
  cache?: boolean | { ttl: number } | undefined;
  /** Cached GETs this call changes: dropped after it, whatever its outcome. */
  invalidates?: readonly { path: string; query?: Query }[] | undefined;
  /** Abandons the call (after sending, a POST or DELETE ends in `OutcomeUnknownError`). */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms for this call; a call joining an identical GET waits at most this. */
  timeout?: number | undefined;
}

/** A configured client for one API and account. */
export interface HttpClient {
  request<Output = unknown>(options: RequestOptions<Output>): Promise<Output>;
  /** Drops a cached GET. */
  invalidate(path: string, query?: Query): Promise<void>;
  /** The quota this client draws from, if any. */
  readonly rateLimiter: RateLimiter | undefined;
  readonly redactor: Redactor;
}

/** The quota a client draws from, and its limits on waiting. */
export interface Quota {
  limiter: RateLimiter;
  maxQueue?: number | undefined;
  maxWait?: number | undefined;
}

/** Where a client's GET bodies are kept, for how long by default, under which keys. */
export interface Cache {
  responses: ResponseCache;
  ttl: number;
  /** The store key of a GET (it names the account, never holding a secret). */
  keyOf(path: string, query?: Query): Promise<string>;
}

/** Everything a client's calls share, checked and built once (http-client.ts). */
export interface Settings extends AttemptContext {
  base: URL;
  authQuery: Record<string, string>;
  timeout: number;
  totalTimeout: number | undefined;
  retry: Readonly<Required<RetryOptions>>;
  quota: Quota | undefined;
  cache: Cache | undefined;
  hooks: Hooks;
  clock: Clock;
  random: () => number;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** The client: `request` runs the pipeline above with `settings`. */
export function createPipeline(settings: Settings): HttpClient {
  const { base, authQuery, retry, quota, cache, hooks, clock, random, redactor } = settings;
  const limiter = quota?.limiter;

  async function request<Output>(call: RequestOptions<Output>): Promise<Output> {
    checkCall(call);
    const { method } = call;
    const url = buildURL(base, call.path, { ...call.query, ...authQuery });
    // Redacted only when a hook or an error shows it: most calls never need it.
    const shown = lazy(() => redactor.url(url));
    const prepared: PreparedRequest = {
      method,
      url,
      form: call.form,
      multipart: call.multipart,
      timeout: call.timeout ?? settings.timeout,
      repeatable: call.idempotent ?? method === "GET",
      outcomeUnknown: (cause) =>
        new OutcomeUnknownError({ method, path: redactor.text(call.path), cause }),
    };

    /** Attempts until one succeeds or the verdict is final; `caller` abandons it (see also cache.ts). */
    async function execute(
      caller: AbortSignal | undefined,
      sending: () => void = noop,
    ): Promise<{ status: number; body: unknown }> {
      const { totalTimeout } = settings;
      // Only with a `totalTimeout`: a controller per call costs time on every call.
      const overall = totalTimeout === undefined ? undefined : new AbortController();
      const stopOverall = overall
        ? abortAfter(
            clock,
            totalTimeout ?? 0,
            overall,
            () => new TimeoutError(totalTimeout ?? 0, "The call"),
          )
        : noop;
      // The waits between attempts end when the caller gives up or the call runs out of time.
      const unfollow = overall ? follow(overall, [caller]) : noop;
      const waits = overall ? overall.signal : caller;
      try {
        for (let attempt = 1; ; attempt++) {
          const hook: HookRequest = {
            method,
            attempt,
            get url() {
              return shown();
            },
          };
          if (limiter) {
            const waitMs = limiter.expectedWait();
            if (waitMs > 0) callHook(hooks.onQueued, { ...hook, waitMs, queued: limiter.queued });
            await limiter.acquire({
              signal: waits,
              maxQueue: quota?.maxQueue,
              maxWait: quota?.maxWait,
              priority: attempt > 1,
            });
          }
          // Nothing has been sent yet: a call abandoned by now simply rejects with the reason.
          waits?.throwIfAborted();
          sending();
          const result = await runAttempt(
            settings,
            prepared,
            { caller, overall: overall?.signal },
            hook,
          );
          if (!("error" in result)) return result;
          const { error, retryAfter, quota: quotaAnswer } = result;
          // A pause is capped: a server asking for 30 days must not stop every call for 30 days.
          if (quotaAnswer) limiter?.pause(retryAfter && Math.min(retryAfter, retry.maxRetryAfter));
          const verdict = judgeFailure(result.failure, prepared.repeatable);
          if (
            verdict !== "retry" ||
            attempt > retry.retries ||
            (retryAfter ?? 0) > retry.maxRetryAfter
          ) {
            throw verdict === "unknown" ? prepared.outcomeUnknown(error) : error;
          }
          // After a quota answer the paused bucket is the wait; otherwise Retry-After or backoff.
          const delayMs =
            quotaAnswer && limiter ? 0 : (retryAfter ?? backoffDelay(attempt - 1, retry, random));
          callHook(hooks.onRetry, { ...hook, error, delayMs });
          await clock.sleep(delayMs, waits);
        }
      } finally {
        stopOverall();
        unfollow();
      }
    }

    try {
      const cached = cache && method === "GET" && call.cache !== false ? cache : undefined;
      const { status, body } = cached
        ? {
            status: 200,
            // A load shared by identical GETs stops only when every one of their callers gave up.
            body: await cached.responses.getOrLoad(
              await cached.keyOf(call.path, call.query),
              typeof call.cache === "object" ? call.cache.ttl : cached.ttl,
              async (shared, sending) => (await execute(shared, sending)).body,
              { signal: call.signal, timeout: prepared.timeout, clock },
            ),
          }
        : await execute(call.signal);
      if (!call.schema) return body as Output;
      return await parse(call.schema, body, { status, redactor }).catch((error: unknown) => {
        // The mutation was answered with success but an unreadable body: it may have been applied.
        throw prepared.repeatable ? error : prepared.outcomeUnknown(error);
      });
    } catch (error) {
      callHook(hooks.onError, { method, url: shown(), attempt: 1, error });
      throw error;
    } finally {
      if (cache && call.invalidates?.length) {
        await cache.responses.invalidate(
          await Promise.all(call.invalidates.map((entry) => cache.keyOf(entry.path, entry.query))),
        );
      }
    }
  }

  return {
    request,
    invalidate: async (path, query) => {
      if (cache) await cache.responses.invalidate([await cache.keyOf(path, query)]);
    },
    rateLimiter: limiter,
    redactor,
  };
}

/** A call's own options, checked before anything is sent (DESIGN rule 11). */
function checkCall(call: RequestOptions<unknown>): void {
  const check = new OptionCheck();
  if (!check.object("request", call)) check.throwIfAny();
  if (!METHODS.has(call.method)) check.fail("method", `must be one of ${[...METHODS].join(", ")}`);
  if (typeof call.path !== "string") check.fail("path", "must be a string");
  check.signal("signal", call.signal);
  check.duration("timeout", call.timeout);
  const { cache } = call;
  if (typeof cache === "object" && cache !== null)
    check.duration("cache.ttl", cache.ttl ?? Number.NaN);
  else if (cache !== undefined && typeof cache !== "boolean") {
    check.fail("cache", "must be true, false or { ttl }");
  }
  if (call.idempotent !== undefined && typeof call.idempotent !== "boolean") {
    check.fail("idempotent", "must be a boolean");
  }
  check.throwIfAny();
}

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
import { checkCallOptions, OptionCheck } from "../options.js";
import { parse, type Schema } from "../parse.js";
import type { RateLimiter } from "../rate-limit.js";
import type { Redactor } from "../redact.js";
import { backoffDelay, judgeFailure, type RetryOptions } from "../retry.js";
import { abortAfter, follow, noop } from "../signals.js";
import {
  buildURL,
  type Fields,
  type FormFields,
  fieldEntries,
  type HttpMethod,
  type Query,
} from "../transport/build.js";
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
  keyOf(path: string, query: Fields): Promise<string>;
}

/** Everything a client's calls share, checked and built once (http-client.ts). */
export interface Settings extends AttemptContext {
  base: URL;
  authQuery: Record<string, string>;
  /** `authQuery` as the URL carries it. */
  authEntries: Fields;
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
    // Copied as checked, before the first `await`: a caller changing its objects later changes nothing.
    const fields = checkCall(call, redactor);
    const { method } = call;
    // The credentials win over a query parameter of the same name.
    const query = fields.query.filter(([name]) => !Object.hasOwn(authQuery, name));
    const url = buildURL(base, call.path, [...query, ...settings.authEntries]);
    // Redacted only when a hook or an error shows it: most calls never need it.
    const shown = lazy(() => redactor.url(url));
    // The last attempt made, for `onError` (1 when the call never got to send).
    let attempts = 1;
    const prepared: PreparedRequest = {
      method,
      url,
      form: fields.form,
      multipart: fields.multipart,
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
          attempts = attempt;
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

    /**
     * A cached GET. A load shared by identical GETs stops only when every one of their callers
     * gave up. One that ran out of its starter's shorter timeout is not this caller's failure:
     * this caller loads once more, on its own limits.
     */
    async function readCached(cached: Cache): Promise<unknown> {
      const key = await cached.keyOf(call.path, query);
      const read = () =>
        cached.responses.getOrLoad(
          key,
          typeof call.cache === "object" ? call.cache.ttl : cached.ttl,
          async (shared, sending) => (await execute(shared, sending)).body,
          { signal: call.signal, timeout: prepared.timeout, clock },
        );
      try {
        return await read();
      } catch (error) {
        const foreign =
          error instanceof TimeoutError &&
          error.timeout < prepared.timeout &&
          error.timeout !== settings.totalTimeout;
        if (!foreign || call.signal?.aborted) throw error;
        return await read();
      }
    }

    try {
      const cached = cache && method === "GET" && call.cache !== false ? cache : undefined;
      const { status, body } = cached
        ? { status: 200, body: await readCached(cached) }
        : await execute(call.signal);
      if (!call.schema) return body as Output;
      return await parse(call.schema, body, { status, redactor }).catch((error: unknown) => {
        // The mutation was answered with success but an unreadable body: it may have been applied.
        throw prepared.repeatable ? error : prepared.outcomeUnknown(error);
      });
    } catch (error) {
      callHook(hooks.onError, { method, url: shown(), attempt: attempts, error });
      throw error;
    } finally {
      if (cache && call.invalidates?.length) {
        await cache.responses.invalidate(
          await Promise.all(
            call.invalidates.map((entry) =>
              cache.keyOf(entry.path, fieldEntries(entry.query ?? {})),
            ),
          ),
        );
      }
    }
  }

  return {
    request,
    invalidate: async (path, query) => {
      if (cache)
        await cache.responses.invalidate([await cache.keyOf(path, fieldEntries(query ?? {}))]);
    },
    rateLimiter: limiter,
    redactor,
  };
}

/**
 * A call's own options, checked before anything is sent (DESIGN rule 11); its query and bodies
 * copied as they were checked.
 */
function checkCall(
  call: RequestOptions<unknown>,
  redactor: Redactor,
): {
  query: Fields;
  form: Fields | undefined;
  multipart: Fields | undefined;
} {
  const check = new OptionCheck(redactor);
  if (!check.object("request", call)) check.throwIfAny();
  if (!METHODS.has(call.method)) check.fail("method", `must be one of ${[...METHODS].join(", ")}`);
  // The client owns the query string: a `?` or `#` in a path would smuggle in one of its own.
  if (typeof call.path !== "string" || /[?#]/.test(call.path)) {
    check.fail("path", "must be a string without ? or #");
  }
  checkCallOptions(call, check);
  if (call.idempotent !== undefined && typeof call.idempotent !== "boolean") {
    check.fail("idempotent", "must be a boolean");
  }
  const fields = {
    query: check.fields("query", call.query),
    form: call.form === undefined ? undefined : check.fields("form", call.form),
    multipart: call.multipart === undefined ? undefined : check.fields("multipart", call.multipart),
  };
  check.throwIfAny();
  return fields;
}

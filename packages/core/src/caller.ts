/**
 * `createCaller`: where one API call becomes attempts. Reading order of a call:
 * cache (GET) → quota → attempt (transport, timeouts) → response rules → retry verdict → parse.
 *
 * The quota and the cache are plug-ins (see http-client.ts, which builds them from settings): a
 * client that uses neither, like MixCoins, does not carry their code.
 */

import type { ResponseCache } from "./cache.js";
import { type Clock, systemClock } from "./clock.js";
import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  type CointapError,
  ConnectionError,
  type Issue,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  type ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
import { callHook, type HookRequest, type Hooks } from "./hooks.js";
import { lazy } from "./lazy.js";
import { parse, parseJsonText, type Schema } from "./parse.js";
import type { RateLimiter } from "./rate-limit.js";
import { createRedactor, type RedactOptions, type Redactor } from "./redact.js";
import {
  type AttemptFailure,
  backoffDelay,
  DEFAULT_RETRY,
  judgeFailure,
  type RetryOptions,
  retryAfterMs,
} from "./retry.js";
import { secureBaseURL } from "./secure-url.js";
import { abortAfter, anySignal, noop, raceSignal } from "./signals.js";
import {
  buildURL,
  type FetchFunction,
  type FormFields,
  formBody,
  type HttpMethod,
  multipartBody,
  type Query,
  type RawResponse,
  send,
  transportFailure,
} from "./transport.js";

/** Default per-attempt timeout: connect, headers and the whole body. */
export const DEFAULT_TIMEOUT = 30_000;
/** Credentials, sent as headers (CoinImp v2, MixCoins) or query parameters (CoinImp v1). */
export interface Auth {
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** A response as the API rules see it. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  /** The parsed JSON body. */
  body: unknown;
}

/** How an API signals trouble beyond its HTTP status. */
export interface ResponseRules {
  /** The API's error message when `body` is its failure envelope — which is then an error at any status. */
  failureMessage?(body: unknown): string | undefined;
  /** Whether this is the API's quota answer: a `RateLimitError` that pauses the quota (429 always is). */
  isQuotaExceeded?(response: ResponseInfo): boolean;
  /** Whether the API documents this answer as "not processed", so any method may be retried (429 always is). */
  isNotProcessed?(response: ResponseInfo): boolean;
}

/** The quota plug-in: a limiter, and this client's limits on waiting for it. */
export interface QuotaPlugin {
  limiter: RateLimiter;
  /** Refuse (RateLimitError) instead of queueing when this many calls wait. */
  maxQueue?: number | undefined;
  /** Refuse (RateLimitError) instead of waiting longer than this, in ms. */
  maxWait?: number | undefined;
}

/** The cache plug-in: where GET bodies are kept, for how long by default, under which keys. */
export interface CachePlugin {
  responses: ResponseCache;
  /** Default TTL in ms of a cached body. */
  ttl: number;
  /** The store key of a GET (it names the account, never holding a secret). */
  keyOf(path: string, query?: Query): Promise<string>;
}

/** Options of {@link createCaller}. */
export interface CallerOptions {
  /** `https:` (or `http:` to loopback, or with `allowInsecureHttp`). */
  baseURL: string;
  auth?: Auth | undefined;
  /** A `fetch` to use instead of the global one (the sandbox's plugs in here). */
  fetch?: FetchFunction | undefined;
  /** Per-attempt timeout in ms, covering the whole body. Default 30 000. */
  timeout?: number | undefined;
  /** Limit on the whole call in ms, retries and backoff included (not the quota queue). */
  totalTimeout?: number | undefined;
  retry?: RetryOptions | false | undefined;
  /** Calls wait for a token of this quota; none when absent. */
  quota?: QuotaPlugin | undefined;
  /** GETs are answered from this cache; none when absent. */
  cache?: CachePlugin | undefined;
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
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms for this call. */
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

type AttemptResult =
  | { status: number; body: unknown }
  | {
      error: CointapError;
      failure: AttemptFailure;
      retryAfter?: number | undefined;
      quota?: boolean;
    };

/**
 * Builds a client from its parts: transport, timeouts, retry, redaction and hooks, plus the quota
 * and cache plug-ins it is given. `createHttpClient` builds those from settings.
 */
export function createCaller(options: CallerOptions): HttpClient {
  const base = secureBaseURL(options.baseURL, options.allowInsecureHttp);
  const {
    clock = systemClock,
    random = Math.random,
    hooks = {},
    responses: rules = {},
    totalTimeout,
    cache,
  } = options;
  const { limiter, maxQueue, maxWait } = options.quota ?? {};
  const { headers: authHeaders = {}, query: authQuery = {} } = options.auth ?? {};
  const retry = { ...DEFAULT_RETRY, ...(options.retry === false ? { retries: 0 } : options.retry) };
  // Refuses values that would silently misbehave (a `NaN` timeout fires at once).
  checkDurations({
    timeout: options.timeout,
    totalTimeout,
    "retry.retries": retry.retries,
    "retry.baseDelay": retry.baseDelay,
    "retry.maxDelay": retry.maxDelay,
    "retry.maxRetryAfter": retry.maxRetryAfter,
    "cache.ttl": cache?.ttl,
  });
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

  async function request<Output>(call: RequestOptions<Output>): Promise<Output> {
    const { method, timeout = options.timeout ?? DEFAULT_TIMEOUT } = call;
    checkDurations({ timeout });
    const url = buildURL(base, call.path, { ...call.query, ...authQuery });
    const repeatable = call.idempotent ?? method === "GET";
    // Redacted only when a hook or an error shows it: most calls never need it.
    const shown = lazy(() => redactor.url(url));
    const outcomeUnknown = (cause: unknown) =>
      new OutcomeUnknownError({ method, path: redactor.text(call.path), cause });

    /** Attempts until one succeeds or the verdict is final; `caller` abandons it (see also cache.ts). */
    async function execute(caller?: AbortSignal): Promise<{ status: number; body: unknown }> {
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
      const waitSignal = anySignal([caller, overall?.signal]);
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
            await limiter.acquire({ signal: waitSignal, maxQueue, maxWait, priority: attempt > 1 });
          }
          // Nothing has been sent yet: a call abandoned by now simply rejects with the reason.
          waitSignal?.throwIfAborted();
          const result = await runAttempt(caller, overall?.signal, hook);
          if (!("error" in result)) return result;
          const { error, retryAfter, quota } = result;
          if (quota) limiter?.pause(retryAfter);
          const verdict = judgeFailure(result.failure, repeatable);
          if (
            verdict !== "retry" ||
            attempt > retry.retries ||
            (retryAfter ?? 0) > retry.maxRetryAfter
          ) {
            throw verdict === "unknown" ? outcomeUnknown(error) : error;
          }
          // After a quota answer the paused bucket is the wait; otherwise Retry-After or backoff.
          const delayMs =
            quota && limiter ? 0 : (retryAfter ?? backoffDelay(attempt - 1, retry, random));
          callHook(hooks.onRetry, { ...hook, error, delayMs });
          await clock.sleep(delayMs, waitSignal);
        }
      } finally {
        stopOverall();
      }
    }

    /** One attempt: sent, timed, and judged. */
    async function runAttempt(
      caller: AbortSignal | undefined,
      overall: AbortSignal | undefined,
      hook: HookRequest,
    ): Promise<AttemptResult> {
      const timer = new AbortController();
      const stopTimer = abortAfter(clock, timeout, timer, () => new TimeoutError(timeout));
      const attemptSignal = anySignal([timer.signal, caller, overall]) as AbortSignal;
      const started = clock.now();
      if (hooks.onRequest)
        callHook(hooks.onRequest, { ...hook, headers: redactor.headers(headers) });
      try {
        // Raced against the signal as well: a custom fetch that ignores its signal must not outlive the timeout.
        const raw = await raceSignal(
          send(
            {
              method,
              url,
              headers,
              // Built per attempt: a body is consumed by sending it.
              body: call.multipart
                ? multipartBody(call.multipart)
                : call.form && formBody(call.form),
              signal: attemptSignal,
            },
            options.fetch,
          ),
          attemptSignal,
        );
        if (hooks.onResponse) {
          callHook(hooks.onResponse, {
            ...hook,
            status: raw.status,
            durationMs: clock.now() - started,
          });
        }
        return judgeResponse(raw);
      } catch (error) {
        if (caller?.aborted) {
          // The caller gave up. Before sending that is just the reason; after, a mutation may have landed.
          throw repeatable ? caller.reason : outcomeUnknown(caller.reason);
        }
        // A timeout: the call's is final, an attempt's may be retried.
        if (overall?.aborted || timer.signal.aborted) {
          const reason: TimeoutError = overall?.aborted ? overall.reason : timer.signal.reason;
          return { error: reason, failure: { kind: "ambiguous", retryable: !overall?.aborted } };
        }
        const { sent, code } = transportFailure(error);
        const detail = code ? ` (${code})` : "";
        return {
          error: new ConnectionError(
            sent
              ? `The connection failed${detail}; the request may have reached the server`
              : `Could not connect${detail}; the request was not sent`,
            sent,
          ),
          failure: sent ? { kind: "ambiguous", retryable: true } : { kind: "not-sent" },
        };
      } finally {
        stopTimer();
      }
    }

    try {
      const { status, body } =
        cache && method === "GET" && call.cache !== false
          ? {
              status: 200,
              // A load shared by identical GETs stops only when every one of their callers gave up.
              body: await cache.responses.getOrLoad(
                await cache.keyOf(call.path, call.query),
                typeof call.cache === "object" ? call.cache.ttl : cache.ttl,
                async (shared) => (await execute(shared)).body,
                call.signal,
              ),
            }
          : await execute(call.signal);
      if (!call.schema) return body as Output;
      return await parse(call.schema, body, { status, redactor }).catch((error: unknown) => {
        // The mutation was answered with success but an unreadable body: it may have been applied.
        throw repeatable ? error : outcomeUnknown(error);
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

  function judgeResponse({ status, headers, text }: RawResponse): AttemptResult {
    let body: unknown;
    try {
      body = parseJsonText(text, headers.get("content-type"), { status, redactor });
    } catch (error) {
      if (status < 400)
        return {
          error: error as ResponseValidationError,
          failure: { kind: "ambiguous", retryable: false },
        };
      // An error status with an HTML page or nothing: the status still says what happened.
      body = (error as ResponseValidationError).body;
    }
    const info: ResponseInfo = { status, headers, body };
    const apiMessage = rules.failureMessage?.(body);
    const quota = status === 429 || !!rules.isQuotaExceeded?.(info);
    if (status < 400 && apiMessage === undefined && !quota) return { status, body };
    const retryAfter = retryAfterMs(headers, Date.now());
    const init = {
      status,
      apiMessage: apiMessage && redactor.text(apiMessage),
      body: redactor.value(body),
      retryAfter,
    };
    return {
      error: quota ? new RateLimitError(init) : apiErrorFor(init),
      failure: {
        kind: "status",
        status,
        notProcessed: quota || !!rules.isNotProcessed?.(info),
      },
      retryAfter,
      quota,
    };
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

/**
 * A `ValidationError` for each duration that is not a finite number of ms (timeouts: > 0), and
 * each count of `retries` that is not a whole number ≥ 0.
 */
export function checkDurations(durations: Record<string, number | undefined>): void {
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(durations)) {
    const count = name.endsWith("retries");
    // A limit of 0 ms would fail every call; a delay of 0 ms is merely impatient.
    const positive = name.endsWith("imeout");
    if (
      value !== undefined &&
      !(
        (count ? Number.isSafeInteger : Number.isFinite)(value) &&
        (positive ? value > 0 : value >= 0)
      )
    ) {
      issues.push({
        path: name.split("."),
        message: `must be ${count ? "a whole number" : "a number of milliseconds"} ${positive ? ">" : "≥"} 0, got ${value}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The `ApiError` subclass an HTTP status names. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  const status = init.status ?? 0;
  const named: Record<number, typeof ApiError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: NotFoundError,
    429: RateLimitError,
  };
  return new (named[status] ?? (status >= 500 ? ServerError : ApiError))(init);
}

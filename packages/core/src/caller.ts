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
import { abortAfter, anySignal, raceSignal } from "./signals.js";
import {
  buildURL,
  type FetchFunction,
  type FormFields,
  formBody,
  type HttpMethod,
  multipartBody,
  type Query,
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
  | { ok: true; status: number; body: unknown }
  | {
      ok: false;
      error: CointapError;
      failure: AttemptFailure;
      retryAfter?: number | undefined;
      quota?: boolean;
    };

interface Call {
  method: HttpMethod;
  path: string;
  url: string;
  headers: Record<string, string>;
  bodyFields?: { kind: "form" | "multipart"; fields: FormFields } | undefined;
  repeatable: boolean;
  timeout: number;
  signal: AbortSignal | undefined;
}

/**
 * Builds a client from its parts: transport, timeouts, retry, redaction and hooks, plus the quota
 * and cache plug-ins it is given. `createHttpClient` builds those from settings.
 */
export function createCaller(options: CallerOptions): HttpClient {
  const base = secureBaseURL(options.baseURL, options.allowInsecureHttp);
  assertOptions(options);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const hooks = options.hooks ?? {};
  const rules = options.responses ?? {};
  const auth = { headers: options.auth?.headers ?? {}, query: options.auth?.query ?? {} };
  const redactor = createRedactor({
    ...options.redact,
    secrets: [
      ...Object.values(auth.headers),
      ...Object.values(auth.query),
      ...(options.redact?.secrets ?? []),
    ],
  });
  const retry =
    options.retry === false
      ? { ...DEFAULT_RETRY, retries: 0 }
      : { ...DEFAULT_RETRY, ...options.retry };
  const defaultTimeout = options.timeout ?? DEFAULT_TIMEOUT;
  const limiter = options.quota?.limiter;
  const cache = options.cache;

  const baseHeaders: Record<string, string> = { accept: "application/json", ...auth.headers };
  if (options.userAgent) baseHeaders["user-agent"] = options.userAgent;

  async function request<Output>(call: RequestOptions<Output>): Promise<Output> {
    checkDurations({ timeout: call.timeout });
    const repeatable = call.idempotent ?? call.method === "GET";
    const prepared: Call = {
      method: call.method,
      path: call.path,
      url: buildURL(base, call.path, { ...call.query, ...auth.query }),
      headers: baseHeaders,
      bodyFields: call.multipart
        ? { kind: "multipart", fields: call.multipart }
        : call.form && { kind: "form", fields: call.form },
      repeatable,
      timeout: call.timeout ?? defaultTimeout,
      signal: call.signal,
    };
    const hookRequest = { method: call.method, url: redactor.url(prepared.url), attempt: 1 };
    try {
      const result = await load(call, prepared);
      return await shape(call, prepared, result);
    } catch (error) {
      callHook(hooks.onError, { ...hookRequest, error });
      throw error;
    } finally {
      if (cache && call.invalidates?.length) {
        await cache.responses.invalidate(
          await Promise.all(call.invalidates.map((entry) => cache.keyOf(entry.path, entry.query))),
        );
      }
    }
  }

  async function load(
    call: RequestOptions<unknown>,
    prepared: Call,
  ): Promise<{ status: number; body: unknown }> {
    if (!cache || call.method !== "GET" || call.cache === false) return execute(prepared);
    const ttl = typeof call.cache === "object" ? call.cache.ttl : cache.ttl;
    const key = await cache.keyOf(call.path, call.query);
    // The shared load must outlive any one caller: each caller's signal only stops its own wait.
    const shared = { ...prepared, signal: undefined };
    const body = await raceSignal(
      cache.responses.getOrLoad(key, ttl, async () => (await execute(shared)).body),
      call.signal,
    );
    return { status: 200, body };
  }

  async function shape<Output>(
    call: RequestOptions<Output>,
    prepared: Call,
    result: { status: number; body: unknown },
  ): Promise<Output> {
    if (!call.schema) return result.body as Output;
    try {
      return await parse(call.schema, result.body, { status: result.status, redactor });
    } catch (error) {
      // The mutation was answered with success but an unreadable body: it may have been applied.
      if (!prepared.repeatable) throw outcomeUnknown(prepared, error);
      throw error;
    }
  }

  async function execute(call: Call): Promise<{ status: number; body: unknown }> {
    const overall = new AbortController();
    const stopOverall =
      options.totalTimeout === undefined
        ? () => {}
        : abortAfter(
            clock,
            options.totalTimeout,
            overall,
            () => new TimeoutError(options.totalTimeout ?? 0, "The call"),
          );
    const waitSignal = anySignal([call.signal, overall.signal]);
    try {
      for (let attempt = 1; ; attempt++) {
        const hookRequest: HookRequest = {
          method: call.method,
          url: redactor.url(call.url),
          attempt,
        };
        await takeTurn(hookRequest, waitSignal);
        // Nothing has been sent yet: a call abandoned by now simply rejects with the reason.
        waitSignal.throwIfAborted();
        const result = await runAttempt(call, overall.signal, hookRequest);
        if (result.ok) return result;
        if (result.quota) limiter?.pause(result.retryAfter);
        const verdict = judgeFailure(result.failure, call.repeatable);
        const retryAfter = result.retryAfter ?? 0;
        if (verdict === "retry" && attempt <= retry.retries && retryAfter <= retry.maxRetryAfter) {
          // After a quota answer the paused bucket is the wait; otherwise Retry-After or backoff.
          const delayMs =
            result.quota && limiter
              ? 0
              : (result.retryAfter ?? backoffDelay(attempt - 1, retry, random));
          callHook(hooks.onRetry, { ...hookRequest, error: result.error, delayMs });
          await clock.sleep(delayMs, waitSignal);
          continue;
        }
        if (verdict === "unknown") {
          throw outcomeUnknown(call, result.error);
        }
        throw result.error;
      }
    } finally {
      stopOverall();
    }
  }

  async function takeTurn(hookRequest: HookRequest, signal: AbortSignal): Promise<void> {
    if (!limiter) return;
    const waitMs = limiter.expectedWait();
    if (waitMs > 0) callHook(hooks.onQueued, { ...hookRequest, waitMs, queued: limiter.queued });
    await limiter.acquire({
      signal,
      maxQueue: options.quota?.maxQueue,
      maxWait: options.quota?.maxWait,
      priority: hookRequest.attempt > 1,
    });
  }

  async function runAttempt(
    call: Call,
    overall: AbortSignal,
    hookRequest: HookRequest,
  ): Promise<AttemptResult> {
    const attemptTimeout = new AbortController();
    const stopTimer = abortAfter(
      clock,
      call.timeout,
      attemptTimeout,
      () => new TimeoutError(call.timeout),
    );
    const signal = anySignal([attemptTimeout.signal, call.signal, overall]);
    const started = clock.now();
    callHook(hooks.onRequest, { ...hookRequest, headers: redactor.headers(call.headers) });
    try {
      const exchange = { method: call.method, url: call.url, headers: call.headers, signal };
      // Raced against the signal as well: a custom fetch that ignores its signal must not outlive the timeout.
      const raw = await raceSignal(
        send({ ...exchange, body: encodeBody(call) }, options.fetch),
        signal,
      );
      callHook(hooks.onResponse, {
        ...hookRequest,
        status: raw.status,
        durationMs: clock.now() - started,
      });
      return judgeResponse(raw.status, raw.headers, raw.text);
    } catch (error) {
      return failedAttempt(call, error, attemptTimeout.signal, overall);
    } finally {
      stopTimer();
    }
  }

  function failedAttempt(
    call: Call,
    error: unknown,
    attemptTimeout: AbortSignal,
    overall: AbortSignal,
  ): AttemptResult {
    if (call.signal?.aborted) {
      // The caller gave up. Before sending that is just the reason; after, a mutation may have landed.
      if (call.repeatable) throw call.signal.reason;
      throw outcomeUnknown(call, call.signal.reason);
    }
    if (overall.aborted) {
      return {
        ok: false,
        error: overall.reason as TimeoutError,
        failure: { kind: "ambiguous", retryable: false },
      };
    }
    if (attemptTimeout.aborted) {
      return {
        ok: false,
        error: attemptTimeout.reason as TimeoutError,
        failure: { kind: "ambiguous", retryable: true },
      };
    }
    const { sent, code } = transportFailure(error);
    const message = sent
      ? `The connection failed${code ? ` (${code})` : ""}; the request may have reached the server`
      : `Could not connect${code ? ` (${code})` : ""}; the request was not sent`;
    return {
      ok: false,
      error: new ConnectionError(message, sent),
      failure: sent ? { kind: "ambiguous", retryable: true } : { kind: "not-sent" },
    };
  }

  function outcomeUnknown(call: Call, cause: unknown): OutcomeUnknownError {
    return new OutcomeUnknownError({ method: call.method, path: redactor.text(call.path), cause });
  }

  function judgeResponse(status: number, headers: Headers, text: string): AttemptResult {
    let body: unknown;
    try {
      body = parseJsonText(text, headers.get("content-type"), { status, redactor });
    } catch (error) {
      if (status < 400) {
        return {
          ok: false,
          error: error as ResponseValidationError,
          failure: { kind: "ambiguous", retryable: false },
        };
      }
      // An error status with an HTML page or nothing: the status still says what happened.
      body = (error as ResponseValidationError).body;
    }
    const info: ResponseInfo = { status, headers, body };
    const apiMessage = rules.failureMessage?.(body);
    const quota = status === 429 || (rules.isQuotaExceeded?.(info) ?? false);
    if (status < 400 && apiMessage === undefined && !quota) return { ok: true, status, body };
    const retryAfter = retryAfterMs(headers, Date.now());
    const init: ApiErrorInit = {
      status,
      apiMessage: apiMessage === undefined ? undefined : redactor.text(apiMessage),
      body: redactor.value(body),
    };
    const notProcessed = quota || (rules.isNotProcessed?.(info) ?? false);
    return {
      ok: false,
      error: quota ? new RateLimitError({ ...init, retryAfter }) : apiErrorFor(init),
      failure: { kind: "status", status, notProcessed },
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

/** Refuses option values that would silently misbehave (a `NaN` timeout fires at once). */
function assertOptions(options: CallerOptions): void {
  const retry = options.retry === false ? {} : (options.retry ?? {});
  checkDurations({
    timeout: options.timeout,
    totalTimeout: options.totalTimeout,
    "retry.baseDelay": retry.baseDelay,
    "retry.maxDelay": retry.maxDelay,
    "retry.maxRetryAfter": retry.maxRetryAfter,
  });
  if (retry.retries !== undefined && !(Number.isSafeInteger(retry.retries) && retry.retries >= 0)) {
    throw new ValidationError([
      { path: ["retry", "retries"], message: `must be a whole number ≥ 0, got ${retry.retries}` },
    ]);
  }
}

/** A `ValidationError` for each duration that is not a finite number of ms (timeouts: > 0). */
export function checkDurations(durations: Record<string, number | undefined>): void {
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(durations)) {
    if (value === undefined) continue;
    // A limit of 0 ms would fail every call; a delay of 0 ms is merely impatient.
    const least = name.endsWith("imeout") ? Number.MIN_VALUE : 0;
    if (!(Number.isFinite(value) && value >= least)) {
      const bound = least > 0 ? "> 0" : "≥ 0";
      issues.push({
        path: name.split("."),
        message: `must be a number of milliseconds ${bound}, got ${value}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

function encodeBody(call: Call): URLSearchParams | FormData | undefined {
  if (!call.bodyFields) return undefined;
  // Built per attempt: a body is consumed by sending it.
  return call.bodyFields.kind === "form"
    ? formBody(call.bodyFields.fields)
    : multipartBody(call.bodyFields.fields);
}

/** The `ApiError` subclass an HTTP status names. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
    case 410:
      return new NotFoundError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status !== undefined && init.status >= 500
        ? new ServerError(init)
        : new ApiError(init);
  }
}

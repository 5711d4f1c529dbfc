/**
 * One attempt: the request sent through the engine with a signal of its own, timed from the first
 * byte to the last byte of the body, and judged. A retry gets a fresh signal (ofetch's own retries
 * reuse an aborted one).
 */

import type { Clock } from "../clock.js";
import { ConnectionError, type OutcomeUnknownError, TimeoutError } from "../errors.js";
import { callHook, type HookRequest, type Hooks } from "../hooks.js";
import { abortAfter, follow } from "../signals.js";
import { type Fields, formBody, type HttpMethod, multipartBody } from "../transport/build.js";
import type { Engine } from "../transport/engine.js";
import { transportFailure } from "../transport/failure.js";
import { type AttemptResult, type JudgeContext, judgeResponse } from "./judge.js";

/** What every attempt of a client shares. */
export interface AttemptContext extends JudgeContext {
  engine: Engine;
  clock: Clock;
  hooks: Hooks;
  headers: Record<string, string>;
}

/** One call's request, as each of its attempts sends it. */
export interface PreparedRequest {
  method: HttpMethod;
  url: string;
  form?: Fields | undefined;
  multipart?: Fields | undefined;
  /** Per-attempt timeout in ms. */
  timeout: number;
  repeatable: boolean;
  outcomeUnknown(cause: unknown): OutcomeUnknownError;
}

/**
 * Sends one attempt. `caller` is the caller's signal (or the shared one of a cached GET),
 * `overall` the call's `totalTimeout`. Rejects only when the caller gave up; every other failure
 * is a result for the retry verdict.
 */
export async function runAttempt(
  context: AttemptContext,
  request: PreparedRequest,
  signals: { caller?: AbortSignal | undefined; overall?: AbortSignal | undefined },
  hook: HookRequest,
): Promise<AttemptResult> {
  const { clock, hooks, headers, engine } = context;
  const { method, url, timeout } = request;
  const attempt = new AbortController();
  const stopTimer = abortAfter(clock, timeout, attempt, () => new TimeoutError(timeout));
  const unfollow = follow(attempt, [signals.caller, signals.overall]);
  const started = clock.now();
  if (hooks.onRequest) {
    callHook(hooks.onRequest, { ...hook, headers: context.redactor.headers(headers) });
  }
  try {
    const raw = await engine(
      {
        method,
        url,
        headers,
        // Built per attempt: a body is consumed by sending it.
        body: request.multipart
          ? multipartBody(request.multipart)
          : request.form && formBody(request.form),
        signal: attempt.signal,
      },
      context.maxResponseBytes,
    );
    if (hooks.onResponse) {
      callHook(hooks.onResponse, {
        ...hook,
        status: raw.status,
        durationMs: clock.now() - started,
      });
    }
    return judgeResponse(raw, context);
  } catch (error) {
    const { caller, overall } = signals;
    if (caller?.aborted) {
      // The caller gave up. Before sending that is just the reason; after, a mutation may have landed.
      throw request.repeatable ? caller.reason : request.outcomeUnknown(caller.reason);
    }
    // A timeout: the call's is final, an attempt's may be retried.
    if (attempt.signal.aborted) {
      return {
        error: attempt.signal.reason as TimeoutError,
        failure: { kind: "ambiguous", retryable: !overall?.aborted },
      };
    }
    return connectionFailure(error);
  } finally {
    stopTimer();
    unfollow();
  }
}

/** A transport error, told apart by its code only (the error itself may carry the URL). */
function connectionFailure(error: unknown): AttemptResult {
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
}

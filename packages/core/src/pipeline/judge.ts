/**
 * Judging an answer: the status, the body and the API's own rules make it a value or a typed
 * error, with what a retry needs to know (see retry.ts for the verdict itself).
 */

import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  type CointapError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  type ResponseValidationError,
  ServerError,
} from "../errors.js";
import { excerpt } from "../excerpt.js";
import { invalidBody, parseJsonText } from "../parse.js";
import type { Redactor } from "../redact.js";
import { type AttemptFailure, retryAfterMs } from "../retry.js";
import type { RawResponse } from "../transport/engine.js";

/** A response as the API rules see it. */
export interface ResponseInfo {
  status: number;
  headers: Headers;
  /** The parsed JSON body (`undefined` when it could not be read). */
  body: unknown;
}

/** How an API signals trouble beyond its HTTP status. */
export interface ResponseRules {
  /** The API's error message when `body` is its failure envelope — which is then an error at any status. */
  failureMessage?(body: unknown): string | undefined;
  /** Whether this is the API's quota answer: a `RateLimitError` that pauses the quota (429 always is). */
  isQuotaExceeded?(response: ResponseInfo): boolean;
  /**
   * Whether the API documents this answer as "not processed", so any method may be retried (429
   * always is). Only the API's own answer is proof: a proxy's 503 page says nothing of the request.
   */
  isNotProcessed?(response: ResponseInfo): boolean;
}

/** One attempt's outcome: the answer, or an error with what the retry verdict needs. */
export type AttemptResult =
  | { status: number; body: unknown }
  | {
      error: CointapError;
      failure: AttemptFailure;
      retryAfter?: number | undefined;
      quota?: boolean;
    };

/** What judging needs besides the response. */
export interface JudgeContext {
  rules: ResponseRules;
  redactor: Redactor;
  maxResponseBytes: number;
}

/** The answer as a value, or as the error its status, body and the API's rules name. */
export function judgeResponse(raw: RawResponse, context: JudgeContext): AttemptResult {
  const { status, headers, text } = raw;
  const { rules, redactor } = context;
  if (raw.redirect || (status >= 300 && status < 400)) return redirected(raw, redactor);
  let body: unknown;
  try {
    body =
      text === undefined
        ? tooLarge(status, context)
        : parseJsonText(text, headers.get("content-type"), { status, redactor });
  } catch (error) {
    // A success that cannot be read may still have been applied: never retried, unknown for a POST.
    if (status < 400)
      return {
        error: error as ResponseValidationError,
        failure: { kind: "ambiguous", retryable: false },
      };
    // An error status with an HTML page, nothing, or too much: the status still says what happened.
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

/**
 * A 3xx (or a redirect the fetch reported: a browser's opaque one, one a custom fetch followed):
 * an error for every method, never followed. For a POST or DELETE, 307 and 308 say "send it
 * there instead", so nothing was done here; 301, 302 and 303 are also how a server answers a POST
 * it processed ("see the result there"), so their outcome is unknown.
 */
function redirected({ status, headers, redirect }: RawResponse, redactor: Redactor): AttemptResult {
  const location = redirect?.location ?? headers.get("location");
  return {
    error: new RedirectError({
      status,
      location: location ? excerpt(redactor.url(location), 500) : undefined,
    }),
    failure:
      status === 307 || status === 308
        ? { kind: "status", status, notProcessed: false }
        : { kind: "ambiguous", retryable: false },
  };
}

function tooLarge(status: number, { maxResponseBytes, redactor }: JudgeContext): never {
  throw invalidBody(
    "",
    [{ path: [], message: `the body is larger than maxResponseBytes (${maxResponseBytes} bytes)` }],
    { status, redactor },
  );
}

const STATUS_ERRORS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  410: NotFoundError,
  429: RateLimitError,
};

/** The `ApiError` subclass an HTTP status names. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  const status = init.status ?? 0;
  return new (STATUS_ERRORS[status] ?? (status >= 500 ? ServerError : ApiError))(init);
}

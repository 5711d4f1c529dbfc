/**
 * The error classes every cointap client throws. Each carries a stable `code` for programs, and
 * renders (message, `toJSON()`, `util.inspect`) only from fields that were redacted before the error
 * was built: the core never stores raw requests, headers or third-party errors on an error.
 */

import { excerpt, keptBody, keptIssues, MAX_BODY } from "./excerpt.js";

/** One problem found in an input or a response, located by its path. */
export interface Issue {
  /** Where the problem is, e.g. `["addresses", 1]`; empty for the value itself. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

interface CointapErrorOptions {
  /** An already redacted cause (another `CointapError`, or the signal's reason). */
  cause?: unknown;
}

// Fields that a constructor sets are `declare`d: a class field would also be emitted (bundle bytes)
// and first defined as `undefined`.

/** Base class of every error cointap throws. */
export class CointapError extends Error {
  /** A stable, machine-readable identifier of the error class. */
  readonly code: string = "cointap_error";
  // Named in full, not from `new.target.name`: a minifier renames classes (`BadRequestError` → `Ae`).
  override name = "CointapError";

  constructor(message: string, options?: CointapErrorOptions) {
    // `Error` sets `cause` only when `options` has one.
    super(message, options);
  }

  /** A plain, redacted description, safe to log or send. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
    };
    for (const [key, value] of Object.entries(this)) if (value !== undefined) json[key] = value;
    if (this.cause !== undefined) json.cause = describeCause(this.cause);
    return json;
  }

  /** What `util.inspect` and `console.log` show: the redacted JSON form with the stack. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    // `fields` always holds `code` at least.
    const { name: _name, message: _message, ...fields } = this.toJSON();
    // Without a stack, `String(this)`: "Name: message".
    return `${this.stack ?? this} ${JSON.stringify(fields)}`;
  }
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof CointapError) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}

/** An input was rejected before anything was sent. */
export class ValidationError extends CointapError {
  override readonly code: string = "validation_error";
  override name = "ValidationError";
  /** Every problem found, not only the first. */
  declare readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[], message?: string) {
    const kept = keptIssues(issues);
    super(message ?? `Invalid input: ${formatIssues(kept)}`);
    this.issues = kept;
  }
}

/** Fields an `ApiError` is built from, already redacted (they are cut to a few KB here). */
export interface ApiErrorInit {
  /** HTTP status, or `undefined` for a `RateLimitError` raised by the local queue. */
  status: number | undefined;
  /** The API's own error message, if it sent one. */
  apiMessage?: string | undefined;
  /** The (redacted) response body. */
  body?: unknown;
}

/** The API answered with an error. Subclasses name the common statuses. */
export class ApiError extends CointapError {
  override readonly code: string = "api_error";
  override name = "ApiError";
  declare readonly status: number | undefined;
  /** The API's own message (`{"status":"failure","message":…}`), when it sent one. */
  declare readonly apiMessage: string | undefined;
  declare readonly body: unknown;

  constructor(init: ApiErrorInit, message?: string) {
    const apiMessage = init.apiMessage && excerpt(init.apiMessage);
    super(
      message ??
        (init.status === undefined
          ? "The API refused the call"
          : `The API answered ${init.status}${apiMessage ? "" : " with an error"}`) +
          (apiMessage ? `: ${apiMessage}` : ""),
    );
    this.status = init.status;
    this.apiMessage = apiMessage;
    this.body = keptBody(init.body);
  }
}

/** HTTP 400. */
export class BadRequestError extends ApiError {
  override readonly code: string = "bad_request";
  override name = "BadRequestError";
}
/** HTTP 401: the keys or token were refused. */
export class AuthenticationError extends ApiError {
  override readonly code: string = "authentication_error";
  override name = "AuthenticationError";
}
/** HTTP 403. */
export class PermissionDeniedError extends ApiError {
  override readonly code: string = "permission_denied";
  override name = "PermissionDeniedError";
}
/** HTTP 404 or 410. */
export class NotFoundError extends ApiError {
  override readonly code: string = "not_found";
  override name = "NotFoundError";
}
/**
 * A 3xx: the API pointed elsewhere. Never followed (DESIGN rule 9): the keys and the body would go
 * to the new place, possibly another host or plain http. For a POST or DELETE after a 301, 302 or
 * 303 it is the `cause` of an `OutcomeUnknownError` (those also answer a request that was processed).
 */
export class RedirectError extends ApiError {
  override readonly code: string = "redirect";
  override name = "RedirectError";
  /** Where the API pointed (`Location`), redacted; `undefined` when hidden (a browser) or absent. */
  declare readonly location: string | undefined;

  constructor(init: ApiErrorInit & { location?: string | undefined }) {
    super(
      init,
      `The API answered ${init.status || "with a redirect"}${init.location ? ` to ${init.location}` : ""}; redirects are not followed`,
    );
    this.location = init.location;
  }
}
/** Other 5xx. */
export class ServerError extends ApiError {
  override readonly code: string = "server_error";
  override name = "ServerError";
}

/** HTTP 429, an API's documented quota answer (CoinImp's 503), or the local quota queue refused. */
export class RateLimitError extends ApiError {
  override readonly code: string = "rate_limited";
  override name = "RateLimitError";
  /** How long to wait before trying again, in ms, when known. */
  declare readonly retryAfter: number | undefined;

  constructor(init: ApiErrorInit & { retryAfter?: number | undefined }, message?: string) {
    super(init, message);
    this.retryAfter = init.retryAfter;
  }
}

/** The response body is not what the API documents (including a non-JSON or empty body). */
export class ResponseValidationError extends CointapError {
  override readonly code: string = "response_validation_error";
  override name = "ResponseValidationError";
  declare readonly status: number | undefined;
  declare readonly issues: readonly Issue[];
  /** The (redacted) body that failed to parse. */
  declare readonly body: unknown;

  /** `issues` and `body` already redacted; they are cut to a few KB here. */
  constructor(init: { status?: number | undefined; issues: readonly Issue[]; body: unknown }) {
    const issues = keptIssues(init.issues);
    super(`Unexpected response${init.status ? ` (${init.status})` : ""}: ${formatIssues(issues)}`);
    this.status = init.status;
    this.issues = issues;
    this.body = keptBody(init.body);
  }
}

/** An attempt, or the whole call, ran out of time. */
export class TimeoutError extends CointapError {
  override readonly code: string = "timeout";
  override name = "TimeoutError";
  /** The limit that ran out, in ms. */
  declare readonly timeout: number;

  constructor(timeout: number, what = "The request") {
    super(`${what} timed out after ${timeout} ms`);
    this.timeout = timeout;
  }
}

/** The connection failed. */
export class ConnectionError extends CointapError {
  override readonly code: string = "connection_error";
  override name = "ConnectionError";
  /**
   * `false` only when the request provably never left (connection refused, DNS failure): then a
   * retry cannot duplicate it. `true` when it may have reached the server.
   */
  declare readonly sent: boolean;

  constructor(message: string, sent: boolean) {
    super(message);
    this.sent = sent;
  }
}

/**
 * A POST or DELETE failed after it was sent: it may or may not have been applied. It was not
 * retried. Check the account's state before sending it again.
 */
export class OutcomeUnknownError extends CointapError {
  override readonly code: string = "outcome_unknown";
  override name = "OutcomeUnknownError";
  declare readonly method: string;
  /** The path, without query or host. */
  declare readonly path: string;

  constructor(init: { method: string; path: string; cause: unknown }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(
      `${init.method} ${init.path} may or may not have been applied (${reason}); it was not retried`,
      { cause: init.cause },
    );
    this.method = init.method;
    this.path = init.path;
  }
}

/** The issues as one line, cut to a few KB (a path may be a hostile body's 500 KB key). */
function formatIssues(issues: readonly Issue[]): string {
  const text = issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
  return excerpt(text, MAX_BODY);
}

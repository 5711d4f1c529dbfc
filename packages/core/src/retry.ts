/**
 * When to try again, and after how long (DESIGN rule 4: never send money twice).
 *
 * A request the client may repeat (GET) is retried after any ambiguous failure. A POST or DELETE
 * is retried only when it provably was not processed: it never left (connection refused, DNS), or
 * the server said so (429, or a status the API documents as "not processed"). Any other failure
 * of a POST or DELETE after sending has an unknown outcome and is reported, never repeated.
 */

/** Retry settings; `retry: false` on the client turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  retries?: number;
  /** Backoff base in ms: attempt n waits a random time in [0, baseDelay·2ⁿ). Default 500. */
  baseDelay?: number;
  /** Upper bound of one backoff wait, in ms. Default 10 000. */
  maxDelay?: number;
  /**
   * The longest `Retry-After` honoured, in ms; a server asking for longer gets a `RateLimitError`
   * (with `retryAfter`) instead of a hung call, and a quota pause lasts at most this long.
   * Default 60 000.
   */
  maxRetryAfter?: number;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  retries: 2,
  baseDelay: 500,
  maxDelay: 10_000,
  maxRetryAfter: 60_000,
};

/** Statuses after which a repeatable request is retried. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** What went wrong with one attempt, as far as retrying is concerned. */
export type AttemptFailure =
  /** The server answered with an error. */
  | { kind: "status"; status: number; notProcessed: boolean }
  /** The request provably never reached the server. */
  | { kind: "not-sent" }
  /** It may have reached the server (timeout, connection lost, unreadable body). */
  | { kind: "ambiguous"; retryable: boolean };

/** `retry`: try again; `fail`: report this failure; `unknown`: report that the outcome is unknown. */
export type RetryVerdict = "retry" | "fail" | "unknown";

/** Decides what one failed attempt means for a request that is (or is not) safe to repeat. */
export function judgeFailure(failure: AttemptFailure, repeatable: boolean): RetryVerdict {
  switch (failure.kind) {
    case "not-sent":
      return "retry";
    case "status":
      // 429 means "not processed" whatever the caller's flag says (see the module comment).
      if (failure.notProcessed || failure.status === 429) return "retry";
      if (repeatable) return RETRYABLE_STATUSES.has(failure.status) ? "retry" : "fail";
      return failure.status >= 500 ? "unknown" : "fail";
    case "ambiguous":
      if (!repeatable) return "unknown";
      return failure.retryable ? "retry" : "fail";
  }
}

/**
 * The wait a server asked for, in ms: `retry-after-ms`, else `Retry-After` as seconds or as an
 * HTTP date. `undefined` when absent or unreadable. Always finite (a 400-digit number is not
 * "forever"): whoever waits on it caps it (`maxRetryAfter`).
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const wait = askedWait(headers, now);
  return wait === undefined ? undefined : Math.min(Number.MAX_SAFE_INTEGER, wait);
}

function askedWait(headers: Headers, now: number): number | undefined {
  // A non-negative number, as these headers write one.
  const number = /^\s*\d+(\.\d+)?\s*$/;
  const milliseconds = headers.get("retry-after-ms") ?? "";
  if (number.test(milliseconds)) return Number(milliseconds);
  const header = headers.get("retry-after") ?? "";
  if (number.test(header)) return Number(header) * 1000;
  // An HTTP date (RFC 9110 §5.6.7: IMF-fixdate, rfc850-date or asctime-date) has a day name, then
  // a time of day. `Date.parse` alone reads far too much ("-1" and "+5" are dates to it), and reads
  // the zone-less asctime form as local time: HTTP dates are GMT.
  if (!/^\s*[A-Za-z]{3,9},?\s.*\b\d{2}:\d{2}:\d{2}\b/.test(header)) return undefined;
  const date = Date.parse(/\b(GMT|UTC|Z)\s*$/i.test(header) ? header : `${header.trim()} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter for the retry numbered `retry` (0 for the first). */
export function backoffDelay(
  retry: number,
  { baseDelay, maxDelay }: Pick<Required<RetryOptions>, "baseDelay" | "maxDelay">,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(maxDelay, baseDelay * 2 ** retry));
}

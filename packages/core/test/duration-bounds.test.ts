/**
 * Everything is bounded (DESIGN rule 10): a duration above 2^31−1 ms (what `setTimeout` can hold;
 * beyond it Node fires the timer after 1 ms) is a `ValidationError` at construction or at call
 * time, and nothing is sent; so are `Infinity` and `NaN`. A server's `Retry-After`, however long
 * (30 days, or 400 nines that read as `Infinity`), is reported on the `RateLimitError` but pauses
 * the quota bucket for at most `retry.maxRetryAfter` — and starts no timer storm.
 */

import { describe, expect, it } from "vitest";
import {
  createHttpClient,
  type HttpClientOptions,
  RateLimitError,
  type RequestOptions,
  ValidationError,
} from "../src/index.js";
import { firstFailure } from "./helpers/first-failure.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const BASE = "https://api.example.test/v2";
const MAX_TIMER = 2 ** 31 - 1;
const OUT_OF_RANGE = [3e9, 2 ** 31, Number.POSITIVE_INFINITY, Number.NaN];
const GET = { method: "GET", path: "/reward" } as const;

/** The client options that hold a duration, each set to `value`. */
function clientDurations(value: number): [string, Partial<HttpClientOptions>][] {
  return [
    ["timeout", { timeout: value }],
    ["totalTimeout", { totalTimeout: value }],
    ["retry.maxDelay", { retry: { maxDelay: value } }],
    ["retry.baseDelay", { retry: { baseDelay: value } }],
    ["retry.maxRetryAfter", { retry: { maxRetryAfter: value } }],
    ["cache.ttl", { cache: { ttl: value } }],
    ["rateLimit.interval", { rateLimit: { capacity: 1, refill: 1, interval: value } }],
    [
      "rateLimit.maxWait",
      { rateLimit: { capacity: 10, refill: 1, interval: 1000, maxWait: value } },
    ],
  ];
}

/** The per-call options that hold a duration, each set to `value`. */
function callDurations(value: number): [string, RequestOptions<unknown>][] {
  return [
    ["call timeout", { ...GET, timeout: value }],
    ["call cache.ttl", { ...GET, cache: { ttl: value } }],
  ];
}

describe("durations beyond 2^31−1 ms, Infinity and NaN are a ValidationError; nothing is sent", () => {
  for (const value of OUT_OF_RANGE) {
    for (const [name, options] of clientDurations(value)) {
      it(`client ${name}: ${value}`, async () => {
        const { failure, sent } = await firstFailure(options);
        expect(failure, `${name}: ${value}`).toBeInstanceOf(ValidationError);
        expect(sent, "requests sent").toBe(0);
      });
    }
    for (const [name, call] of callDurations(value)) {
      it(`${name}: ${value}`, async () => {
        const { failure, sent } = await firstFailure({}, call);
        expect(failure, `${name}: ${value}`).toBeInstanceOf(ValidationError);
        expect(sent, "requests sent").toBe(0);
      });
    }
  }

  // The bound itself is allowed: the check must not refuse what a timer can hold.
  it("every one of them at exactly 2^31−1 ms is accepted and the call is sent", async () => {
    for (const [name, options] of clientDurations(MAX_TIMER)) {
      const { failure, sent } = await firstFailure(options);
      expect(failure, name).toBeUndefined();
      expect(sent, name).toBe(1);
    }
    for (const [name, call] of callDurations(MAX_TIMER)) {
      const { failure, sent } = await firstFailure({}, call);
      expect(failure, name).toBeUndefined();
      expect(sent, name).toBe(1);
    }
  });
});

/** Settles `promise`, or says "pending" after `ms` of real time (a guard, not a measurement). */
async function settledWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value?: T; error?: unknown } | "pending"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<"pending">((resolve) => {
    timer = setTimeout(() => resolve("pending"), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const QUOTA_503 = {
  isQuotaExceeded: ({ status }: { status: number }) => status === 503,
  isNotProcessed: ({ status }: { status: number }) => status === 503,
};

describe("a server's Retry-After is capped at retry.maxRetryAfter", () => {
  const answers = [
    ["429", 429, undefined],
    ["a quota 503", 503, QUOTA_503],
  ] as const;
  const waits = [
    ["2592000 (30 days)", "2592000"],
    ["400 nines (Infinity)", "9".repeat(400)],
  ] as const;
  const caps = [
    ["default maxRetryAfter (60 s)", undefined, 60_000],
    ["maxRetryAfter 5 s", 5_000, 5_000],
  ] as const;

  for (const [answer, status, responses] of answers) {
    for (const [wait, header] of waits) {
      for (const [capName, maxRetryAfter, cap] of caps) {
        it(`${answer} with Retry-After ${wait}, ${capName}: RateLimitError at once, the bucket paused ≤ the cap`, async () => {
          const clock = new VirtualClock();
          let quotaAnswers = 1;
          const stub = stubFetch(
            () =>
              quotaAnswers-- > 0
                ? json(status, { message: "quota" }, { "retry-after": header })
                : json(200, { ok: true }),
            () => clock.now(),
          );
          const api = createHttpClient({
            baseURL: BASE,
            fetch: stub.fetch,
            clock,
            cache: false,
            rateLimit: { capacity: 10, refill: 3, interval: 60_000 },
            ...(maxRetryAfter !== undefined && { retry: { maxRetryAfter } }),
            ...(responses && { responses }),
          });
          // No virtual time passes: a call that waited for the server's Retry-After would hang.
          const outcome = await settledWithin(api.request(GET), 2000);
          expect(outcome, "the call settled without waiting").not.toBe("pending");
          const { error } = outcome as { error?: unknown };
          expect(error).toBeInstanceOf(RateLimitError);
          const retryAfter = (error as RateLimitError).retryAfter;
          if (header === "2592000") expect(retryAfter).toBe(2_592_000_000);
          else {
            expect(Number.isFinite(retryAfter), `retryAfter ${retryAfter} is finite`).toBe(true);
            expect(retryAfter).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
          }
          expect(stub.calls).toHaveLength(1);
          // The bucket pause is capped: the next call goes out once the cap has passed.
          expect(api.rateLimiter?.expectedWait()).toBeLessThanOrEqual(cap);
          const next = api.request(GET);
          await clock.advance(cap);
          expect(stub.calls, "the next call was sent by t = maxRetryAfter").toHaveLength(2);
          expect(await next).toEqual({ ok: true });
        });
      }
    }
  }

  it("Retry-After of 400 nines on the real clock: a finite retryAfter, no TimeoutOverflowWarning, no timer storm", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const stub = stubFetch(() =>
        json(429, { message: "quota" }, { "retry-after": "9".repeat(400) }),
      );
      const api = createHttpClient({
        baseURL: BASE,
        fetch: stub.fetch,
        cache: false,
        // A bucket of its own (the real clock's buckets are shared per account in the process).
        rateLimit: { capacity: 1, refill: 1, interval: 1000, account: `storm-${Math.random()}` },
        random: () => 0,
      });
      const error = await api.request(GET).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RateLimitError);
      const retryAfter = (error as RateLimitError).retryAfter;
      expect(Number.isFinite(retryAfter), `retryAfter ${retryAfter} is finite`).toBe(true);
      expect(retryAfter).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
      expect(api.rateLimiter?.expectedWait()).toBeLessThanOrEqual(60_000);
      // A call queued behind the pause waits on a real timer; then it is abandoned.
      const controller = new AbortController();
      const queued = api.request({ ...GET, signal: controller.signal }).then(
        () => "resolved",
        (caught: unknown) => caught,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stub.calls, "nothing more sent during the pause").toHaveLength(1);
      const reason = new Error("gave up");
      controller.abort(reason);
      expect(await queued).toBe(reason);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(
        warnings.filter((warning) => warning.name === "TimeoutOverflowWarning").map(String),
      ).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

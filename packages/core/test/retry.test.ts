import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  type AttemptFailure,
  backoffDelay,
  DEFAULT_RETRY,
  judgeFailure,
  type RetryVerdict,
  retryAfterMs,
} from "../src/retry.js";

const status = (code: number, notProcessed = false): AttemptFailure => ({
  kind: "status",
  status: code,
  notProcessed,
});

interface Row {
  name: string;
  failure: AttemptFailure;
  /** The verdict for a repeatable request (GET). */
  get: RetryVerdict;
  /** The verdict for a POST or DELETE. */
  mutation: RetryVerdict;
}

const TABLE: Row[] = [
  {
    name: "never sent (refused, DNS)",
    failure: { kind: "not-sent" },
    get: "retry",
    mutation: "retry",
  },
  { name: "429", failure: status(429), get: "retry", mutation: "retry" },
  {
    name: "429 declared not processed",
    failure: status(429, true),
    get: "retry",
    mutation: "retry",
  },
  {
    name: "503 declared not processed (quota)",
    failure: status(503, true),
    get: "retry",
    mutation: "retry",
  },
  {
    name: "400 declared not processed",
    failure: status(400, true),
    get: "retry",
    mutation: "retry",
  },
  { name: "408", failure: status(408), get: "retry", mutation: "fail" },
  { name: "425", failure: status(425), get: "retry", mutation: "fail" },
  { name: "500", failure: status(500), get: "retry", mutation: "unknown" },
  { name: "502", failure: status(502), get: "retry", mutation: "unknown" },
  { name: "503", failure: status(503), get: "retry", mutation: "unknown" },
  { name: "504", failure: status(504), get: "retry", mutation: "unknown" },
  { name: "501", failure: status(501), get: "fail", mutation: "unknown" },
  { name: "400", failure: status(400), get: "fail", mutation: "fail" },
  { name: "401", failure: status(401), get: "fail", mutation: "fail" },
  { name: "403", failure: status(403), get: "fail", mutation: "fail" },
  { name: "404", failure: status(404), get: "fail", mutation: "fail" },
  { name: "410", failure: status(410), get: "fail", mutation: "fail" },
  { name: "422", failure: status(422), get: "fail", mutation: "fail" },
  {
    name: "timeout / reset after sending",
    failure: { kind: "ambiguous", retryable: true },
    get: "retry",
    mutation: "unknown",
  },
  {
    name: "unreadable answer",
    failure: { kind: "ambiguous", retryable: false },
    get: "fail",
    mutation: "unknown",
  },
];

describe("judgeFailure", () => {
  it.each(TABLE)("$name: GET → $get, POST/DELETE → $mutation", ({ failure, get, mutation }) => {
    expect(judgeFailure(failure, true)).toBe(get);
    expect(judgeFailure(failure, false)).toBe(mutation);
  });

  it("never retries a non-repeatable request after a 5xx that was not declared 'not processed'", () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 599 }), (code) => {
        expect(judgeFailure(status(code), false)).toBe("unknown");
      }),
    );
  });

  it("never calls a 4xx other than 429 a retry or an unknown outcome for POST/DELETE", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 499 }).filter((code) => code !== 429),
        (code) => {
          expect(judgeFailure(status(code), false)).toBe("fail");
        },
      ),
    );
  });
});

describe("retryAfterMs", () => {
  const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
  const headers = (init: Record<string, string>) => new Headers(init);

  it("is undefined without either header", () => {
    expect(retryAfterMs(headers({}), NOW)).toBeUndefined();
  });

  it("prefers retry-after-ms", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "7" }), NOW)).toBe(250);
  });

  it("falls back to retry-after when retry-after-ms is unreadable", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "soon", "retry-after": "2" }), NOW)).toBe(
      2_000,
    );
    expect(retryAfterMs(headers({ "retry-after-ms": "-5", "retry-after": "2" }), NOW)).toBe(2_000);
  });

  it.each([
    ["0", 0],
    ["1", 1_000],
    ["1.5", 1_500],
    ["120", 120_000],
    [" 3 ", 3_000],
  ])("reads retry-after %j as %d ms", (value, expected) => {
    expect(retryAfterMs(headers({ "retry-after": value }), NOW)).toBe(expected);
  });

  it("reads an HTTP date relative to the given now", () => {
    const inFiveSeconds = new Date(NOW + 5_000).toUTCString();
    expect(retryAfterMs(headers({ "retry-after": inFiveSeconds }), NOW)).toBe(5_000);
    expect(retryAfterMs(headers({ "retry-after": inFiveSeconds }), NOW + 2_000)).toBe(3_000);
  });

  it("reads the obsolete HTTP date forms too", () => {
    // RFC 9110 §5.6.7: rfc850-date and asctime-date, both meaning NOW + 5 s.
    expect(retryAfterMs(headers({ "retry-after": "Wednesday, 01-Jan-25 12:00:05 GMT" }), NOW)).toBe(
      5_000,
    );
    expect(retryAfterMs(headers({ "retry-after": "Wed Jan  1 12:00:05 2025" }), NOW)).toBe(5_000);
  });

  it("reads the zone-less asctime form as GMT whatever the local time zone", () => {
    vi.stubEnv("TZ", "America/New_York");
    try {
      expect(new Date(NOW).getHours()).not.toBe(12); // the zone change took effect
      expect(retryAfterMs(headers({ "retry-after": "Wed Jan  1 12:00:05 2025" }), NOW)).toBe(5_000);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("clamps an HTTP date in the past to 0", () => {
    const past = new Date(NOW - 60_000).toUTCString();
    expect(retryAfterMs(headers({ "retry-after": past }), NOW)).toBe(0);
  });

  it.each(["garbage", "", "-1", "-1.5", "+5", "1e3", "0x10", "1,5", "Infinity", "NaN", "soon 2"])(
    "is undefined for retry-after %j",
    (value) => {
      expect(retryAfterMs(headers({ "retry-after": value }), NOW)).toBeUndefined();
    },
  );
});

describe("backoffDelay", () => {
  const options = { baseDelay: DEFAULT_RETRY.baseDelay, maxDelay: DEFAULT_RETRY.maxDelay };

  it("spans [0, baseDelay·2ⁿ) with full jitter", () => {
    expect(backoffDelay(0, options, () => 0)).toBe(0);
    expect(backoffDelay(0, options, () => 0.5)).toBe(250);
    expect(backoffDelay(2, options, () => 0.5)).toBe(1_000);
    expect(backoffDelay(3, options, () => 0.999_999)).toBe(3_999);
  });

  it("is capped by maxDelay", () => {
    expect(backoffDelay(10, options, () => 0.5)).toBe(5_000);
    expect(backoffDelay(1_000, options, () => 0.999_999)).toBe(9_999);
  });

  it("uses Math.random by default and stays in range", () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(1, options);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(1_000);
    }
  });

  it("is an integer in [0, min(maxDelay, baseDelay·2ⁿ)) for every random() in [0, 1)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelay, maxDelay, r) => {
          const delay = backoffDelay(retry, { baseDelay, maxDelay }, () => r);
          const ceiling = Math.min(maxDelay, baseDelay * 2 ** retry);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("grows with the retry number for the same random draw, until the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, r) => {
          const now = backoffDelay(retry, options, () => r);
          const next = backoffDelay(retry + 1, options, () => r);
          expect(next).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });
});

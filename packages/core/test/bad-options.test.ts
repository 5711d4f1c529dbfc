/**
 * Bad input of any type is a `ValidationError` before anything is sent — never a `TypeError` or a
 * `RangeError` (DESIGN rule 11): a `signal` that is not an AbortSignal, a `baseURL` that is not a
 * string, a quota that could never let a call through, a per-call cache TTL that is not a number
 * of ms, and a `RateLimiter` built with such a quota.
 */

import { describe, expect, it } from "vitest";
import { type HttpClientOptions, RateLimiter, ValidationError } from "../src/index.js";
import { firstFailure } from "./helpers/first-failure.js";

function expectValidationError(failure: unknown, what: string): void {
  expect(failure, what).not.toBeInstanceOf(TypeError);
  expect(failure, what).not.toBeInstanceOf(RangeError);
  expect(failure, what).toBeInstanceOf(ValidationError);
  expect((failure as ValidationError).issues.length, `${what}: issues`).toBeGreaterThan(0);
}

describe("a call's signal that is not an AbortSignal is a ValidationError; nothing is sent", () => {
  const signals: [string, unknown][] = [
    ["null", null],
    ["{}", {}],
    ['"x"', "x"],
  ];
  const calls: [
    string,
    Partial<Record<keyof HttpClientOptions, unknown>>,
    Record<string, unknown>,
  ][] = [
    ["cached GET", {}, { method: "GET", path: "/reward" }],
    ["uncached GET", { cache: false }, { method: "GET", path: "/reward" }],
    ["POST", {}, { method: "POST", path: "/user/withdraw", form: { amount: 1 } }],
    [
      "GET with totalTimeout",
      { cache: false, totalTimeout: 5000 },
      { method: "GET", path: "/reward" },
    ],
  ];
  for (const [shown, signal] of signals) {
    for (const [kind, options, call] of calls) {
      it(`signal: ${shown} on a ${kind}`, async () => {
        const { failure, sent } = await firstFailure(options, { ...call, signal });
        expectValidationError(failure, `signal: ${shown}`);
        expect(sent, "requests sent").toBe(0);
      });
    }
  }
});

describe("a baseURL that is not a string is a ValidationError", () => {
  for (const [shown, baseURL] of [
    ["123", 123],
    ["undefined", undefined],
    ["{}", {}],
    ["null", null],
  ] as const) {
    it(`baseURL: ${shown}`, async () => {
      const { failure, sent } = await firstFailure({ baseURL });
      expectValidationError(failure, `baseURL: ${shown}`);
      expect(sent).toBe(0);
    });
  }
});

const IMPOSSIBLE_QUOTAS: [string, { capacity: number; refill: number; interval: number }][] = [
  ["capacity 0", { capacity: 0, refill: 3, interval: 60_000 }],
  ["refill 0", { capacity: 10, refill: 0, interval: 60_000 }],
  ["interval -1", { capacity: 10, refill: 3, interval: -1 }],
];

describe("a quota that could never let a call through is a ValidationError", () => {
  for (const [name, rateLimit] of IMPOSSIBLE_QUOTAS) {
    it(`createHttpClient with rateLimit ${name}`, async () => {
      const { failure, sent } = await firstFailure({ rateLimit });
      expectValidationError(failure, `rateLimit ${name}`);
      expect(sent).toBe(0);
    });
  }

  it("new RateLimiter({ capacity: 0, refill: 1, interval: 1 })", () => {
    let thrown: unknown;
    try {
      new RateLimiter({ capacity: 0, refill: 1, interval: 1 });
    } catch (error) {
      thrown = error;
    }
    expectValidationError(thrown, "new RateLimiter with capacity 0");
  });

  for (const [name, options] of IMPOSSIBLE_QUOTAS) {
    it(`new RateLimiter with ${name}`, () => {
      let thrown: unknown;
      try {
        new RateLimiter(options);
      } catch (error) {
        thrown = error;
      }
      expectValidationError(thrown, `new RateLimiter with ${name}`);
    });
  }
});

describe("a per-call cache TTL that is not a number of ms is a ValidationError; nothing is sent", () => {
  for (const [shown, ttl] of [
    ["NaN", Number.NaN],
    ['"50"', "50"],
  ] as const) {
    it(`cache: { ttl: ${shown} }`, async () => {
      const { failure, sent } = await firstFailure(
        {},
        { method: "GET", path: "/reward", cache: { ttl } },
      );
      expectValidationError(failure, `cache.ttl ${shown}`);
      expect(sent).toBe(0);
    });
  }
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimitError, ValidationError } from "../src/errors.js";
import { RateLimiter, sharedRateLimiter } from "../src/rate-limit.js";
import { track } from "./helpers/track.js";
import { flushMicrotasks, VirtualClock } from "./helpers/virtual-clock.js";

/** CoinImp's documented quota: bursts of 10, then 3 per minute (one token every 20 s). */
const COINIMP = { capacity: 10, refill: 3, interval: 60_000 } as const;
const PERIOD = 20_000;

function coinimpLimiter(clock = new VirtualClock()) {
  return { clock, limiter: new RateLimiter({ ...COINIMP, clock }) };
}

/** Starts `count` acquires and records, per call, the virtual time at which it was granted. */
function acquireMany(limiter: RateLimiter, clock: VirtualClock, count: number) {
  const times: (number | undefined)[] = new Array(count).fill(undefined);
  const order: number[] = [];
  const done = Array.from({ length: count }, (_, index) =>
    limiter.acquire().then(() => {
      times[index] = clock.now();
      order.push(index);
    }),
  );
  return { times, order, all: Promise.all(done) };
}

/** Takes `count` tokens (by default every token of a full bucket) right now. */
async function drain(limiter: RateLimiter, count: number = COINIMP.capacity) {
  const before = limiter.available;
  for (let i = 0; i < count; i++) await limiter.acquire();
  expect(limiter.available).toBe(before - count);
}

describe("RateLimiter schedule (capacity 10, refill 3 / 60 s)", () => {
  it("grants 10 at once, the 11th at exactly 20 s and the 12th at exactly 40 s", async () => {
    const { clock, limiter } = coinimpLimiter();
    const { times, all } = acquireMany(limiter, clock, 12);
    await clock.advance(0);
    expect(times.slice(0, 10)).toEqual(new Array(10).fill(0));
    expect(times[10]).toBeUndefined();
    expect(limiter.queued).toBe(2);

    await clock.advanceTo(PERIOD - 1);
    expect(times[10]).toBeUndefined();
    await clock.advanceTo(PERIOD);
    expect(times[10]).toBe(20_000);
    expect(times[11]).toBeUndefined();

    await clock.advanceTo(2 * PERIOD - 1);
    expect(times[11]).toBeUndefined();
    await clock.advanceTo(2 * PERIOD);
    expect(times[11]).toBe(40_000);
    await all;
    expect(limiter.queued).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("grants waiting calls in FIFO order", async () => {
    const { clock, limiter } = coinimpLimiter();
    const { order, times, all } = acquireMany(limiter, clock, 16);
    await clock.runUntilIdle();
    await all;
    expect(order).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(times.slice(10)).toEqual([1, 2, 3, 4, 5, 6].map((n) => n * PERIOD));
  });

  it("does not bank tokens beyond capacity: after 10 idle minutes a burst of 11 gets 10 now, 1 a period later", async () => {
    const { clock, limiter } = coinimpLimiter();
    await clock.advance(600_000);
    expect(limiter.available).toBe(10);
    const { times, all } = acquireMany(limiter, clock, 11);
    await clock.runUntilIdle();
    await all;
    expect(times).toEqual([...new Array(10).fill(600_000), 620_000]);
  });

  it("a bucket full since t=0 and drained at t=10 s yields its next token at t=30 s, not 20 s", async () => {
    const { clock, limiter } = coinimpLimiter();
    await clock.advanceTo(10_000);
    const { times, all } = acquireMany(limiter, clock, 11);
    await clock.advanceTo(20_000);
    expect(times.slice(0, 10)).toEqual(new Array(10).fill(10_000));
    expect(times[10]).toBeUndefined();
    expect(limiter.available).toBe(0);
    await clock.advanceTo(29_999);
    expect(times[10]).toBeUndefined();
    await clock.advanceTo(30_000);
    await all;
    expect(times[10]).toBe(30_000);
  });

  it("keeps to the schedule when the period is not a whole number of ms (3 per second)", async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ capacity: 10, refill: 3, interval: 1_000, clock });
    const { times, all } = acquireMany(limiter, clock, 16);
    // A timer that re-arms at 0 ms without granting would exhaust this budget instead of hanging.
    await clock.runUntilIdle(100);
    await all;
    expect(times.slice(0, 10)).toEqual(new Array(10).fill(0));
    const later = times.slice(10) as number[];
    expect(later).toHaveLength(6);
    later.forEach((time, i) => {
      expect(time).toBeCloseTo(((i + 1) * 1_000) / 3, 6);
    });
  });

  it("refills one token per period up to capacity and no further", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    await clock.advanceTo(PERIOD - 1);
    expect(limiter.available).toBe(0);
    await clock.advanceTo(PERIOD);
    expect(limiter.available).toBe(1);
    await clock.advanceTo(3 * PERIOD + 5);
    expect(limiter.available).toBe(3);
    await clock.advanceTo(100 * PERIOD);
    expect(limiter.available).toBe(10);
  });
});

describe("RateLimiter cancellation and refusals", () => {
  it("rejects an acquire aborted while queued with the signal's reason, removes it, and gives its token to the next waiter on time", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    const controller = new AbortController();
    const aborted = track(limiter.acquire({ signal: controller.signal }));
    const { times: nextTimes, all } = acquireMany(limiter, clock, 2);
    await clock.advanceTo(5_000);
    expect(limiter.queued).toBe(3);

    const reason = new Error("caller gave up");
    controller.abort(reason);
    await flushMicrotasks();
    expect(aborted.settled).toBe(true);
    expect(aborted.error).toBe(reason);
    expect(limiter.queued).toBe(2);

    await clock.runUntilIdle();
    await all;
    // The aborted call took nothing: the two calls behind it get the 20 s and 40 s tokens.
    expect(nextTimes).toEqual([20_000, 40_000]);
  });

  it("aborting after the grant changes nothing", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    const controller = new AbortController();
    const granted = track(limiter.acquire({ signal: controller.signal }));
    await clock.advanceTo(PERIOD);
    expect(granted.settled).toBe(true);
    expect(granted.error).toBeUndefined();
    controller.abort(new Error("late"));
    await flushMicrotasks();
    expect(granted.error).toBeUndefined();
    expect(limiter.queued).toBe(0);
  });

  it("rejects at once, without taking a token, when the signal is already aborted", async () => {
    const { limiter } = coinimpLimiter();
    const reason = new Error("already aborted");
    const state = track(limiter.acquire({ signal: AbortSignal.abort(reason) }));
    await flushMicrotasks();
    expect(state.settled).toBe(true);
    expect(state.error).toBe(reason);
    expect(limiter.available).toBe(10);
    expect(limiter.queued).toBe(0);
  });

  it("maxQueue refuses fast with a RateLimitError carrying retryAfter and no status", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    acquireMany(limiter, clock, 2);
    await flushMicrotasks();
    const refused = track(limiter.acquire({ maxQueue: 2 }));
    await flushMicrotasks();
    expect(refused.settled).toBe(true);
    expect(refused.error).toBeInstanceOf(RateLimitError);
    const error = refused.error as RateLimitError;
    expect(error.status).toBeUndefined();
    // Two already wait (20 s, 40 s): a third would be served at 60 s.
    expect(error.retryAfter).toBe(60_000);
    expect(limiter.queued).toBe(2);

    const accepted = track(limiter.acquire({ maxQueue: 3 }));
    await flushMicrotasks();
    expect(accepted.settled).toBe(false);
    expect(limiter.queued).toBe(3);
  });

  it("maxQueue does not refuse a call that a free token serves at once", async () => {
    const { limiter } = coinimpLimiter();
    await expect(limiter.acquire({ maxQueue: 0 })).resolves.toBeUndefined();
    expect(limiter.available).toBe(9);
  });

  it("maxWait refuses fast when the expected wait is longer, and accepts a wait exactly that long", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    await clock.advanceTo(5_000);
    const refused = track(limiter.acquire({ maxWait: 14_999 }));
    await flushMicrotasks();
    expect(refused.settled).toBe(true);
    expect(refused.error).toBeInstanceOf(RateLimitError);
    expect((refused.error as RateLimitError).status).toBeUndefined();
    expect((refused.error as RateLimitError).retryAfter).toBe(15_000);
    expect(limiter.queued).toBe(0);

    const accepted = track(limiter.acquire({ maxWait: 15_000 }));
    await clock.advanceTo(19_999);
    expect(accepted.settled).toBe(false);
    await clock.advanceTo(20_000);
    expect(accepted.settled).toBe(true);
    expect(accepted.error).toBeUndefined();
  });
});

describe("RateLimiter.pause", () => {
  it("empties the bucket, holds waiters until the pause ends, then serves one token at its end", async () => {
    const { clock, limiter } = coinimpLimiter();
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.available).toBe(8);
    limiter.pause(45_000);
    expect(limiter.available).toBe(0);

    const { times, all } = acquireMany(limiter, clock, 3);
    await clock.advanceTo(44_999);
    // Longer than two periods: a bucket that kept refilling would have served two by now.
    expect(times).toEqual([undefined, undefined, undefined]);
    expect(limiter.available).toBe(0);
    await clock.advanceTo(45_000);
    expect(times).toEqual([45_000, undefined, undefined]);
    await clock.runUntilIdle();
    await all;
    expect(times).toEqual([45_000, 65_000, 85_000]);
  });

  it("makes exactly one token available at the end of the pause", async () => {
    const { clock, limiter } = coinimpLimiter();
    limiter.pause(30_000);
    await clock.advanceTo(29_999);
    expect(limiter.available).toBe(0);
    await clock.advanceTo(30_000);
    expect(limiter.available).toBe(1);
    await clock.advanceTo(30_000 + PERIOD - 1);
    expect(limiter.available).toBe(1);
    await clock.advanceTo(30_000 + PERIOD);
    expect(limiter.available).toBe(2);
  });

  it("pauses one token period when no duration is given", async () => {
    const { clock, limiter } = coinimpLimiter();
    limiter.pause();
    const granted = track(limiter.acquire());
    await clock.advanceTo(PERIOD - 1);
    expect(granted.settled).toBe(false);
    await clock.advanceTo(PERIOD);
    expect(granted.settled).toBe(true);
  });

  it("a shorter pause does not cut a longer one short", async () => {
    const { clock, limiter } = coinimpLimiter();
    limiter.pause(50_000);
    await clock.advanceTo(10_000);
    limiter.pause(5_000);
    const granted = track(limiter.acquire());
    await clock.advanceTo(49_999);
    expect(granted.settled).toBe(false);
    await clock.advanceTo(50_000);
    expect(granted.settled).toBe(true);
  });
});

describe("RateLimiter priority and expectedWait", () => {
  it("a priority call jumps the queue", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter);
    const order: string[] = [];
    const times: Record<string, number> = {};
    const record = (name: string) => () => {
      order.push(name);
      times[name] = clock.now();
    };
    const a = limiter.acquire().then(record("a"));
    const b = limiter.acquire().then(record("b"));
    const p = limiter.acquire({ priority: true }).then(record("priority"));
    await clock.runUntilIdle();
    await Promise.all([a, b, p]);
    expect(order).toEqual(["priority", "a", "b"]);
    expect(times).toEqual({ priority: 20_000, a: 40_000, b: 60_000 });
  });

  it("expectedWait() is 0 while tokens remain", () => {
    const { limiter } = coinimpLimiter();
    expect(limiter.expectedWait()).toBe(0);
  });

  it("expectedWait() predicts the actual grant time of the next call", async () => {
    const { clock, limiter } = coinimpLimiter();
    await drain(limiter, 7);
    const predicted: number[] = [];
    const actual: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 8; i++) {
      // Calls arrive 7 s apart, some while others wait, some while tokens remain.
      await clock.advanceTo(i * 7_000);
      predicted.push(clock.now() + limiter.expectedWait());
      pending.push(limiter.acquire().then(() => void actual.push(clock.now())));
    }
    await clock.runUntilIdle();
    await Promise.all(pending);
    expect(actual).toEqual(predicted);
    expect(predicted.slice(0, 3)).toEqual([0, 7_000, 14_000]);
    expect(predicted.at(-1)).toBeGreaterThan(49_000);
  });

  it("expectedWait() accounts for a pause", async () => {
    const { clock, limiter } = coinimpLimiter();
    limiter.pause(33_000);
    expect(limiter.expectedWait()).toBe(33_000);
    const first = limiter.acquire().then(() => clock.now());
    expect(limiter.expectedWait()).toBe(33_000 + PERIOD);
    const second = limiter.acquire().then(() => clock.now());
    await clock.runUntilIdle();
    expect(await first).toBe(33_000);
    expect(await second).toBe(33_000 + PERIOD);
  });
});

describe("sharedRateLimiter", () => {
  it("returns one instance per account, shape and clock", async () => {
    const clock = new VirtualClock();
    const one = sharedRateLimiter("account-a", { ...COINIMP, clock });
    expect(sharedRateLimiter("account-a", { ...COINIMP, clock })).toBe(one);
    expect(sharedRateLimiter("account-b", { ...COINIMP, clock })).not.toBe(one);
    expect(sharedRateLimiter("account-a", { ...COINIMP, capacity: 5, clock })).not.toBe(one);
    expect(sharedRateLimiter("account-a", { ...COINIMP, refill: 4, clock })).not.toBe(one);
    expect(sharedRateLimiter("account-a", { ...COINIMP, interval: 1_000, clock })).not.toBe(one);
    expect(sharedRateLimiter("account-a", { ...COINIMP, clock: new VirtualClock() })).not.toBe(one);

    // The same instance means one quota: what one client takes, the other cannot.
    await drain(one);
    expect(sharedRateLimiter("account-a", { ...COINIMP, clock }).available).toBe(0);
    expect(sharedRateLimiter("account-b", { ...COINIMP, clock }).available).toBe(10);
  });

  it("does not confuse accounts whose names could collide when joined", () => {
    const clock = new VirtualClock();
    const a = sharedRateLimiter("a,1", { capacity: 1, refill: 1, interval: 1, clock });
    const b = sharedRateLimiter("a", { capacity: 1, refill: 1, interval: 1, clock });
    expect(a).not.toBe(b);
  });
});

describe("RateLimiter options", () => {
  it.each([
    { capacity: 0 },
    { capacity: -1 },
    { capacity: Number.NaN },
    { capacity: Number.POSITIVE_INFINITY },
    { capacity: 0.5 },
    { refill: 0 },
    { refill: -3 },
    { refill: Number.NaN },
    { interval: 0 },
    { interval: -60_000 },
    { interval: Number.POSITIVE_INFINITY },
  ])("throws ValidationError (not RangeError) for %o", (override) => {
    expect(() => new RateLimiter({ ...COINIMP, ...override, clock: new VirtualClock() })).toThrow(
      ValidationError,
    );
  });

  it("accepts a valid shape and starts full", () => {
    const limiter = new RateLimiter({ ...COINIMP, clock: new VirtualClock() });
    expect(limiter.capacity).toBe(10);
    expect(limiter.period).toBe(PERIOD);
    expect(limiter.available).toBe(10);
    expect(limiter.queued).toBe(0);
  });
});

describe("RateLimiter properties", () => {
  const shape = fc.record({
    capacity: fc.integer({ min: 1, max: 5 }),
    refill: fc.integer({ min: 1, max: 4 }),
    interval: fc.integer({ min: 100, max: 10_000 }),
  });
  const calls = fc.array(
    fc.record({ delay: fc.integer({ min: 0, max: 20_000 }), priority: fc.boolean() }),
    { minLength: 1, maxLength: 30 },
  );

  it("never grants more than capacity + floor(window / period) in any window, and serves every waiter", async () => {
    await fc.assert(
      fc.asyncProperty(shape, calls, async (options, sequence) => {
        const clock = new VirtualClock();
        const limiter = new RateLimiter({ ...options, clock });
        const period = options.interval / options.refill;
        const grants: { time: number; index: number; priority: boolean }[] = [];
        const pending: Promise<void>[] = [];
        for (const [index, { delay, priority }] of sequence.entries()) {
          await clock.advance(delay);
          pending.push(
            limiter.acquire({ priority }).then(() => {
              grants.push({ time: clock.now(), index, priority });
            }),
          );
        }
        await clock.runUntilIdle();
        await Promise.all(pending);

        expect(grants).toHaveLength(sequence.length);
        expect(limiter.queued).toBe(0);
        expect(clock.pending).toBe(0);

        const times = grants.map((grant) => grant.time).sort((a, b) => a - b);
        for (let i = 0; i < times.length; i++) {
          for (let j = i; j < times.length; j++) {
            const window = (times[j] as number) - (times[i] as number);
            // 1e-9 absorbs float error when the period is not a whole number of ms.
            const allowed = options.capacity + Math.floor(window / period + 1e-9);
            expect(j - i + 1).toBeLessThanOrEqual(allowed);
          }
        }

        // Calls without priority are served in the order they were made.
        const plain = grants.filter((grant) => !grant.priority).map((grant) => grant.index);
        expect(plain).toEqual([...plain].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it("calls abandoned while queued take no token: the rest stay within the bucket and are all served", async () => {
    const abandoning = fc.array(
      fc.record({
        delay: fc.integer({ min: 0, max: 20_000 }),
        abortAfter: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(shape, abandoning, async (options, sequence) => {
        const clock = new VirtualClock();
        const limiter = new RateLimiter({ ...options, clock });
        const period = options.interval / options.refill;
        const granted: number[] = [];
        const outcomes: Promise<"granted" | "aborted">[] = [];
        for (const { delay, abortAfter } of sequence) {
          await clock.advance(delay);
          const controller = new AbortController();
          const reason = new Error("abandoned");
          if (abortAfter !== undefined) {
            clock.sleep(abortAfter).then(() => controller.abort(reason));
          }
          outcomes.push(
            limiter.acquire({ signal: controller.signal }).then(
              () => {
                granted.push(clock.now());
                return "granted" as const;
              },
              (error: unknown) => {
                expect(error).toBe(reason);
                return "aborted" as const;
              },
            ),
          );
        }
        await clock.runUntilIdle();
        const settled = await Promise.all(outcomes);
        expect(limiter.queued).toBe(0);
        // Only a call given an abort time can have been abandoned.
        settled.forEach((outcome, index) => {
          if (sequence[index]?.abortAfter === undefined) expect(outcome).toBe("granted");
        });
        for (let i = 0; i < granted.length; i++) {
          for (let j = i; j < granted.length; j++) {
            const window = (granted[j] as number) - (granted[i] as number);
            expect(j - i + 1).toBeLessThanOrEqual(
              options.capacity + Math.floor(window / period + 1e-9),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "../src/clock.js";
import { onAbort } from "../src/on-abort.js";
import { abortAfter, follow, raceSignal } from "../src/signals.js";
import { track } from "./helpers/track.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** Runs pending microtasks (fake timers fake setImmediate, so no macrotask is used). */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("systemClock", () => {
  it("now() is Date.now()", () => {
    vi.setSystemTime(1_700_000_000_000);
    expect(systemClock.now()).toBe(1_700_000_000_000);
    vi.advanceTimersByTime(1_234);
    expect(systemClock.now()).toBe(1_700_000_001_234);
  });

  it("sleep resolves after ms, not before, and leaves no timer behind", async () => {
    const controller = new AbortController();
    const sleeping = track(systemClock.sleep(1_000, controller.signal));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(sleeping.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sleeping.settled).toBe(true);
    expect(sleeping.error).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("sleep treats a negative duration as 0", async () => {
    const sleeping = track(systemClock.sleep(-50));
    await vi.advanceTimersByTimeAsync(0);
    expect(sleeping.settled).toBe(true);
    expect(sleeping.error).toBeUndefined();
  });

  it("sleep rejects with the reason on abort and clears its timer", async () => {
    const controller = new AbortController();
    const sleeping = track(systemClock.sleep(60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await settle();
    expect(sleeping.settled).toBe(true);
    expect(sleeping.error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("sleep rejects at once for an already aborted signal and starts no timer", async () => {
    const reason = new Error("too late");
    const sleeping = track(systemClock.sleep(1_000, AbortSignal.abort(reason)));
    await settle();
    expect(sleeping.error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("abortAfter", () => {
  it("aborts the controller with the given reason after ms", async () => {
    const controller = new AbortController();
    const reason = new Error("deadline");
    const makeReason = vi.fn(() => reason);
    abortAfter(systemClock, 5_000, controller, makeReason);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(controller.signal.aborted).toBe(false);
    expect(makeReason).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe(reason);
    expect(makeReason).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the returned stop function prevents the abort and releases the timer", async () => {
    const controller = new AbortController();
    const makeReason = vi.fn(() => new Error("deadline"));
    const stop = abortAfter(systemClock, 5_000, controller, makeReason);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    stop();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(controller.signal.aborted).toBe(false);
    expect(makeReason).not.toHaveBeenCalled();
  });

  it("on another clock, stop ends the work: a plain 'done', never the timeout's reason", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const makeReason = vi.fn(() => new Error("deadline"));
    const stop = abortAfter(clock, 5_000, controller, makeReason);
    await clock.advance(1_000);
    stop();
    await clock.advance(10_000);
    expect(controller.signal.reason).toBe("done");
    expect(makeReason).not.toHaveBeenCalled();
  });

  it("on another clock, aborts with the reason after ms", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    abortAfter(clock, 5_000, controller, () => "late");
    await clock.advance(4_999);
    expect(controller.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(controller.signal.reason).toBe("late");
  });

  it("stop after the abort is harmless", async () => {
    const controller = new AbortController();
    const stop = abortAfter(systemClock, 10, controller, () => "late");
    await vi.advanceTimersByTimeAsync(10);
    expect(controller.signal.reason).toBe("late");
    expect(() => stop()).not.toThrow();
    expect(controller.signal.reason).toBe("late");
  });
});

describe("raceSignal", () => {
  it("returns the promise itself without a signal", () => {
    const promise = Promise.resolve(1);
    expect(raceSignal(promise, undefined)).toBe(promise);
  });

  it("resolves like the promise and removes its listener", async () => {
    const controller = new AbortController();
    const raced = raceSignal(Promise.resolve("value"), controller.signal);
    expect(abortListeners(controller.signal)).toBe(1);
    await expect(raced).resolves.toBe("value");
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("rejects like the promise and removes its listener", async () => {
    const controller = new AbortController();
    const failure = new Error("failed");
    const raced = raceSignal(Promise.reject(failure), controller.signal);
    await expect(raced).rejects.toBe(failure);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("rejects with the signal's reason on abort, before the promise settles, and removes its listener", async () => {
    const controller = new AbortController();
    let finish!: (value: string) => void;
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const raced = track(raceSignal(slow, controller.signal));
    await settle();
    expect(raced.settled).toBe(false);
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await settle();
    expect(raced.error).toBe(reason);
    expect(abortListeners(controller.signal)).toBe(0);
    finish("too late");
    await settle();
    expect(raced.error).toBe(reason);
    expect(raced.value).toBeUndefined();
  });

  it("a promise that rejects after the abort is not left unhandled", async () => {
    const controller = new AbortController();
    let fail!: (reason: unknown) => void;
    const slow = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const raced = raceSignal(slow, controller.signal);
      controller.abort(new Error("cancelled"));
      await expect(raced).rejects.toThrow("cancelled");
      fail(new Error("the request failed afterwards"));
      await settle();
      await vi.advanceTimersByTimeAsync(0);
      vi.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("rejects at once with the reason when the signal is already aborted", async () => {
    const reason = new Error("already");
    const signal = AbortSignal.abort(reason);
    await expect(raceSignal(new Promise(() => {}), signal)).rejects.toBe(reason);
    expect(abortListeners(signal)).toBe(0);
  });
});

describe("follow", () => {
  it("aborts the controller when any of several signals does, with that signal's reason", () => {
    const a = new AbortController();
    const b = new AbortController();
    const follower = new AbortController();
    follow(follower, [a.signal, undefined, b.signal]);
    expect(follower.signal.aborted).toBe(false);
    const reason = new Error("b first");
    b.abort(reason);
    expect(follower.signal.reason).toBe(reason);
    a.abort(new Error("a later"));
    expect(follower.signal.reason).toBe(reason);
  });

  it("aborts at once when an input already is, and registers nothing", () => {
    const reason = new Error("done");
    const live = new AbortController();
    const follower = new AbortController();
    follow(follower, [AbortSignal.abort(reason), live.signal]);
    expect(follower.signal.reason).toBe(reason);
    expect(abortListeners(live.signal)).toBe(0);
  });

  it("stops following when told to: a later abort no longer reaches the controller", () => {
    const source = new AbortController();
    const follower = new AbortController();
    const stop = follow(follower, [source.signal]);
    stop();
    source.abort(new Error("late"));
    expect(follower.signal.aborted).toBe(false);
  });

  it("needs no AbortSignal.any", () => {
    const any = AbortSignal.any;
    // biome-ignore lint/suspicious/noExplicitAny: removing a static for the test
    delete (AbortSignal as any).any;
    try {
      const source = new AbortController();
      const follower = new AbortController();
      follow(follower, [source.signal]);
      source.abort("gone");
      expect(follower.signal.reason).toBe("gone");
    } finally {
      AbortSignal.any = any;
    }
  });
});

describe("onAbort", () => {
  it("adds one listener to a signal however many wait on it, and calls each waiter once", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const stops = Array.from({ length: 25 }, (_, index) =>
      onAbort(controller.signal, () => calls.push(index)),
    );
    expect(abortListeners(controller.signal)).toBe(1);
    stops[3]?.();
    controller.abort();
    expect(calls).toHaveLength(24);
    expect(calls).not.toContain(3);
  });

  it("lets the same function wait twice, each stop removing only its own wait", () => {
    const controller = new AbortController();
    let calls = 0;
    const callback = () => calls++;
    const stopFirst = onAbort(controller.signal, callback);
    onAbort(controller.signal, callback);
    stopFirst();
    controller.abort();
    expect(calls).toBe(1);
  });
});

/**
 * Load on the quota queue: 10 000 calls waiting for an empty bucket, then abandoned, leave nothing
 * behind. Every promise settles (each rejected with its signal's reason, or resolved if its turn
 * came first), the limiter's queue is empty, nothing was sent for an abandoned call — not even
 * after the bucket refills — the bucket still serves the next caller in order, and no rejection
 * went unhandled. Time is virtual; how much memory the queue takes is measured in `bench/`, not
 * asserted here.
 */

import { describe, expect, it } from "vitest";
import { QUEUED_QUOTA, queuedClient } from "./helpers/queued-client.js";
import { watchUnhandledRejections } from "./helpers/unhandled-rejections.js";
import { flushMicrotasks } from "./helpers/virtual-clock.js";

const CALLS = 10_000;

/** Counts how each promise settled, without letting any rejection go unhandled. */
async function settleAll(calls: Promise<unknown>[]) {
  const outcomes = await Promise.allSettled(calls);
  return {
    settled: outcomes.length,
    fulfilled: outcomes.filter((outcome) => outcome.status === "fulfilled").length,
    reasons: outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : [])),
    outcomes,
  };
}

describe(`${CALLS} calls queued on the quota, then aborted`, () => {
  it("one AbortController for all: every call rejects with its reason, nothing is sent", async () => {
    const watch = watchUnhandledRejections();
    const { clock, api, sent, limiter } = queuedClient({ cache: false });
    await api.request({ method: "GET", path: "/first" });
    expect(sent).toHaveLength(1);

    const controller = new AbortController();
    const calls = Array.from({ length: CALLS }, (_, i) =>
      api.request({
        method: i % 2 ? "POST" : "GET",
        path: `/queued/${i}`,
        signal: controller.signal,
      }),
    );
    await flushMicrotasks();
    expect(limiter.queued).toBe(CALLS);

    const reason = new Error("the user gave up");
    controller.abort(reason);
    const result = await settleAll(calls);
    expect(result.settled).toBe(CALLS);
    expect(result.fulfilled).toBe(0);
    // The reason itself, for GET and POST alike: nothing was sent, so no outcome is unknown.
    expect(result.reasons.every((rejected) => rejected === reason)).toBe(true);
    expect(limiter.queued).toBe(0);

    // The bucket refills for a long time: none of the abandoned calls goes out.
    await clock.advance(CALLS * QUEUED_QUOTA.interval);
    expect(sent).toHaveLength(1);

    // And the bucket still serves the next caller.
    await api.request({ method: "GET", path: "/after" });
    expect(sent.map((call) => call.url.pathname)).toEqual(["/first", "/after"]);
    expect(limiter.queued).toBe(0);

    expect(await watch.stop()).toEqual([]);
  });

  it("one AbortController each, some served first, the rest aborted last-queued first", async () => {
    const watch = watchUnhandledRejections();
    const { clock, api, sent, limiter } = queuedClient({ cache: false });
    await api.request({ method: "GET", path: "/first" });

    const controllers = Array.from({ length: CALLS }, () => new AbortController());
    const calls = controllers.map((controller, i) =>
      api.request({
        method: i % 2 ? "POST" : "GET",
        path: `/queued/${i}`,
        signal: controller.signal,
      }),
    );
    await flushMicrotasks();
    expect(limiter.queued).toBe(CALLS);

    // Five tokens come: the first five queued calls go out, in order, and resolve.
    const served = 5;
    await clock.advance(served * QUEUED_QUOTA.interval);
    await flushMicrotasks();
    expect(limiter.queued).toBe(CALLS - served);

    // From the back of the queue: each abort must find its own waiter, wherever it is.
    const reasons = controllers.map((_, i) => new Error(`gave up on call ${i}`));
    for (let i = CALLS - 1; i >= 0; i--) controllers[i]?.abort(reasons[i]);
    const result = await settleAll(calls);

    expect(result.settled).toBe(CALLS);
    expect(result.fulfilled).toBe(served);
    result.outcomes.forEach((outcome, i) => {
      if (i < served) expect(outcome.status).toBe("fulfilled");
      else expect(outcome).toEqual({ status: "rejected", reason: reasons[i] });
    });
    // Identity, not just equality: each call rejects with its own signal's reason.
    expect(result.reasons.every((reason, k) => reason === reasons[served + k])).toBe(true);
    expect(limiter.queued).toBe(0);

    await clock.advance(CALLS * QUEUED_QUOTA.interval);
    expect(sent.map((call) => call.url.pathname)).toEqual([
      "/first",
      ...Array.from({ length: served }, (_, i) => `/queued/${i}`),
    ]);

    expect(await watch.stop()).toEqual([]);
  });
});

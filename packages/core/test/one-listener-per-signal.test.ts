/**
 * One abort listener per signal (DESIGN rule 10): however many calls share one caller
 * `AbortSignal` — cached GETs joining one load, uncached GETs queued for the quota — the signal
 * carries at most one `abort` listener while they wait, Node never warns of a listener leak
 * (`MaxListenersExceededWarning`), and aborting it still rejects every call with its reason.
 */

import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { queuedClient } from "./helpers/queued-client.js";
import { flushMicrotasks } from "./helpers/virtual-clock.js";

describe("20 calls sharing one caller signal", () => {
  it("cached GETs of one path + uncached GETs queued in a quota of 1: ≤ 1 abort listener, no warning, all rejected on abort", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const { clock, api, sent, limiter } = queuedClient();
      // Takes the only token: everything after this waits.
      await api.request({ method: "GET", path: "/first" });
      const controller = new AbortController();
      const { signal } = controller;
      const calls = [
        ...Array.from({ length: 10 }, () =>
          api.request({ method: "GET", path: "/shared", signal }),
        ),
        ...Array.from({ length: 10 }, (_, index) =>
          api.request({ method: "GET", path: `/distinct/${index}`, cache: false, signal }),
        ),
      ].map((call) =>
        call.then(
          () => "resolved",
          (reason: unknown) => reason,
        ),
      );
      // Bounded: every call reaches its wait within a few turns (one shared load + 10 others).
      for (let turn = 0; turn < 20 && limiter.queued < 11; turn++) await flushMicrotasks();
      expect(limiter.queued, "calls waiting for the quota").toBe(11);

      expect(
        getEventListeners(signal, "abort").length,
        "abort listeners on the caller's signal",
      ).toBeLessThanOrEqual(1);

      // Warnings are emitted on a later tick.
      await flushMicrotasks();
      expect(
        warnings.filter((warning) => warning.name === "MaxListenersExceededWarning").map(String),
      ).toEqual([]);

      const reason = new Error("the page was closed");
      controller.abort(reason);
      const outcomes = await Promise.all(calls);
      expect(outcomes).toHaveLength(20);
      expect(
        outcomes.every((outcome) => outcome === reason),
        "all 20 rejected with the reason",
      ).toBe(true);
      expect(limiter.queued).toBe(0);
      // Nothing abandoned is sent later.
      await clock.advance(60_000);
      expect(sent).toHaveLength(1);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

/**
 * Time, injectable. Every wait in the core (backoff, quota, timeouts) goes through a `Clock`, so
 * tests and simulations can run minutes of quota in microseconds.
 */

import { raceSignal } from "./signals.js";

/** A source of time and of cancellable waits. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch; never goes backwards. */
  now(): number;
  /**
   * Resolves after `ms`. When `signal` aborts first, rejects with its reason and releases the
   * timer at once.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time through the global `setTimeout` (looked up per call, so fake timers apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    signal?.throwIfAborted();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await raceSignal(
        new Promise((resolve) => {
          timer = setTimeout(resolve, Math.max(0, ms));
        }),
        signal,
      );
    } finally {
      clearTimeout(timer);
    }
  },
};

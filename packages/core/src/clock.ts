/**
 * Time, injectable. Every wait in the core (backoff, quota, timeouts) goes through a `Clock`, so
 * tests and simulations can run minutes of quota in microseconds.
 */

import { onAbort } from "./on-abort.js";

/** The longest a timer can wait (2^31−1 ms, about 24.8 days): a longer `setTimeout` fires at once. */
export const MAX_DELAY = 2 ** 31 - 1;

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
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const stop = signal
        ? onAbort(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          })
        : undefined;
      // Clamped: beyond MAX_DELAY a timer fires after 1 ms (and warns); whoever waits longer
      // checks the time again when it wakes.
      const timer = setTimeout(
        () => {
          stop?.();
          resolve();
        },
        Math.min(MAX_DELAY, Math.max(0, ms)),
      );
    }),
};

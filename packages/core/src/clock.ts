/**
 * Time, injectable. Every wait in the core (backoff, quota, timeouts) goes through a `Clock`, so
 * tests and simulations can run minutes of quota in microseconds.
 */

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
      // Written out rather than through signals.ts, which needs this clock: no import cycle.
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

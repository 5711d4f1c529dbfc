/** Cancellation plumbing: timers that abort, and promises that give up when a signal fires. */

import type { Clock } from "./clock.js";

/**
 * Aborts `controller` with `reason()` after `ms` on `clock` (never, when `ms` is `undefined`).
 * Returns a function that stops the timer; call it as soon as the guarded work ends, or the timer
 * keeps the process alive.
 */
export function abortAfter(
  clock: Clock,
  ms: number | undefined,
  controller: AbortController,
  reason: () => unknown,
): () => void {
  const stop = new AbortController();
  if (ms !== undefined) clock.sleep(ms, stop.signal).then(() => controller.abort(reason()), noop);
  return () => stop.abort();
}

/** Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Does nothing: the handler of a promise whose rejection is expected and meaningless. */
export const noop = (): void => {};

/** One signal that aborts when any of the given ones does (`undefined`s are skipped). */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return present.length === 1 ? (present[0] as AbortSignal) : AbortSignal.any(present);
}

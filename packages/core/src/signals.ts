/** Cancellation plumbing: timers that abort, and promises that give up when a signal fires. */

import { type Clock, systemClock } from "./clock.js";

/** The reason a guarded controller is aborted with once its work is over: nothing listens by then. */
const DONE = "done";

/**
 * Aborts `controller` with `reason()` after `ms` on `clock`. Returns the function to call as soon
 * as the guarded work ends: it aborts `controller` with a "done" reason, which also cancels the
 * timer (else it keeps the process alive). Only for a controller whose signal no one reads after
 * its work is over. One controller does both jobs because each `AbortController`, and each
 * `abort()` without a reason (a `DOMException`), costs Node 20 several µs per call.
 */
export function abortAfter(
  clock: Clock,
  ms: number,
  controller: AbortController,
  reason: () => unknown,
): () => void {
  if (clock === systemClock) {
    // The common case, made cheap: a plain timer, and the signal left alone once the work is done.
    const timer = setTimeout(() => controller.abort(reason()), ms);
    return () => clearTimeout(timer);
  }
  clock.sleep(ms, controller.signal).then(() => controller.abort(reason()), noop);
  return () => controller.abort(DONE);
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

/**
 * One signal that aborts when any of the given ones does (`undefined`s are skipped; none gives
 * `undefined`). `AbortSignal.any` only when there are several: it is slow in Node 20.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return present.length > 1 ? AbortSignal.any(present) : present[0];
}

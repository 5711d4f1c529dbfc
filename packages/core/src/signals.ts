/**
 * Cancellation plumbing: timers that abort, promises that give up when a signal fires, and one
 * controller that follows several signals — without `AbortSignal.any`, which edge runtimes and
 * Node < 20.3 lack (and which is slow in Node 20).
 */

import { type Clock, systemClock } from "./clock.js";
import { onAbort } from "./on-abort.js";

/** The reason a guarded controller is aborted with once its work is over: nothing listens by then. */
const DONE = "done";

/**
 * Aborts `controller` with `reason()` after `ms` on `clock`. Returns the function to call as soon
 * as the guarded work ends: it cancels the timer (else it keeps the process alive). One
 * controller does both jobs because each `AbortController`, and each `abort()` without a reason
 * (a `DOMException`), costs Node 20 several µs per call.
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

/**
 * Makes `controller` abort, with the same reason, when any of `signals` does (`undefined`s are
 * skipped). Returns the function that stops following them: call it when the work is over, so a
 * long-lived caller signal does not keep a reference to every call it ever guarded.
 */
export function follow(
  controller: AbortController,
  signals: readonly (AbortSignal | undefined)[],
): () => void {
  const stops: (() => void)[] = [];
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    stops.push(onAbort(signal, () => controller.abort(signal.reason)));
  }
  return () => {
    for (const stop of stops) stop();
  };
}

/** Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    const stop = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}

/** Does nothing: the handler of a promise whose rejection is expected and meaningless. */
export const noop = (): void => {};

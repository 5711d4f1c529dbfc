/**
 * One `abort` listener per signal, whatever the number of waiters (DESIGN rule 10). A caller may
 * share one signal between many calls, and each call waits on it in several places (cache, quota,
 * backoff, the attempt): a listener each would pass Node's limit of 10 and print
 * `MaxListenersExceededWarning`. Here the first waiter registers the only listener, which fans
 * out, and the last one to stop waiting removes it.
 */

interface Waiters {
  callbacks: Set<() => void>;
  listener: () => void;
}

const bySignal = new WeakMap<AbortSignal, Waiters>();

/**
 * Calls `callback` once when `signal` aborts. Returns the function that stops waiting. The signal
 * must not be aborted yet (check `signal.aborted` or call `throwIfAborted()` first).
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waiters = bySignal.get(signal);
  if (!waiters) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      bySignal.delete(signal);
      for (const waiting of callbacks) waiting();
    };
    waiters = { callbacks, listener };
    bySignal.set(signal, waiters);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = waiters;
  // Wrapped: the same function may wait twice, and each stop must remove only its own wait.
  const waiter = () => callback();
  callbacks.add(waiter);
  return () => {
    if (!callbacks.delete(waiter) || callbacks.size > 0) return;
    signal.removeEventListener("abort", listener);
    if (bySignal.get(signal) === waiters) bySignal.delete(signal);
  };
}

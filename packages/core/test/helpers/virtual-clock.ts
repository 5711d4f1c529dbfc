/**
 * A `Clock` whose time moves only when a test says so. Timers fire in time order (ties in the
 * order they were registered), and every microtask is drained before and after each one, so code
 * that awaits a sleep observes `now()` equal to the timer's due time.
 */

import type { Clock } from "../../src/clock.js";

interface Timer {
  due: number;
  seq: number;
  resolve(): void;
}

// Taken at import, so that vitest's fake timers (installed later) do not swap it out.
const realSetImmediate = globalThis.setImmediate;

/** Lets every queued microtask (and the ones they queue) run, without real time passing. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#timers.delete(timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        due: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.#timers.add(timer);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Timers registered and not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /**
   * Moves time to `target`, firing every timer due on the way in order. Throws after `maxTimers`
   * firings, so a scheduler that keeps re-arming a zero-length timer fails instead of hanging.
   */
  async advanceTo(target: number, maxTimers = 100_000): Promise<void> {
    await flushMicrotasks();
    for (let fired = 0; ; fired++) {
      const next = this.#earliest();
      if (!next || next.due > target) break;
      if (fired >= maxTimers)
        throw new Error(`still busy at ${this.#now} after ${maxTimers} timers`);
      await this.#fire(next);
    }
    this.#now = Math.max(this.#now, target);
    await flushMicrotasks();
  }

  /**
   * Fires timers in time order until none is left. Throws after `maxTimers` firings, so a
   * scheduler that keeps re-arming itself fails the test instead of hanging it.
   */
  async runUntilIdle(maxTimers = 100_000): Promise<void> {
    await flushMicrotasks();
    for (let fired = 0; ; fired++) {
      const next = this.#earliest();
      if (!next) return;
      if (fired >= maxTimers) throw new Error(`still busy after ${maxTimers} timers`);
      await this.#fire(next);
    }
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  }

  async #fire(timer: Timer): Promise<void> {
    this.#timers.delete(timer);
    this.#now = Math.max(this.#now, timer.due);
    timer.resolve();
    await flushMicrotasks();
  }
}

/**
 * A `Clock` (the core's interface) whose time moves only when the benchmark says so, shared by the
 * client and the sandbox: thirty minutes of quota run in well under a second, and the figures are
 * exact to the millisecond rather than at the mercy of the machine's load.
 *
 * Like the core's test clock: timers fire in time order (ties in the order they were set), and
 * the driver lets the in-process work settle after each one, so code that awaited a sleep sees
 * `now()` equal to the timer's due time.
 */

import type { Clock } from "@cointap/core";

interface Timer {
  due: number;
  seq: number;
  resolve(): void;
}

export class VirtualClock implements Clock {
  #now = 0;
  #seq = 0;
  readonly #timers = new Set<Timer>();

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

  /** When the earliest pending timer is due, or `undefined` when none is pending. */
  nextDue(): number | undefined {
    return this.#earliest()?.due;
  }

  /** Moves time to the earliest timer and fires it; false when there was none. */
  fireNext(): boolean {
    const timer = this.#earliest();
    if (!timer) return false;
    this.#timers.delete(timer);
    this.#now = Math.max(this.#now, timer.due);
    timer.resolve();
    return true;
  }

  /** Moves time forward to `target` (never backwards); call only when no timer is due before it. */
  setTime(target: number): void {
    const next = this.nextDue();
    if (next !== undefined && next < target) {
      throw new Error(`a timer is due at ${next}, before ${target}: fire it first`);
    }
    this.#now = Math.max(this.#now, target);
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
}

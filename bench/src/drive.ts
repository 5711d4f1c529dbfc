/** Moving the virtual clock while the in-process client and sandbox keep up with it. */

import { until } from "./until.js";
import type { VirtualClock } from "./virtual-clock.js";

/**
 * Fires timers in time order, letting the world settle after each, until `done()` or no timer is
 * left. Bounded by `maxTime` (virtual ms) and `maxTimers`, so a schedule that runs away fails.
 */
export async function runUntil(
  clock: VirtualClock,
  settle: () => Promise<void>,
  done: () => boolean,
  { maxTime, maxTimers = 100_000 }: { maxTime: number; maxTimers?: number },
): Promise<void> {
  await settle();
  for (let fired = 0; !done(); fired++) {
    if (clock.nextDue() === undefined) {
      // Work the clock cannot see (thread-pool hashing) may still be on its way to a timer.
      await until(() => done() || clock.nextDue() !== undefined, `a timer at t=${clock.now()} ms`);
      if (done()) return;
    }
    const next = clock.nextDue() as number;
    if (next > maxTime) throw new Error(`not done by t=${maxTime} ms`);
    if (fired >= maxTimers) throw new Error(`not done after ${maxTimers} timers`);
    clock.fireNext();
    await settle();
  }
}

/** Moves the clock to `target`, firing (and settling after) every timer due on the way. */
export async function advanceTo(
  clock: VirtualClock,
  settle: () => Promise<void>,
  target: number,
): Promise<void> {
  await settle();
  for (let next = clock.nextDue(); next !== undefined && next <= target; next = clock.nextDue()) {
    clock.fireNext();
    await settle();
  }
  clock.setTime(target);
  await settle();
}

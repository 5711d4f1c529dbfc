/** A full garbage collection, which needs `node --expose-gc` (the `bench` script passes it). */

import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Collects, lets the event loop turn (objects held by a `WeakRef` made in this turn, and those
 * awaiting a `FinalizationRegistry` callback, are only released after it), and collects again.
 */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with `node --expose-gc` (pnpm bench does)");
  for (let pass = 0; pass < 3; pass++) {
    gc();
    await nextTurn();
  }
}

/**
 * Waits in real time for in-process work that the virtual clock cannot see (a SHA-256 on
 * libuv's thread pool, for instance), bounded so a condition that never comes fails the benchmark.
 */

import { setTimeout as sleep } from "node:timers/promises";

export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    // Yield to the timers phase too: thread-pool completions are delivered there, not in check.
    await sleep(0);
  }
}

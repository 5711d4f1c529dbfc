/**
 * Driving a virtual clock while real (in-process) I/O settles: time moves only in the test's
 * steps, and between steps `vi.waitFor` lets promises and the sandbox's work finish. No real wait
 * stands for virtual time anywhere.
 */

import { vi } from "vitest";
import type { VirtualClock } from "../../../core/test/helpers/virtual-clock.js";

/**
 * Advances `clock` by `step` ms at a time until `check` stops throwing; fails after `maxSteps`.
 * Each step lets pending I/O settle first, so a timer registered after a response is not skipped.
 */
export async function advanceUntil(
  clock: VirtualClock,
  check: () => void,
  { step, maxSteps = 1000 }: { step: number; maxSteps?: number },
): Promise<void> {
  for (let steps = 0; ; steps++) {
    try {
      await vi.waitFor(check, { timeout: 50, interval: 5 });
      return;
    } catch (error) {
      if (steps >= maxSteps) throw error;
    }
    await clock.advance(step);
  }
}

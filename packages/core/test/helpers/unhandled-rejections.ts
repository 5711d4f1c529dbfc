/**
 * Records every unhandled rejection from now until `stop()`, which first lets Node report the
 * ones still pending (it does so once the microtask queue is empty, and on later turns for
 * rejections settled by timers), then removes the listener.
 */
import { flushMicrotasks } from "./virtual-clock.js";

export function watchUnhandledRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", listener);
  return {
    async stop(): Promise<unknown[]> {
      await flushMicrotasks();
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
      process.off("unhandledRejection", listener);
      return seen;
    },
  };
}

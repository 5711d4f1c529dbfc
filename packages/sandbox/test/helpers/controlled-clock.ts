/**
 * A sandbox clock whose time moves only when a test says so, and whose `sleep` resolves only when
 * the test releases it: latency can then be observed without waiting for real time.
 */

import type { SandboxClock } from "../../src/index.js";

export interface PendingSleep {
  ms: number;
  signal: AbortSignal | undefined;
  release(): void;
}

export class ControlledClock implements SandboxClock {
  #now: number;
  /** Sleeps started and neither released nor aborted, oldest first. */
  readonly sleeps: PendingSleep[] = [];
  /** Every duration `sleep` was asked for, in order. */
  readonly requested: number[] = [];

  constructor(start = 1_767_225_600_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.requested.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const entry: PendingSleep = {
        ms,
        signal,
        release: () => {
          this.#forget(entry);
          resolve();
        },
      };
      signal?.addEventListener(
        "abort",
        () => {
          this.#forget(entry);
          reject(signal.reason);
        },
        { once: true },
      );
      this.sleeps.push(entry);
    });
  }

  /** Releases every pending sleep. */
  releaseAll(): void {
    for (const entry of [...this.sleeps]) entry.release();
  }

  #forget(entry: PendingSleep): void {
    const index = this.sleeps.indexOf(entry);
    if (index >= 0) this.sleeps.splice(index, 1);
  }
}

// Taken at import, so that fake timers installed later cannot swap it out.
const realSetImmediate = globalThis.setImmediate;

/** Lets queued microtasks and one turn of I/O run, without moving the sandbox clock. */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    await new Promise((resolve) => realSetImmediate(resolve));
  }
}

/** Whether `promise` has settled yet, after letting pending work run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await settle();
  return settled;
}

/**
 * A cache store that hangs (a Redis that stopped answering) neither holds a call nor fails it: a
 * read stops waiting for it when the caller gives up, and every store operation counts as failed
 * after `STORE_TIMEOUT` — a miss for a read, ignored for a write or an invalidation. Above all, a
 * withdrawal that was applied is answered, even though its invalidation never completes.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STORE_TIMEOUT } from "../src/cache.js";
import { type CacheStore, createHttpClient } from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** A store whose every operation never settles. */
const hung: CacheStore = {
  get: () => new Promise(() => {}),
  set: () => new Promise(() => {}),
  delete: () => new Promise(() => {}),
};

beforeEach(() => {
  // Only the store's bound runs on real timers; the client runs on its virtual clock.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

function client() {
  const clock = new VirtualClock();
  const stub = stubFetch(() => json(200, { ok: true }));
  const api = createHttpClient({
    baseURL: "https://api.example.test/v2",
    fetch: stub.fetch,
    clock,
    rateLimit: false,
    cache: { store: hung },
  });
  return { api, stub };
}

/** Real time, whatever the fake timers do (captured before any test fakes them). */
const realSetTimeout = globalThis.setTimeout;

/** Moves the store's timers on, STORE_TIMEOUT at a time, until `promise` settles (at most `steps`). */
async function advanceUntilSettled(promise: Promise<unknown>, steps: number): Promise<number> {
  for (let step = 0; step < steps; step++) {
    if (await settled(promise)) return step;
    await vi.advanceTimersByTimeAsync(STORE_TIMEOUT);
  }
  return (await settled(promise)) ? steps : -1;
}

/**
 * Whether `promise` has settled, after letting pending work run for up to 250 ms of real time (the
 * engine's first import and the key's fingerprint take real turns, longer on a loaded machine).
 */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let waited = 0; waited < 250 && !done; waited += 10) {
    await new Promise((resolve) => realSetTimeout(resolve, 10));
  }
  return done;
}

describe("a hung cache store", () => {
  it("a read whose caller aborts stops waiting for the store at once", async () => {
    const { api, stub } = client();
    const controller = new AbortController();
    const read = api.request({ method: "GET", path: "/reward", signal: controller.signal });
    read.catch(() => {});
    controller.abort(new Error("gave up"));
    expect(await settled(read)).toBe(true);
    await expect(read).rejects.toThrow("gave up");
    expect(stub.calls).toHaveLength(0);
    // Nothing left waiting for the store: no timer keeps the process alive.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a read goes to the API once the store has had STORE_TIMEOUT, and is answered", async () => {
    const { api, stub } = client();
    const read = api.request({ method: "GET", path: "/reward" });
    expect(await settled(read), "held by the store until its bound").toBe(false);
    // The get is bounded, and so is the body's store.set, which hangs too: two bounds at most.
    expect(await advanceUntilSettled(read, 10)).toBeGreaterThan(0);
    expect(await read).toEqual({ ok: true });
    expect(stub.calls).toHaveLength(1);
  });

  it("an applied POST is answered though its invalidation never completes", async () => {
    const { api, stub } = client();
    const write = api.request({
      method: "POST",
      path: "/user/withdraw",
      form: { amount: 5 },
      invalidates: [{ path: "/user/balance", query: { user: "alice" } }],
    });
    expect(await advanceUntilSettled(write, 10)).toBeGreaterThanOrEqual(0);
    expect(await write).toEqual({ ok: true });
    expect(stub.calls).toHaveLength(1);
  });
});

/**
 * The GET cache (DESIGN rule 5): response bodies kept per account for a TTL, identical concurrent
 * GETs sharing one request, and invalidation after a mutation. It stores raw JSON bodies, not
 * parsed results, so any key-value store can hold them and every hit is validated again.
 */

import { type Clock, systemClock } from "./clock.js";
import { TimeoutError } from "./errors.js";
import { onAbort } from "./on-abort.js";
import { abortAfter, follow, noop, raceSignal } from "./signals.js";
import { type Fields, fieldEntries, type Query } from "./transport/build.js";

/** Where cached bodies live. Sync or async; adaptable to unstorage, Redis, KV stores. */
export interface CacheStore {
  /** The value, or `undefined` when absent or expired. */
  get(key: string): unknown | Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** A bounded in-memory LRU store with per-entry expiry. */
export class MemoryStore implements CacheStore {
  readonly #entries = new Map<string, { value: unknown; expiresAt: number }>();
  readonly #maxEntries: number;
  readonly #clock: Clock;

  constructor({
    maxEntries = 500,
    clock = systemClock,
  }: { maxEntries?: number; clock?: Clock } = {}) {
    this.#maxEntries = Math.max(1, maxEntries);
    this.#clock = clock;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): unknown {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#clock.now()) return undefined;
    // Re-inserting marks it most recently used: Map iterates in insertion order.
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: unknown, ttlMs: number): void {
    this.#entries.delete(key);
    if (ttlMs <= 0) return;
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + ttlMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}

/**
 * The cache key of a GET: the account's fingerprint, the path and the query in a stable order.
 * Secret query parameters are never part of it (the caller passes the query without auth).
 */
export function cacheKey(account: string, path: string, query: Query | Fields = []): string {
  const entries = Array.isArray(query) ? [...query] : fieldEntries(query as Query);
  // Sorted by name only: the order of a repeated parameter's values is kept, as it can matter.
  const params = new URLSearchParams(
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as [string, string][],
  );
  const search = params.toString();
  return `cointap:${account}:${path}${search ? `?${search}` : ""}`;
}

/** A load under way, shared by identical GETs, and how many of their callers still wait for it. */
interface Load {
  body: Promise<unknown>;
  waiters: number;
  stop: AbortController;
  /** Resolves when the load first sends its request (after any wait in the quota queue). */
  sent: Promise<void>;
}

/** Loads a body: stops when `signal` aborts, calls `sending()` as it sends its request. */
export type Loader = (signal: AbortSignal, sending: () => void) => Promise<unknown>;

/** How long one caller waits for a body: until its `signal` aborts, or its own `timeout`. */
export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /**
   * A caller joining a load that another caller started waits at most this long (ms) once the
   * request is sent — its own limit, not the starter's. The starter's attempts have their own.
   */
  timeout?: number | undefined;
  clock?: Clock | undefined;
}

/**
 * A store plus in-flight sharing and invalidation that wins over a load already under way. Store
 * failures are absorbed: a failing `get` is a miss, a failing `set` or `delete` is ignored.
 */
export class ResponseCache {
  readonly #store: CacheStore;
  /** Loads under way. Invalidating a key drops its load from here, so its body is not stored. */
  readonly #inFlight = new Map<string, Load>();

  constructor(store: CacheStore) {
    this.#store = store;
  }

  /**
   * The cached body for `key`, else the body of a load already under way for it, else `load()`'s,
   * which is then kept for `ttl` ms — unless `key` was invalidated while it loaded. `signal` stops
   * this caller's wait; when every caller of a load has stopped, the load is stopped too (its
   * `signal` aborts): a GET nobody waits for must not keep its place in the quota queue.
   */
  async getOrLoad(
    key: string,
    ttl: number,
    load: Loader,
    { signal, timeout, clock = systemClock }: WaitOptions = {},
  ): Promise<unknown> {
    signal?.throwIfAborted();
    const cached = await absorb(() => this.#store.get(key), signal);
    if (cached !== undefined) return cached;
    signal?.throwIfAborted();
    const joined = this.#inFlight.get(key);
    const entry = joined ?? this.#start(key, ttl, load);
    entry.waiters += 1;
    const own = joined && timeout !== undefined ? new AbortController() : undefined;
    let gaveUp: AbortSignal | undefined;
    try {
      if (!own) return await raceSignal(entry.body, signal);
      const limit = timeout ?? 0;
      const startTimer = () => abortAfter(clock, limit, own, () => new TimeoutError(limit));
      return await waitBounded(entry, own, signal, startTimer);
    } catch (error) {
      gaveUp = [own?.signal, signal].find((waited) => waited?.aborted);
      throw error;
    } finally {
      entry.waiters -= 1;
      if (entry.waiters === 0 && gaveUp) {
        entry.stop.abort(gaveUp.reason);
        if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
      }
    }
  }

  #start(key: string, ttl: number, load: Loader): Load {
    const inFlight = this.#inFlight;
    let sending = noop;
    const sent = new Promise<void>((resolve) => {
      sending = resolve;
    });
    const entry = { waiters: 0, stop: new AbortController(), sent } as Load;
    inFlight.set(key, entry);
    entry.body = (async () => {
      try {
        const body = await load(entry.stop.signal, sending);
        if (inFlight.get(key) === entry) await absorb(() => this.#store.set(key, body, ttl));
        return body;
      } finally {
        if (inFlight.get(key) === entry) inFlight.delete(key);
      }
    })();
    // Each waiter handles the outcome; a load every waiter left would otherwise reject unheard.
    entry.body.catch(noop);
    return entry;
  }

  /** Drops `keys` from the store, and stops loads under way from storing stale bodies. */
  async invalidate(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.#inFlight.delete(key);
    await Promise.all(keys.map((key) => absorb(() => this.#store.delete(key))));
  }
}

/**
 * A joining caller's wait: the shared body, until its own signal aborts or, once the request is
 * sent, its own timer (`startTimer`) runs out — both abort `own`.
 */
async function waitBounded(
  entry: Load,
  own: AbortController,
  signal: AbortSignal | undefined,
  startTimer: () => () => void,
): Promise<unknown> {
  const unfollow = follow(own, [signal]);
  let done = false;
  let stopTimer = noop;
  entry.sent.then(() => {
    if (!done) stopTimer = startTimer();
  }, noop);
  try {
    return await raceSignal(entry.body, own.signal);
  } finally {
    done = true;
    unfollow();
    stopTimer();
  }
}

/** How long a store operation may take before it counts as failed (a miss, or ignored), in ms. */
export const STORE_TIMEOUT = 5_000;

/**
 * Runs a store operation; a store that fails (a cache server down) or hangs counts as a miss. A
 * cache only saves requests: its failure must never fail a call, nor hold it — least of all a
 * withdrawal that was applied. A waiting caller's `signal` stops the wait too.
 */
async function absorb(operation: () => unknown, signal?: AbortSignal): Promise<unknown> {
  try {
    const result = operation();
    // A synchronous store (the in-memory one) costs no timer.
    if (typeof (result as { then?: unknown } | null)?.then !== "function") return result;
    return await new Promise((resolve) => {
      // Whichever comes first settles the wait, and leaves no timer or listener behind.
      const settle = (value: unknown) => {
        clearTimeout(timer);
        stop();
        resolve(value);
      };
      const timer = setTimeout(() => settle(undefined), STORE_TIMEOUT);
      const stop = signal && !signal.aborted ? onAbort(signal, () => settle(undefined)) : noop;
      if (signal?.aborted) settle(undefined);
      (result as Promise<unknown>).then(settle, () => settle(undefined));
    });
  } catch {
    return undefined;
  }
}

/**
 * The GET cache (DESIGN rule 5): response bodies kept per account for a TTL, identical concurrent
 * GETs sharing one request, and invalidation after a mutation. It stores raw JSON bodies, not
 * parsed results, so any key-value store can hold them and every hit is validated again.
 */

import { type Clock, systemClock } from "./clock.js";
import { noop, raceSignal } from "./signals.js";
import { fieldEntries, type Query } from "./transport.js";

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
export function cacheKey(account: string, path: string, query: Query = {}): string {
  // Sorted by name only: the order of a repeated parameter's values is kept, as it can matter.
  const params = new URLSearchParams(
    fieldEntries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const search = params.toString();
  return `cointap:${account}:${path}${search ? `?${search}` : ""}`;
}

/**
 * A store plus in-flight sharing and invalidation that wins over a load already under way. Store
 * failures are absorbed: a failing `get` is a miss, a failing `set` or `delete` is ignored.
 */
/** A load under way, shared by identical GETs, and how many of their callers still wait for it. */
interface Load {
  body: Promise<unknown>;
  waiters: number;
  stop: AbortController;
}

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
    load: (signal: AbortSignal) => Promise<unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const cached = await absorb(() => this.#store.get(key));
    if (cached !== undefined) return cached;
    signal?.throwIfAborted();
    const entry = this.#inFlight.get(key) ?? this.#start(key, ttl, load);
    entry.waiters += 1;
    try {
      return await raceSignal(entry.body, signal);
    } finally {
      entry.waiters -= 1;
      if (entry.waiters === 0 && signal?.aborted) {
        entry.stop.abort(signal.reason);
        if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
      }
    }
  }

  #start(key: string, ttl: number, load: (signal: AbortSignal) => Promise<unknown>): Load {
    const inFlight = this.#inFlight;
    const entry = { waiters: 0, stop: new AbortController() } as Load;
    inFlight.set(key, entry);
    entry.body = (async () => {
      try {
        const body = await load(entry.stop.signal);
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
 * Runs a store operation; a store that fails (a cache server down) counts as a miss. A cache only
 * saves requests: its failure must never fail a call — least of all a withdrawal that was applied.
 */
async function absorb(operation: () => unknown): Promise<unknown> {
  try {
    return await operation();
  } catch {
    return undefined;
  }
}

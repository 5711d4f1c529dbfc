import { describe, expect, it, vi } from "vitest";
import { type CacheStore, cacheKey, MemoryStore, ResponseCache } from "../src/cache.js";
import { fingerprint } from "../src/fingerprint.js";
import { deferred } from "./helpers/deferred.js";
import { flushMicrotasks, VirtualClock } from "./helpers/virtual-clock.js";

/** A store whose every operation completes a macrotask later, like a remote KV store. */
class AsyncMapStore implements CacheStore {
  readonly entries = new Map<string, unknown>();
  readonly calls: string[] = [];

  async get(key: string): Promise<unknown> {
    this.calls.push(`get ${key}`);
    await flushMicrotasks();
    return this.entries.get(key);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.calls.push(`set ${key} ${ttlMs}`);
    await flushMicrotasks();
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.calls.push(`delete ${key}`);
    await flushMicrotasks();
    this.entries.delete(key);
  }
}

describe("MemoryStore", () => {
  it("expires an entry when its TTL has passed on the injected clock", async () => {
    const clock = new VirtualClock(1_000);
    const store = new MemoryStore({ clock });
    store.set("k", { v: 1 }, 5_000);
    await clock.advanceTo(5_999);
    expect(store.get("k")).toEqual({ v: 1 });
    await clock.advanceTo(6_000);
    expect(store.get("k")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("does not store a value with a TTL of zero or less", () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.set("zero", "a", 0);
    store.set("negative", "b", -1);
    expect(store.get("zero")).toBeUndefined();
    expect(store.get("negative")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("evicts the least recently used entry at maxEntries; the most recently read survives", () => {
    const store = new MemoryStore({ maxEntries: 3, clock: new VirtualClock() });
    store.set("a", 1, 60_000);
    store.set("b", 2, 60_000);
    store.set("c", 3, 60_000);
    expect(store.get("a")).toBe(1); // a is now the most recently used; b the least
    store.set("d", 4, 60_000);
    expect(store.size).toBe(3);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toBe(1);
    expect(store.get("c")).toBe(3);
    expect(store.get("d")).toBe(4);
    // a, c, d were just read in that order: a is the least recent now.
    store.set("e", 5, 60_000);
    expect(store.get("a")).toBeUndefined();
    expect([store.get("c"), store.get("d"), store.get("e")]).toEqual([3, 4, 5]);
  });

  it("overwriting a key replaces its value and TTL without growing", async () => {
    const clock = new VirtualClock();
    const store = new MemoryStore({ maxEntries: 2, clock });
    store.set("a", 1, 1_000);
    store.set("a", 2, 10_000);
    expect(store.size).toBe(1);
    await clock.advanceTo(5_000);
    expect(store.get("a")).toBe(2);
  });

  it("delete removes an entry", () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.set("a", 1, 1_000);
    store.delete("a");
    expect(store.get("a")).toBeUndefined();
  });
});

describe("cacheKey", () => {
  it("separates accounts and paths", async () => {
    const alice = await fingerprint("alice-private-key");
    const bob = await fingerprint("bob-private-key");
    const keys = new Set([
      cacheKey(alice, "/hashes", { currency: "XMR" }),
      cacheKey(bob, "/hashes", { currency: "XMR" }),
      cacheKey(alice, "/reward", { currency: "XMR" }),
      cacheKey(alice, "/hashes", { currency: "MINTME" }),
      cacheKey(alice, "/hashes"),
    ]);
    expect(keys.size).toBe(5);
  });

  it("is stable across query key order and ignores undefined values", () => {
    const a = cacheKey("acct", "/user/balance", { "site-key": "abc", user: "u1", currency: "XMR" });
    const b = cacheKey("acct", "/user/balance", { user: "u1", currency: "XMR", "site-key": "abc" });
    const c = cacheKey("acct", "/user/balance", {
      currency: "XMR",
      extra: undefined,
      user: "u1",
      "site-key": "abc",
    });
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("keeps the order of a repeated parameter's values", () => {
    const ba = cacheKey("acct", "/mix", { "address[]": ["b", "a"], amount: 1 });
    const ab = cacheKey("acct", "/mix", { amount: 1, "address[]": ["a", "b"] });
    expect(ba).not.toBe(ab);
    expect(ba.indexOf("=b")).toBeLessThan(ba.indexOf("=a"));
    expect(ab.indexOf("=a")).toBeLessThan(ab.indexOf("=b"));
  });

  it("encodes values so that a value cannot pose as another parameter", () => {
    const injected = cacheKey("acct", "/p", { a: "1&b=2" });
    const separate = cacheKey("acct", "/p", { a: "1", b: "2" });
    expect(injected).not.toBe(separate);
  });

  it("never contains the secret an account fingerprint was made from", async () => {
    const secret = "3f9c2a7b1e5d4c6f8a0b9e7d5c3a1f2e4d6c8b0a9f7e5d3c1b2a4f6e8d0c9b7a";
    const account = await fingerprint(secret);
    expect(account).toMatch(/^[0-9a-f]{16}$/);
    const key = cacheKey(account, "/user/balance", { "site-key": "s", user: "u" });
    expect(key).toContain(account);
    expect(key).not.toContain(secret);
    // Not even a recognisable piece of it.
    for (let start = 0; start + 8 <= secret.length; start += 8) {
      expect(key).not.toContain(secret.slice(start, start + 8));
    }
  });
});

describe("fingerprint", () => {
  it("is the first 16 hex digits of SHA-256", async () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(await fingerprint("abc")).toBe("ba7816bf8f01cfea");
    expect(await fingerprint("")).toBe("e3b0c44298fc1c14");
  });
});

describe("ResponseCache.getOrLoad", () => {
  it("a hit skips the load", async () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.set("k", { cached: true }, 60_000);
    const cache = new ResponseCache(store);
    const load = vi.fn(async () => ({ cached: false }));
    await expect(cache.getOrLoad("k", 60_000, load)).resolves.toEqual({ cached: true });
    expect(load).not.toHaveBeenCalled();
  });

  it("a miss loads and keeps the body for the TTL", async () => {
    const clock = new VirtualClock();
    const cache = new ResponseCache(new MemoryStore({ clock }));
    let n = 0;
    const load = vi.fn(async () => ({ n: ++n }));
    expect(await cache.getOrLoad("k", 10_000, load)).toEqual({ n: 1 });
    await clock.advanceTo(9_999);
    expect(await cache.getOrLoad("k", 10_000, load)).toEqual({ n: 1 });
    expect(load).toHaveBeenCalledTimes(1);
    await clock.advanceTo(10_000);
    expect(await cache.getOrLoad("k", 10_000, load)).toEqual({ n: 2 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("5 concurrent calls for one key run the loader once and all get its value", async () => {
    const cache = new ResponseCache(new MemoryStore({ clock: new VirtualClock() }));
    const gate = deferred<unknown>();
    const load = vi.fn(() => gate.promise);
    const calls = Array.from({ length: 5 }, () => cache.getOrLoad("k", 60_000, load));
    await flushMicrotasks();
    expect(load).toHaveBeenCalledTimes(1);
    const body = { shared: true };
    gate.resolve(body);
    const results = await Promise.all(calls);
    for (const result of results) expect(result).toBe(body);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("concurrent calls for different keys do not share a load", async () => {
    const cache = new ResponseCache(new MemoryStore({ clock: new VirtualClock() }));
    const [a, b] = await Promise.all([
      cache.getOrLoad("a", 60_000, async () => "A"),
      cache.getOrLoad("b", 60_000, async () => "B"),
    ]);
    expect([a, b]).toEqual(["A", "B"]);
  });

  it("does not cache a rejected load; a later call loads again", async () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const cache = new ResponseCache(store);
    const failure = new Error("server down");
    const failing = vi.fn(async () => {
      throw failure;
    });
    const first = cache.getOrLoad("k", 60_000, failing);
    const joined = cache.getOrLoad("k", 60_000, failing);
    await expect(first).rejects.toBe(failure);
    await expect(joined).rejects.toBe(failure);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(store.get("k")).toBeUndefined();

    const working = vi.fn(async () => "ok");
    await expect(cache.getOrLoad("k", 60_000, working)).resolves.toBe("ok");
    expect(working).toHaveBeenCalledTimes(1);
    expect(store.get("k")).toBe("ok");
  });

  it("invalidate() during a load keeps that load's result out of the store and makes the next call load fresh", async () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const cache = new ResponseCache(store);
    const stale = deferred<unknown>();
    const fresh = deferred<unknown>();
    const staleLoad = vi.fn(() => stale.promise);
    const freshLoad = vi.fn(() => fresh.promise);

    const before = cache.getOrLoad("k", 60_000, staleLoad);
    await flushMicrotasks();
    expect(staleLoad).toHaveBeenCalledTimes(1);
    await cache.invalidate(["k"]);

    // The next call does not join the load that started before the invalidation.
    const after = cache.getOrLoad("k", 60_000, freshLoad);
    await flushMicrotasks();
    expect(freshLoad).toHaveBeenCalledTimes(1);

    stale.resolve("balance before withdraw");
    await expect(before).resolves.toBe("balance before withdraw");
    expect(store.get("k")).toBeUndefined();

    fresh.resolve("balance after withdraw");
    await expect(after).resolves.toBe("balance after withdraw");
    expect(store.get("k")).toBe("balance after withdraw");

    const hit = vi.fn(async () => "unused");
    await expect(cache.getOrLoad("k", 60_000, hit)).resolves.toBe("balance after withdraw");
    expect(hit).not.toHaveBeenCalled();
  });

  it("invalidate() drops what is stored, and only the named keys", async () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const cache = new ResponseCache(store);
    await cache.getOrLoad("a", 60_000, async () => "A1");
    await cache.getOrLoad("b", 60_000, async () => "B1");
    await cache.invalidate(["a"]);
    expect(await cache.getOrLoad("a", 60_000, async () => "A2")).toBe("A2");
    expect(await cache.getOrLoad("b", 60_000, async () => "B2")).toBe("B1");
  });

  it("a load that finishes after an invalidation does not evict the fresher load's entry", async () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const cache = new ResponseCache(store);
    const stale = deferred<unknown>();
    const before = cache.getOrLoad("k", 60_000, () => stale.promise);
    await flushMicrotasks();
    await cache.invalidate(["k"]);
    await expect(cache.getOrLoad("k", 60_000, async () => "fresh")).resolves.toBe("fresh");
    stale.resolve("stale");
    await before;
    await flushMicrotasks();
    expect(store.get("k")).toBe("fresh");
  });

  describe("with an async store", () => {
    it("stores with the TTL, serves hits, shares a load, and invalidates", async () => {
      const store = new AsyncMapStore();
      const cache = new ResponseCache(store);
      const gate = deferred<unknown>();
      const load = vi.fn(() => gate.promise);
      const calls = Array.from({ length: 5 }, () => cache.getOrLoad("k", 42_000, load));
      await flushMicrotasks();
      await flushMicrotasks();
      expect(load).toHaveBeenCalledTimes(1);
      gate.resolve({ n: 1 });
      const results = await Promise.all(calls);
      expect(results).toEqual(new Array(5).fill({ n: 1 }));
      expect(store.entries.get("k")).toEqual({ n: 1 });
      expect(store.calls).toContain("set k 42000");

      const again = vi.fn(async () => ({ n: 2 }));
      await expect(cache.getOrLoad("k", 42_000, again)).resolves.toEqual({ n: 1 });
      expect(again).not.toHaveBeenCalled();

      await cache.invalidate(["k"]);
      expect(store.entries.has("k")).toBe(false);
      await expect(cache.getOrLoad("k", 42_000, again)).resolves.toEqual({ n: 2 });
      expect(again).toHaveBeenCalledTimes(1);
    });

    it("keeps a load invalidated mid-flight out of the store", async () => {
      const store = new AsyncMapStore();
      const cache = new ResponseCache(store);
      const stale = deferred<unknown>();
      const before = cache.getOrLoad("k", 60_000, () => stale.promise);
      await flushMicrotasks();
      await flushMicrotasks();
      await cache.invalidate(["k"]);
      stale.resolve("stale");
      await expect(before).resolves.toBe("stale");
      await flushMicrotasks();
      expect(store.entries.has("k")).toBe(false);
      expect(store.calls.some((call) => call.startsWith("set "))).toBe(false);
    });

    it("does not cache a rejected load", async () => {
      const store = new AsyncMapStore();
      const cache = new ResponseCache(store);
      await expect(
        cache.getOrLoad("k", 60_000, async () => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(store.entries.has("k")).toBe(false);
      await expect(cache.getOrLoad("k", 60_000, async () => "ok")).resolves.toBe("ok");
    });
  });
});

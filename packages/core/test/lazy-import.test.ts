/**
 * `lazyImport(load, failure)`: a module imported on first use, once, however many callers ask at
 * the same time; a failed import is not kept — every caller of that attempt gets the error
 * `failure` made of it, and the next call imports again.
 */

import { describe, expect, it, vi } from "vitest";
import { CointapError } from "../src/errors.js";
import { lazy, lazyImport } from "../src/lazy.js";
import { deferred } from "./helpers/deferred.js";

class LoadFailed extends Error {}

const mapFailure = (error: unknown) => new LoadFailed("could not load", { cause: error });

describe("lazyImport", () => {
  it("loads nothing until called", () => {
    const load = vi.fn(async () => ({ name: "module" }));
    lazyImport(load, mapFailure);
    expect(load).not.toHaveBeenCalled();
  });

  it("concurrent callers share one load and get the same module", async () => {
    const pending = deferred<{ name: string }>();
    const load = vi.fn(() => pending.promise);
    const get = lazyImport(load, mapFailure);
    const callers = [get(), get(), get(), get()];
    expect(load).toHaveBeenCalledTimes(1);
    const module = { name: "schemas" };
    pending.resolve(module);
    const results = await Promise.all(callers);
    for (const result of results) expect(result).toBe(module);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("once loaded, later calls reuse the module without loading again", async () => {
    const module = { name: "kept" };
    const load = vi.fn(async () => module);
    const get = lazyImport(load, mapFailure);
    expect(await get()).toBe(module);
    expect(await get()).toBe(module);
    expect(await Promise.all([get(), get()])).toEqual([module, module]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("a failed load rejects with the mapped error, its cause the import's error", async () => {
    const original = new TypeError("Failed to fetch dynamically imported module");
    const failure = vi.fn(mapFailure);
    const get = lazyImport(() => Promise.reject(original), failure);
    const error = await get().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(LoadFailed);
    expect((error as LoadFailed).cause).toBe(original);
    expect(failure).toHaveBeenCalledTimes(1);
    expect(failure).toHaveBeenCalledWith(original);
  });

  it("a failed load is not kept: the next call loads again and can succeed", async () => {
    const module = { name: "second try" };
    const load = vi
      .fn<() => Promise<{ name: string }>>()
      .mockRejectedValueOnce(new Error("chunk missing"))
      .mockResolvedValueOnce(module);
    const get = lazyImport(load, mapFailure);
    await expect(get()).rejects.toBeInstanceOf(LoadFailed);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await get()).toBe(module);
    expect(load).toHaveBeenCalledTimes(2);
    // And that success is kept.
    expect(await get()).toBe(module);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("each failed attempt is mapped anew, and retried each time", async () => {
    const errors = [new Error("first"), new Error("second"), new Error("third")];
    let attempt = 0;
    const load = vi.fn(() => Promise.reject(errors[attempt++]));
    const failure = vi.fn(mapFailure);
    const get = lazyImport(load, failure);
    for (const expected of errors) {
      const error = await get().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(LoadFailed);
      expect((error as LoadFailed).cause).toBe(expected);
    }
    expect(load).toHaveBeenCalledTimes(3);
    expect(failure.mock.calls.map(([error]) => error)).toEqual(errors);
  });

  it("callers waiting on one failing load all get its one mapped error; then it retries", async () => {
    const pending = deferred<{ name: string }>();
    const load = vi.fn(() => pending.promise);
    const failure = vi.fn(mapFailure);
    const get = lazyImport(load, failure);
    const callers = [get(), get(), get()].map((call) =>
      call.then(
        () => undefined,
        (reason: unknown) => reason,
      ),
    );
    pending.reject(new Error("network down"));
    const errors = await Promise.all(callers);
    expect(errors[0]).toBeInstanceOf(LoadFailed);
    expect(errors[1]).toBe(errors[0]);
    expect(errors[2]).toBe(errors[0]);
    expect(failure).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);

    load.mockImplementationOnce(async () => ({ name: "back" }));
    await expect(get()).resolves.toEqual({ name: "back" });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("a caller arriving after a failure (not during it) starts a new load", async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const load = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const get = lazyImport(load as () => Promise<string>, mapFailure);
    const early = get();
    first.reject(new Error("gone"));
    await expect(early).rejects.toBeInstanceOf(LoadFailed);
    const late = get();
    expect(load).toHaveBeenCalledTimes(2);
    second.resolve("loaded");
    await expect(late).resolves.toBe("loaded");
  });

  it("maps to a CointapError the way the clients do, with a non-Error rejection too", async () => {
    const get = lazyImport(
      () => Promise.reject("a string reason"),
      (error) =>
        new CointapError("The schemas could not be loaded; nothing was sent", { cause: error }),
    );
    const error = await get().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(CointapError);
    expect((error as CointapError).cause).toBe("a string reason");
  });

  it("a real dynamic import loads the module once", async () => {
    const load = vi.fn(() => import("../src/exact-json.js"));
    const get = lazyImport(load, mapFailure);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(a.parseExactJson("12345678901234567890")).toBe("12345678901234567890");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("a failing real dynamic import (a missing module) is mapped, and retried", async () => {
    const missing = "./does-not-exist.js";
    const load = vi.fn(() => import(/* @vite-ignore */ missing));
    const get = lazyImport(load, mapFailure);
    await expect(get()).rejects.toBeInstanceOf(LoadFailed);
    await expect(get()).rejects.toBeInstanceOf(LoadFailed);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe("lazy", () => {
  it("makes the value once, on first use", () => {
    const make = vi.fn(() => ({ made: true }));
    const get = lazy(make);
    expect(make).not.toHaveBeenCalled();
    const first = get();
    expect(get()).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it("keeps a falsy value (undefined, 0) without making it again", () => {
    const make = vi.fn(() => undefined);
    const get = lazy(make);
    get();
    get();
    expect(make).toHaveBeenCalledTimes(1);
  });
});

import { describe, expect, it, vi } from "vitest";
import { createHttpClient, type HttpClientOptions } from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

function setup(options: Partial<HttpClientOptions> = {}) {
  const clock = new VirtualClock();
  let balance = 100;
  const stub = stubFetch(
    (call) => {
      if (call.method === "POST") balance -= 10;
      return json(200, { balance, path: call.url.pathname });
    },
    () => clock.now(),
  );
  const api = createHttpClient({
    baseURL: "https://api.example.test",
    fetch: stub.fetch,
    clock,
    rateLimit: false,
    ...options,
  });
  return { clock, api, calls: stub.calls };
}

describe("the GET cache", () => {
  it("5 identical concurrent GETs make one request", async () => {
    const { api, calls } = setup();
    const bodies = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.request({ method: "GET", path: "/user/balance", query: { user: "a" } }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(bodies).toEqual(
      Array.from({ length: 5 }, () => ({ balance: 100, path: "/user/balance" })),
    );
  });

  it("answers from the cache until the TTL ends, then asks again", async () => {
    const { clock, api, calls } = setup({ cache: { ttl: 10_000 } });
    const read = () => api.request({ method: "GET", path: "/stats" });
    await read();
    await clock.advance(9_999);
    await read();
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    await read();
    expect(calls).toHaveLength(2);
  });

  it("keeps different queries apart, and a per-call TTL wins", async () => {
    const { clock, api, calls } = setup();
    await api.request({ method: "GET", path: "/b", query: { user: "a" }, cache: { ttl: 1000 } });
    await api.request({ method: "GET", path: "/b", query: { user: "b" } });
    await clock.advance(1000);
    await api.request({ method: "GET", path: "/b", query: { user: "a" } });
    await api.request({ method: "GET", path: "/b", query: { user: "b" } });
    expect(calls.map((call) => call.url.search)).toEqual(["?user=a", "?user=b", "?user=a"]);
  });

  it("a mutation invalidates what it changed: the next read sees the new balance", async () => {
    const { api, calls } = setup();
    const balance = () =>
      api.request({ method: "GET", path: "/user/balance", query: { user: "a" } });
    expect(await balance()).toMatchObject({ balance: 100 });
    await api.request({
      method: "POST",
      path: "/user/withdraw",
      form: { user: "a" },
      invalidates: [{ path: "/user/balance", query: { user: "a" } }],
    });
    expect(await balance()).toMatchObject({ balance: 90 });
    expect(calls.map((call) => call.method)).toEqual(["GET", "POST", "GET"]);
  });

  it("cache: false per call skips the cache; cache: false on the client turns it off", async () => {
    const { api, calls } = setup();
    await api.request({ method: "GET", path: "/x" });
    await api.request({ method: "GET", path: "/x", cache: false });
    expect(calls).toHaveLength(2);

    const uncached = setup({ cache: false });
    await Promise.all([
      uncached.api.request({ method: "GET", path: "/x" }),
      uncached.api.request({ method: "GET", path: "/x" }),
    ]);
    expect(uncached.calls).toHaveLength(2);
  });

  it("one caller abandoning a shared GET does not cancel it for the others", async () => {
    const { api, calls } = setup();
    const controller = new AbortController();
    const leaving = api.request({ method: "GET", path: "/slow", signal: controller.signal });
    const staying = api.request({ method: "GET", path: "/slow" });
    controller.abort(new Error("gone"));
    await expect(leaving).rejects.toThrow("gone");
    await expect(staying).resolves.toMatchObject({ balance: 100 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
  });

  it("a failing store never fails a call, not even a mutation that invalidates", async () => {
    const broken = {
      get: () => Promise.reject(new Error("cache down")),
      set: () => {
        throw new Error("cache down");
      },
      delete: () => Promise.reject(new Error("cache down")),
    };
    const { api, calls } = setup({ cache: { store: broken } });
    await expect(api.request({ method: "GET", path: "/user/balance" })).resolves.toMatchObject({
      balance: 100,
    });
    await expect(
      api.request({
        method: "POST",
        path: "/user/withdraw",
        invalidates: [{ path: "/user/balance" }],
      }),
    ).resolves.toMatchObject({ balance: 90 });
    expect(calls.map((call) => call.method)).toEqual(["GET", "POST"]);
  });
});

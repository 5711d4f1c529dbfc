import { describe, expect, it, vi } from "vitest";
import { createHttpClient, type HttpClientOptions, RateLimitError } from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const QUOTA = { capacity: 10, refill: 3, interval: 60_000 };

function setup(options: Partial<HttpClientOptions> = {}, clock = new VirtualClock()) {
  const stub = stubFetch(
    () => json(200, { ok: true }),
    () => clock.now(),
  );
  const api = createHttpClient({
    baseURL: "https://api.example.test",
    auth: { headers: { "X-API-KEY": `key-${Math.random()}` } },
    fetch: stub.fetch,
    clock,
    cache: false,
    rateLimit: QUOTA,
    ...options,
  });
  return { clock, api, calls: stub.calls };
}

describe("the quota queue", () => {
  it("with capacity 10 / refill 3 per 60 s, 12 distinct calls send 10 at once and the other two 20 s apart", async () => {
    const { clock, api, calls } = setup();
    const all = Array.from({ length: 12 }, (_, i) =>
      api.request({ method: "GET", path: `/call/${i}` }),
    );
    await vi.waitFor(() => expect(calls).toHaveLength(10));
    expect(calls.every((call) => call.at === 0)).toBe(true);

    await clock.advance(19_999);
    expect(calls).toHaveLength(10);
    await clock.advance(1);
    await vi.waitFor(() => expect(calls).toHaveLength(11));
    await clock.advance(19_999);
    expect(calls).toHaveLength(11);
    await clock.advance(1);
    await vi.waitFor(() => expect(calls).toHaveLength(12));

    await Promise.all(all);
    expect(calls.slice(10).map((call) => call.at)).toEqual([20_000, 40_000]);
    // FIFO: the queued calls went out in the order they were made.
    expect(calls.map((call) => call.url.pathname)).toEqual(
      Array.from({ length: 12 }, (_, i) => `/call/${i}`),
    );
  });

  it("an aborted queued call is never sent", async () => {
    const { clock, api, calls } = setup({ rateLimit: { capacity: 1, refill: 1, interval: 1000 } });
    await api.request({ method: "POST", path: "/first" });
    const controller = new AbortController();
    const queued = api.request({ method: "POST", path: "/aborted", signal: controller.signal });
    const next = api.request({ method: "POST", path: "/next" });
    controller.abort(new Error("changed my mind"));
    await expect(queued).rejects.toThrow("changed my mind");

    await clock.advance(1000);
    await next;
    expect(calls.map((call) => call.url.pathname)).toEqual(["/first", "/next"]);
    // The abandoned wait gave up its place: /next got the first token after the refill.
    expect(calls[1]?.at).toBe(1000);
  });

  it("refuses fast with RateLimitError when maxWait or maxQueue would be exceeded", async () => {
    const { api, calls } = setup({
      rateLimit: { ...QUOTA, capacity: 1, maxWait: 5_000, maxQueue: 5 },
    });
    await api.request({ method: "GET", path: "/a" });
    const error = await api
      .request({ method: "GET", path: "/b" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBeUndefined();
    expect((error as RateLimitError).retryAfter).toBe(20_000);
    expect(calls).toHaveLength(1);
  });

  it("clients of the same account share one bucket; other accounts have their own", async () => {
    const clock = new VirtualClock();
    const auth = { headers: { "X-API-KEY": "shared-account-key" } };
    const first = setup({ auth, rateLimit: { capacity: 2, refill: 1, interval: 1000 } }, clock);
    const second = setup({ auth, rateLimit: { capacity: 2, refill: 1, interval: 1000 } }, clock);
    const other = setup({ rateLimit: { capacity: 2, refill: 1, interval: 1000 } }, clock);
    expect(first.api.rateLimiter).toBe(second.api.rateLimiter);
    expect(other.api.rateLimiter).not.toBe(first.api.rateLimiter);

    await first.api.request({ method: "GET", path: "/1" });
    await second.api.request({ method: "GET", path: "/2" });
    const third = second.api.request({ method: "GET", path: "/3" });
    await other.api.request({ method: "GET", path: "/elsewhere" });
    await clock.advance(999);
    expect(second.calls).toHaveLength(1);
    await clock.advance(1);
    await third;
    expect(second.calls.map((call) => call.at)).toEqual([0, 1000]);
  });

  it("tells the onQueued hook how long the call will wait", async () => {
    const queued: number[] = [];
    const { clock, api } = setup({
      rateLimit: { capacity: 1, refill: 3, interval: 60_000 },
      hooks: { onQueued: ({ waitMs }) => queued.push(waitMs) },
    });
    await api.request({ method: "GET", path: "/a" });
    const waiting = api.request({ method: "GET", path: "/b" });
    await vi.waitFor(() => expect(queued).toEqual([20_000]));
    await clock.advance(20_000);
    await waiting;
  });

  it("rateLimit.account names the bucket, whatever the credentials look like", async () => {
    const clock = new VirtualClock();
    const shape = { capacity: 1, refill: 1, interval: 1000, account: "coinimp key-1" };
    const v2 = setup({ auth: { headers: { "X-API-KEY": "k" } }, rateLimit: shape }, clock);
    const v1 = setup({ auth: { query: { private: "k" } }, rateLimit: shape }, clock);
    expect(v1.api.rateLimiter).toBe(v2.api.rateLimiter);
  });
});

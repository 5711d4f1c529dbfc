import { describe, expect, it, vi } from "vitest";
import {
  ApiError,
  createHttpClient,
  type HttpClientOptions,
  OutcomeUnknownError,
  RateLimitError,
  ServerError,
} from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

const BASE = "https://api.example.test/v2";

function setup(respond: Parameters<typeof stubFetch>[0], options: Partial<HttpClientOptions> = {}) {
  const clock = new VirtualClock();
  const stub = stubFetch(respond, () => clock.now());
  const retries: number[] = [];
  const api = createHttpClient({
    baseURL: BASE,
    fetch: stub.fetch,
    clock,
    cache: false,
    rateLimit: false,
    random: () => 0.5,
    hooks: { onRetry: ({ delayMs }) => retries.push(delayMs) },
    ...options,
  });
  return { clock, api, calls: stub.calls, retries };
}

describe("Retry-After", () => {
  it("a GET after 503 + Retry-After: 1 is retried no sooner than 1 s (fake clock)", async () => {
    const { clock, api, calls, retries } = setup((_, index) =>
      index === 0
        ? json(503, { message: "busy" }, { "retry-after": "1" })
        : json(200, { ok: true }),
    );
    const call = api.request({ method: "GET", path: "/reward" });
    await vi.waitFor(() => expect(retries).toEqual([1000]));

    await clock.advance(999);
    expect(calls).toHaveLength(1);

    await clock.advance(1);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.at).toBe(1000);
    expect(await call).toEqual({ ok: true });
  });

  it("honours retry-after-ms and HTTP dates", async () => {
    const { clock, api, calls, retries } = setup((_, index) =>
      index === 0 ? json(429, {}, { "retry-after-ms": "2500" }) : json(200, { ok: true }),
    );
    const call = api.request({ method: "GET", path: "/" });
    await vi.waitFor(() => expect(retries).toEqual([2500]));
    await clock.advance(2500);
    expect(await call).toEqual({ ok: true });
    expect(calls[1]?.at).toBe(2500);
  });

  it("does not wait for a Retry-After beyond the cap: RateLimitError with retryAfter", async () => {
    const { api, calls } = setup(() =>
      json(429, { message: "come back tomorrow" }, { "retry-after": "86400" }),
    );
    const error = await api
      .request({ method: "GET", path: "/" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(86_400_000);
    expect(calls).toHaveLength(1);
  });

  it("backs off with jitter when the server names no wait, and gives up after `retries`", async () => {
    const { clock, api, calls, retries } = setup(() => json(502, {}), {
      retry: { retries: 2, baseDelay: 100, maxDelay: 1000 },
    });
    const call = api.request({ method: "GET", path: "/" }).catch((caught: unknown) => caught);
    await vi.waitFor(() => expect(retries).toHaveLength(1));
    await clock.advance(retries[0] ?? 0);
    await vi.waitFor(() => expect(retries).toHaveLength(2));
    await clock.advance(retries[1] ?? 0);
    const error = await call;
    expect(error).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(3);
    // random() is 0.5: half of 100·2⁰, then half of 100·2¹.
    expect(retries).toEqual([50, 100]);
  });
});

describe("API rules", () => {
  const rules: HttpClientOptions["responses"] = {
    failureMessage: (body) =>
      (body as { status?: string }).status === "failure"
        ? String((body as { message?: unknown }).message)
        : undefined,
    isQuotaExceeded: ({ status, body }) =>
      status === 503 && (body as { status?: string }).status === "failure",
  };

  it("a failure envelope at HTTP 200 is an ApiError, not retried", async () => {
    const { api, calls } = setup(() => json(200, { status: "failure", message: "Unknown site" }), {
      responses: rules,
    });
    const error = await api
      .request({ method: "GET", path: "/site" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).apiMessage).toBe("Unknown site");
    expect((error as ApiError).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("a POST answered with the API's quota 503 is retried (not processed) and pauses the bucket", async () => {
    const { clock, api, calls } = setup(
      (_, index) =>
        index === 0
          ? json(503, { status: "failure", message: "quota" })
          : json(200, { status: "success" }),
      { responses: rules, rateLimit: { capacity: 10, refill: 3, interval: 60_000 } },
    );
    const call = api.request({ method: "POST", path: "/user/withdraw", form: { amount: 5 } });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    // No Retry-After: the bucket is emptied and paused one token period (20 s).
    await clock.advance(19_999);
    expect(calls).toHaveLength(1);
    expect(api.rateLimiter?.available).toBe(0);
    await clock.advance(1);
    expect(await call).toEqual({ status: "success" });
    expect(calls.map((c) => c.at)).toEqual([0, 20_000]);
  });

  it("a POST answered with a plain 503 is not retried: OutcomeUnknownError", async () => {
    const { api, calls } = setup(() => json(503, { message: "down" }), { responses: rules });
    const error = await api
      .request({ method: "POST", path: "/x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it("a declared not-processed 503 (maintenance) lets a POST be retried", async () => {
    const { clock, api, calls, retries } = setup(
      (_, index) =>
        index === 0 ? json(503, { message: "offline for maintenance" }) : json(200, { ok: 1 }),
      { responses: { isNotProcessed: ({ status }) => status === 503 } },
    );
    const call = api.request({ method: "POST", path: "/btc/mix" });
    await vi.waitFor(() => expect(retries).toHaveLength(1));
    await clock.advance(retries[0] ?? 0);
    expect(await call).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
  });
});

/**
 * Each status MixCoins can answer, against the sandbox, becomes its error class; 429 and 503
 * ("offline for maintenance") are answered before anything is done, so they are retried after
 * Retry-After or a backoff and the mix is created exactly once; when they keep coming, the error
 * says so and nothing was created. Waits run on a virtual clock.
 */
import { createSandbox, type FaultSpec, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import { track } from "../../core/test/helpers/track.js";
import { VirtualClock } from "../../core/test/helpers/virtual-clock.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type CointapError,
  type Mix,
  MixCoins,
  type MixCoinsOptions,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from "../src/index.js";

const MIX = {
  currency: "btc",
  addresses: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
  amount: "0.5",
} as const;

interface Setup {
  sandbox: Sandbox;
  client: MixCoins;
  clock: VirtualClock;
  retries: { delayMs: number; status: number | undefined }[];
  /** Called on each retry, after it is recorded. */
  onRetry?: () => void;
}

/** A sandbox and a client sharing one virtual clock; `fault` on the mix route. */
function setup(
  fault?: FaultSpec,
  options: Partial<MixCoinsOptions> = {},
  { sandboxQuota = false }: { sandboxQuota?: boolean } = {},
): Setup {
  const clock = new VirtualClock(1_000_000);
  const sandbox = createSandbox({
    seed: "status-codes",
    ...(!sandboxQuota && { quota: false }),
    clock: { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) },
    ...(fault && { faults: { "mixcoins:mix": fault } }),
  });
  const retries: Setup["retries"] = [];
  const result: Omit<Setup, "client"> = { sandbox, clock, retries };
  const client = new MixCoins({
    ...sandbox.credentials.mixcoins,
    fetch: sandbox.fetch,
    clock,
    hooks: {
      onRetry: ({ delayMs, error }) => {
        retries.push({ delayMs, status: (error as ApiError).status });
        result.onRetry?.();
      },
    },
    ...options,
  });
  return Object.assign(result, { client });
}

/**
 * Settles `create`. Virtual time stands still until the first attempt has reached the sandbox
 * (loading modules and encoding the body take real turns of the event loop), then moves in small
 * steps, never as far as the 30 s attempt timeout. Returns the call's value or error.
 */
async function settle(
  { client, clock, sandbox }: Setup,
  step = 100,
): Promise<{ mix?: Mix; error?: CointapError }> {
  const sent = sandbox.requests.length;
  const start = clock.now();
  const state = track(client.mixes.create(MIX));
  // A safety net against a hung test, not a timing assertion.
  const giveUp = Date.now() + 10_000;
  while (!state.settled && Date.now() < giveUp) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (sandbox.requests.length > sent && clock.now() - start < 20_000) await clock.advance(step);
  }
  expect(state.settled, "the call settled").toBe(true);
  return state.error === undefined
    ? { mix: state.value as Mix }
    : { error: state.error as CointapError };
}

describe("refusals: their error class, nothing retried, nothing created", () => {
  it.each([
    [400, "BadRequestError", BadRequestError],
    [403, "PermissionDeniedError", PermissionDeniedError],
    [404, "NotFoundError", NotFoundError],
    [410, "NotFoundError", NotFoundError],
    [405, "ApiError", ApiError],
    [406, "ApiError", ApiError],
    [409, "ApiError", ApiError],
    [422, "ApiError", ApiError],
  ] as const)("%i → %s", async (status, _name, ErrorClass) => {
    const s = setup({ status });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(ErrorClass);
    if (ErrorClass === ApiError) {
      // Not one of the named subclasses: a plain ApiError with the status.
      expect(error?.constructor).toBe(ApiError);
    }
    expect((error as ApiError).status).toBe(status);
    expect((error as ApiError).apiMessage).toBe(`Injected fault: HTTP ${status}`);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(s.sandbox.requests).toHaveLength(1);
    expect(s.retries).toEqual([]);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("401 (a wrong token, answered by the sandbox itself) → AuthenticationError", async () => {
    const s = setup(undefined, { token: "0".repeat(64) });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, apiMessage: "Invalid API token" });
    expect(s.sandbox.requests.map((r) => [r.status, r.outcome])).toEqual([[401, "answered"]]);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("404 from the sandbox itself (a base URL that is not MixCoins') → NotFoundError", async () => {
    const s = setup(undefined, { baseURL: "https://mixcoins.xyz/api/v0" });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect(s.sandbox.requests.map((r) => r.path)).toEqual(["/api/v0/btc/mix"]);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });
});

describe("429 and 503 are not processed: retried, then the mix is created once", () => {
  it("503 offline for maintenance, then back: retried after a backoff", async () => {
    const s = setup();
    s.sandbox.state.mixcoins.maintenance = true;
    // Maintenance ends while the client waits to retry.
    s.onRetry = () => {
      s.sandbox.state.mixcoins.maintenance = false;
    };
    const { mix, error } = await settle(s);
    expect(error).toBeUndefined();
    expect(mix?.currency).toBe("btc");
    expect(s.sandbox.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(s.retries).toEqual([{ delayMs: expect.any(Number), status: 503 }]);
    expect(s.sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("503 once (fault, times: 1) → retried → created once", async () => {
    const s = setup({ status: 503, times: 1 });
    const { mix, error } = await settle(s);
    expect(error).toBeUndefined();
    expect(mix?.amount).toBe("0.5");
    expect(s.sandbox.requests.map((r) => r.outcome)).toEqual(["injected-status", "answered"]);
    expect(s.sandbox.state.mixcoins.mixes).toHaveLength(1);
    expect(s.sandbox.state.mixcoins.mixes[0]?.depositAddress).toBe(mix?.address);
  });

  it("a 503 without MixCoins' error body (a proxy page, mix applied) is not retried", async () => {
    const s = setup({ malformed: "html", status: 503, apply: true, times: 1 });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error?.cause).toBeInstanceOf(ServerError);
    expect(s.sandbox.requests).toHaveLength(1);
    expect(s.retries).toEqual([]);
    expect(s.sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("429 with Retry-After: 1, twice → retried after 1 s each time → created once", async () => {
    const s = setup({ status: 429, retryAfter: 1, times: 2 });
    const { mix, error } = await settle(s);
    expect(error).toBeUndefined();
    expect(mix?.currency).toBe("btc");
    expect(s.sandbox.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(s.retries).toEqual([
      { delayMs: 1000, status: 429 },
      { delayMs: 1000, status: 429 },
    ]);
    // On the virtual clock: each retry went out no sooner than the server asked.
    const [first, second, third] = s.sandbox.requests.map((r) => r.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(s.sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("the sandbox's own limit (429 + Retry-After) is waited out, then the mix goes through", async () => {
    const s = setup(undefined, {}, { sandboxQuota: true });
    // Spend the sandbox's burst of 30 with plain requests, then mix.
    for (let i = 0; i < 30; i++) {
      await s.sandbox.fetch("https://mixcoins.xyz/api/btc/mix", {
        method: "POST",
        headers: { "X-Api-Token": s.sandbox.credentials.mixcoins.token },
      });
    }
    const before = s.sandbox.requests.length;
    const { mix, error } = await settle(s, 500);
    expect(error).toBeUndefined();
    expect(mix).toBeDefined();
    expect(s.sandbox.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
    expect(s.retries).toEqual([{ delayMs: 2000, status: 429 }]);
    expect(s.sandbox.state.mixcoins.mixes).toHaveLength(1);
  });
});

describe("429 and 503 that keep coming: the error, after the retries, and no mix", () => {
  const retry = { retries: 1, baseDelay: 1, maxDelay: 1 };

  it("429 → RateLimitError (with retryAfter) after 1 retry", async () => {
    const s = setup({ status: 429, retryAfter: 1 }, { retry });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfter: 1000 });
    expect(s.sandbox.requests).toHaveLength(2);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("429 without Retry-After → RateLimitError after 1 retry", async () => {
    const s = setup({ status: 429 }, { retry });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBeUndefined();
    expect(s.sandbox.requests).toHaveLength(2);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("503 → ServerError (not OutcomeUnknownError: not processed) after 1 retry", async () => {
    const s = setup({ status: 503 }, { retry });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect((error as ServerError).status).toBe(503);
    expect(s.sandbox.requests).toHaveLength(2);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("maintenance that does not end → ServerError with the API's message, after the default 2 retries", async () => {
    const s = setup();
    s.sandbox.state.mixcoins.maintenance = true;
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).apiMessage).toBe("Service is offline for maintenance");
    expect(s.sandbox.requests.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(s.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("retry: false → the first 429 is the answer", async () => {
    const s = setup({ status: 429, retryAfter: 1 }, { retry: false });
    const { error } = await settle(s);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(s.sandbox.requests).toHaveLength(1);
  });
});

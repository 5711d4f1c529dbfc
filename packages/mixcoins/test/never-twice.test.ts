/**
 * Never a mix twice: after any failure that may follow the mix being applied — the connection
 * dropped after it, a 500, a reset the client cannot tell from a drop, the caller giving up, a
 * stalled answer — `create` rejects with `OutcomeUnknownError` and sends nothing more, even with
 * retries enabled. The sandbox's state says what really happened.
 */
import { createSandbox, type FaultSpec, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  type Hooks,
  MixCoins,
  type MixCoinsOptions,
  OutcomeUnknownError,
  ServerError,
  TimeoutError,
} from "../src/index.js";

const MIX = {
  currency: "eth",
  addresses: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
  amount: "1.25",
} as const;

function setup(
  fault: FaultSpec,
  options: Partial<MixCoinsOptions> = {},
): { sandbox: Sandbox; client: MixCoins; retried: unknown[] } {
  const sandbox = createSandbox({
    seed: "never-twice",
    quota: false,
    faults: { "mixcoins:mix": fault },
  });
  const retried: unknown[] = [];
  const hooks: Hooks = { onRetry: (event) => retried.push(event) };
  // Retries on, with tiny backoffs: were the client to retry, it would do so at once.
  const client = new MixCoins({
    ...sandbox.credentials.mixcoins,
    fetch: sandbox.fetch,
    retry: { retries: 3, baseDelay: 1, maxDelay: 1 },
    hooks,
    ...options,
  });
  return { sandbox, client, retried };
}

async function failure(promise: Promise<unknown>): Promise<OutcomeUnknownError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutcomeUnknownError);
  const unknown = error as OutcomeUnknownError;
  expect(unknown.method).toBe("POST");
  expect(unknown.path).toBe("/eth/mix");
  expect(unknown.message).toMatch(/may or may not have been applied/);
  return unknown;
}

describe("a mix whose outcome is unknown is never sent again", () => {
  it("applied, then the connection dropped → OutcomeUnknownError, and exactly one mix exists", async () => {
    const { sandbox, client, retried } = setup({ applyThenDrop: true });
    const error = await failure(client.mixes.create(MIX));
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect((error.cause as ConnectionError).sent).toBe(true);
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
    expect(sandbox.state.mixcoins.mixes[0]).toMatchObject({
      currency: "eth",
      addresses: MIX.addresses,
      amount: "1.25",
    });
    expect(sandbox.requests.map((r) => r.outcome)).toEqual(["applied-then-dropped"]);
    expect(retried).toEqual([]);
  });

  it("the same, only the first time (times: 1): still not retried, still one mix", async () => {
    const { sandbox, client } = setup({ applyThenDrop: true, times: 1 });
    await failure(client.mixes.create(MIX));
    expect(sandbox.requests).toHaveLength(1);
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it.each([500, 502, 504])(
    "%i → OutcomeUnknownError (cause ServerError), one request",
    async (status) => {
      const { sandbox, client, retried } = setup({ status });
      const error = await failure(client.mixes.create(MIX));
      expect(error.cause).toBeInstanceOf(ServerError);
      expect((error.cause as ServerError).status).toBe(status);
      expect(sandbox.requests).toHaveLength(1);
      expect(retried).toEqual([]);
      // The sandbox's injected status is "not processed"; the client cannot know that.
      expect(sandbox.state.mixcoins.mixes).toEqual([]);
    },
  );

  it("reset (dropped before processing, which looks the same) → OutcomeUnknownError, zero mixes", async () => {
    const { sandbox, client, retried } = setup({ reset: true });
    const error = await failure(client.mixes.create(MIX));
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect(sandbox.requests.map((r) => r.outcome)).toEqual(["reset"]);
    expect(retried).toEqual([]);
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("the caller aborts after sending → OutcomeUnknownError whose cause is the abort reason", async () => {
    const { sandbox, client } = setup({ latency: 60_000 });
    const controller = new AbortController();
    const reason = new Error("the user closed the page");
    const call = client.mixes.create(MIX, { signal: controller.signal });
    // Sent: the sandbox has it, and sits on it.
    await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1));
    controller.abort(reason);
    const error = await failure(call);
    expect(error.cause).toBe(reason);
    expect(error.message).toContain("the user closed the page");
    await vi.waitFor(() => expect(sandbox.requests[0]?.outcome).toBe("aborted"));
    expect(sandbox.requests).toHaveLength(1);
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("a caller's signal aborted before the call → rejects with the reason itself, nothing sent", async () => {
    const { sandbox, client } = setup({ latency: 60_000 });
    const reason = new Error("never mind");
    const error = await client.mixes
      .create(MIX, { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(sandbox.requests).toEqual([]);
  });

  it("a stalled answer with timeout: 200 → OutcomeUnknownError (cause TimeoutError); the mix was applied", async () => {
    const { sandbox, client, retried } = setup({ stall: true });
    const error = await failure(client.mixes.create(MIX, { timeout: 200 }));
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect((error.cause as TimeoutError).timeout).toBe(200);
    expect(sandbox.requests.map((r) => r.outcome)).toEqual(["stalled"]);
    expect(retried).toEqual([]);
    // The stall came after the sandbox processed the mix: exactly the case a retry would double.
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("the client's default timeout applies to a stall too (timeout: 200 on the client)", async () => {
    const { sandbox, client } = setup({ stall: true }, { timeout: 200 });
    const error = await failure(client.mixes.create(MIX));
    expect((error.cause as TimeoutError).timeout).toBe(200);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe("over a real loopback port", () => {
  it("applied, then the socket destroyed → OutcomeUnknownError, one mix, one request", async () => {
    const sandbox = createSandbox({
      seed: "never-twice-loopback",
      quota: false,
      faults: { "mixcoins:mix": { applyThenDrop: true } },
    });
    const server = await sandbox.listen();
    try {
      const client = new MixCoins({
        ...sandbox.credentials.mixcoins,
        baseURL: `${server.url}/api`,
        retry: { retries: 3, baseDelay: 1, maxDelay: 1 },
      });
      const error = await failure(client.mixes.create(MIX));
      expect(error.cause).toBeInstanceOf(ConnectionError);
      expect(sandbox.requests).toHaveLength(1);
      expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createSandbox, type FaultSpec, REDACTED, type SandboxServer } from "../src/index.js";
import { coinImpGet, createMix, siteWithUser, withdraw } from "./helpers/calls.js";
import { isSettled, settle } from "./helpers/controlled-clock.js";

// Taken before any server starts: listen() must not replace them.
const GlobalRequest = globalThis.Request;
const GlobalResponse = globalThis.Response;
const globalFetch = globalThis.fetch;

const PAYOUT = ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"];

/** Servers opened by a test and not yet closed by it; closed after each test. */
const open = new Set<SandboxServer>();

afterEach(async () => {
  const servers = [...open];
  open.clear();
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(
  sandbox: ReturnType<typeof createSandbox>,
  options?: { port?: number; hostname?: string },
): Promise<SandboxServer> {
  const server = await sandbox.listen(options);
  open.add(server);
  return server;
}

async function closeNow(server: SandboxServer): Promise<void> {
  open.delete(server);
  await server.close();
}

function portOf(server: SandboxServer): number {
  return Number(new URL(server.url).port);
}

/** Rejects if `promise` has not settled after `ms` of real time: proves "did not hang". */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The error a rejected fetch gave. */
async function rejection(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (reason: unknown) => reason,
  );
}

describe("listen()", () => {
  it("serves CoinImp (v2 and v1) over real HTTP on a 127.0.0.1 port", async () => {
    const sandbox = createSandbox({ seed: "listen" });
    const server = await serve(sandbox, { port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(server)).toBeGreaterThan(0);

    const response = await coinImpGet(
      sandbox,
      "account/stats",
      { currency: "MINTME" },
      { base: `${server.url}/api/v2`, fetch: globalFetch },
    );
    expect(response.status).toBe(200);
    expect(response).toBeInstanceOf(GlobalResponse);
    const body = (await response.json()) as { status: string; message: Record<string, unknown> };
    expect(body.status).toBe("success");
    expect(typeof body.message.hashes).toBe("number");
    expect(typeof body.message.reward).toBe("string");

    // The same answer as in-process.
    const inProcess = await coinImpGet(sandbox, "account/stats", { currency: "MINTME" });
    expect(await inProcess.json()).toEqual(body);

    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const v1 = await globalFetch(
      `${server.url}/api/v1/payout/1mhash?${new URLSearchParams({
        currency: "XMR",
        public: publicKey,
        private: privateKey,
      })}`,
    );
    expect(v1.status).toBe(200);
    expect(((await v1.json()) as { status: string }).status).toBe("success");

    expect(sandbox.requests.map((entry) => entry.route)).toEqual([
      "coinimp:account/stats",
      "coinimp:account/stats",
      "coinimp:payout/1mhash",
    ]);
    expect(sandbox.requests[0]?.headers["x-api-key"]).toBe(REDACTED);
    expect(sandbox.requests[2]?.query.private).toBe(REDACTED);
  });

  it("serves a MixCoins multipart mix over real HTTP", async () => {
    const sandbox = createSandbox();
    const server = await serve(sandbox);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await createMix(sandbox, "btc", PAYOUT, "0.5", {
      base: `${server.url}/api`,
      fetch: globalFetch,
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { address: string; amount: string };
    expect(answer.amount).toBe("0.5");
    expect(sandbox.state.mixcoins.mixes).toEqual([
      { currency: "btc", addresses: PAYOUT, amount: "0.5", depositAddress: answer.address },
    ]);
    expect(sandbox.requests[0]?.form).toEqual([
      ["address[]", PAYOUT[0]],
      ["address[]", PAYOUT[1]],
      ["amount", "0.5"],
    ]);
  });

  it("answers refusals with their status and headers over real HTTP", async () => {
    const sandbox = createSandbox();
    const server = await serve(sandbox);
    const get = await globalFetch(`${server.url}/api/btc/mix`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toEqual({ error: expect.any(String) });
  });

  it("close() frees the port: connecting is refused, and listening on it again succeeds", async () => {
    const sandbox = createSandbox();
    const first = await serve(sandbox);
    const port = portOf(first);
    expect((await globalFetch(`${first.url}/api/v2/hashes?currency=MINTME`)).status).toBe(401);
    await closeNow(first);

    const refused = await rejection(globalFetch(`${first.url}/api/v2/hashes?currency=MINTME`));
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });

    const again = await serve(sandbox, { port });
    expect(portOf(again)).toBe(port);
    expect((await globalFetch(`${again.url}/api/v2/hashes?currency=MINTME`)).status).toBe(401);
    await closeNow(again);
  });

  it("two servers of one sandbox share its state", async () => {
    const sandbox = createSandbox();
    const a = await serve(sandbox);
    const b = await serve(sandbox);
    expect(a.url).not.toBe(b.url);
    await createMix(sandbox, "btc", PAYOUT, "1", { base: `${a.url}/api`, fetch: globalFetch });
    await createMix(sandbox, "btc", PAYOUT, "2", { base: `${b.url}/api`, fetch: globalFetch });
    expect(sandbox.state.mixcoins.mixes.map((mix) => mix.amount)).toEqual(["1", "2"]);
  });

  it("leaves the global Request and Response alone", async () => {
    const sandbox = createSandbox();
    const server = await serve(sandbox);
    await globalFetch(`${server.url}/api/v2/hashes?currency=MINTME`);
    expect(globalThis.Request).toBe(GlobalRequest);
    expect(globalThis.Response).toBe(GlobalResponse);
    expect(globalThis.fetch).toBe(globalFetch);
  });
});

describe("faults over a real port", () => {
  async function faulted(spec: FaultSpec, route: "coinimp:user/withdraw" | "mixcoins:mix") {
    const sandbox = createSandbox({ faults: { [route]: spec } });
    const server = await serve(sandbox);
    return { sandbox, server };
  }

  it("reset: the global fetch rejects with a socket error and nothing was processed", async () => {
    const { sandbox, server } = await faulted({ reset: true }, "coinimp:user/withdraw");
    const { site, user } = siteWithUser(sandbox, 10);
    const error = await rejection(
      withdraw(
        sandbox,
        { siteKey: site.siteKey, user: user.name, amount: 10 },
        { base: `${server.url}/api/v2`, fetch: globalFetch },
      ),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeDefined();
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual(["reset"]);

    // The server still serves the next connection.
    const next = await coinImpGet(
      sandbox,
      "hashes",
      { currency: "MINTME" },
      { base: `${server.url}/api/v2`, fetch: globalFetch },
    );
    expect(next.status).toBe(200);
  });

  it("applyThenDrop: the global fetch rejects, yet the withdrawal happened exactly once", async () => {
    const { sandbox, server } = await faulted({ applyThenDrop: true }, "coinimp:user/withdraw");
    const { site, user } = siteWithUser(sandbox, 10);
    const error = await rejection(
      withdraw(
        sandbox,
        { siteKey: site.siteKey, user: user.name, amount: 10 },
        { base: `${server.url}/api/v2`, fetch: globalFetch },
      ),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 10 },
    ]);
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual(["applied-then-dropped"]);
  });

  it("applyThenDrop on a mix: the global fetch rejects, yet one mix is recorded", async () => {
    const { sandbox, server } = await faulted({ applyThenDrop: true }, "mixcoins:mix");
    const error = await rejection(
      createMix(sandbox, "btc", PAYOUT, "1", { base: `${server.url}/api`, fetch: globalFetch }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("stall: the headers arrive, the body hangs until the request is aborted", async () => {
    const { sandbox, server } = await faulted({ stall: true }, "mixcoins:mix");
    const controller = new AbortController();
    const response = await within(
      createMix(sandbox, "btc", PAYOUT, "1", {
        base: `${server.url}/api`,
        fetch: globalFetch,
        signal: controller.signal,
      }),
      5_000,
      "the stalled response's headers",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = response.text();
    expect(await isSettled(text)).toBe(false);
    controller.abort();
    const error = await within(rejection(text), 5_000, "the aborted body");
    expect(error).toMatchObject({ name: "AbortError" });
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual(["stalled"]);
  });

  it("close() returns while a stalled response is open, and the body then fails", async () => {
    const { sandbox, server } = await faulted({ stall: true }, "coinimp:user/withdraw");
    const { site, user } = siteWithUser(sandbox, 10);
    const response = await within(
      withdraw(
        sandbox,
        { siteKey: site.siteKey, user: user.name, amount: 10 },
        { base: `${server.url}/api/v2`, fetch: globalFetch },
      ),
      5_000,
      "the stalled response's headers",
    );
    expect(response.status).toBe(200);
    const text = response.text();
    expect(await isSettled(text)).toBe(false);
    open.delete(server);
    await within(server.close(), 5_000, "close()");
    const error = await within(rejection(text), 5_000, "the cut-off body");
    expect(error).toBeInstanceOf(TypeError);
  });

  it("a client giving up on a stalled response is not logged as a server error", async () => {
    const logged = [vi.spyOn(console, "error"), vi.spyOn(console, "info")];
    const { sandbox, server } = await faulted({ stall: true }, "mixcoins:mix");
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const response = await createMix(sandbox, "btc", PAYOUT, "1", {
        base: `${server.url}/api`,
        fetch: globalFetch,
        signal: controller.signal,
      });
      const text = response.text();
      controller.abort();
      await within(rejection(text), 5_000, "the aborted body");
    }
    await closeNow(server);
    await settle(20);
    for (const spy of logged) expect(spy).not.toHaveBeenCalled();
  });
});

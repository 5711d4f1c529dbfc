/**
 * How the API's refusals reach a program: the `ApiError` subclass its status names, with the API's
 * message; a failure envelope at HTTP 200 is an error too; the quota 503 is "not processed" and
 * retried after the pause (a withdrawal included, applied once); a 500 on a read is retried, on a
 * withdrawal or a deletion it is an unknown outcome.
 */

import { inspect } from "node:util";
import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../../core/test/helpers/virtual-clock.js";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CoinImp,
  NotFoundError,
  OutcomeUnknownError,
  ServerError,
} from "../src/index.js";
import { advanceUntil } from "./helpers/drive.js";
import {
  clientOf,
  decimal,
  expectedBalance,
  firstUser,
  onlyRequest,
  siteOf,
  sitesIn,
  VERSIONS,
} from "./helpers/sandbox-world.js";

const UNKNOWN_SITE = "0".repeat(64);

/** The rejection of `promise` (fails when it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("API refusals → the ApiError subclass of their status, with the API's message", () => {
  it.each(VERSIONS)(
    "%s: a wrong private key → AuthenticationError 401 'Invalid API keys', not retried, keys never shown",
    async (version) => {
      const sandbox = createSandbox({ seed: `errors-auth-${version}`, quota: false });
      const wrongKey = "9".repeat(64);
      const client = clientOf(sandbox, version, { privateKey: wrongKey });

      const error = await rejectionOf(client.account.stats({ currency: "XMR" }));

      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, apiMessage: "Invalid API keys" });
      expect((error as Error).message).toContain("Invalid API keys");
      expect(onlyRequest(sandbox).status).toBe(401);
      const { publicKey, privateKey } = sandbox.credentials.coinimp;
      for (const text of [
        (error as Error).message,
        String((error as Error).stack),
        JSON.stringify((error as ApiError).toJSON()),
        inspect(error),
      ]) {
        for (const secret of [publicKey, privateKey, wrongKey]) expect(text).not.toContain(secret);
      }
    },
  );

  it("an unknown site → NotFoundError 404 'Site not found', not retried", async () => {
    const sandbox = createSandbox({ seed: "errors-unknown-site", quota: false });
    const client = clientOf(sandbox, "v2");

    const error = await rejectionOf(client.sites.stats({ siteKey: UNKNOWN_SITE }));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, apiMessage: "Site not found" });
    expect(onlyRequest(sandbox).status).toBe(404);
  });

  it("an unknown user → NotFoundError 'User not found'", async () => {
    const sandbox = createSandbox({ seed: "errors-unknown-user", quota: false });
    const client = clientOf(sandbox, "v1");
    const site = siteOf(sandbox, "MINTME");

    const error = await rejectionOf(
      client.users.balance({ siteKey: site.siteKey, user: "nobody-here" }),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, apiMessage: "User not found" });
  });

  it("a withdrawal on an unknown site → NotFoundError (a refusal, not an unknown outcome), nothing withdrawn", async () => {
    const sandbox = createSandbox({ seed: "errors-withdraw-unknown-site", quota: false });
    const client = clientOf(sandbox, "v2");

    const error = await rejectionOf(
      client.users.withdraw({ siteKey: UNKNOWN_SITE, user: "alice", amount: 1 }),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(onlyRequest(sandbox).status).toBe(404);
  });

  it("a withdrawal above the user's hashes → BadRequestError 400 'Insufficient balance', balance untouched", async () => {
    const sandbox = createSandbox({ seed: "errors-insufficient", quota: false });
    const client = clientOf(sandbox, "v2");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);
    const before = expectedBalance(sandbox, site, user.name);

    const error = await rejectionOf(
      client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: user.hashes + 1 }),
    );

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, apiMessage: "Insufficient balance" });
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(expectedBalance(sandbox, site, user.name)).toEqual(before);
    expect(onlyRequest(sandbox).status).toBe(400);
  });
});

describe('a failure envelope at HTTP 200 ({"status":"failure","message":"x"})', () => {
  function envelopeAt200() {
    const received: { method: string; path: string }[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      received.push({ method: request.method, path: new URL(request.url).pathname });
      return new Response(JSON.stringify({ status: "failure", message: "x" }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const client = new CoinImp({
      publicKey: "a".repeat(64),
      privateKey: "b".repeat(64),
      fetch,
      rateLimit: false,
    });
    return { client, received };
  }

  it("on a read → ApiError (status 200, message 'x'), not a subclass, not retried, not cached", async () => {
    const { client, received } = envelopeAt200();

    const error = await rejectionOf(client.account.stats({ currency: "MINTME" }));

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).constructor).toBe(ApiError);
    expect(error).toMatchObject({ status: 200, apiMessage: "x" });
    expect((error as Error).message).toContain("x");
    expect(received).toEqual([{ method: "GET", path: "/api/v2/account/stats" }]);

    // A failure is not a cached answer: the next call asks again.
    await rejectionOf(client.account.stats({ currency: "MINTME" }));
    expect(received).toHaveLength(2);
  });

  it("on a withdrawal → ApiError, sent once", async () => {
    const { client, received } = envelopeAt200();

    const error = await rejectionOf(
      client.users.withdraw({ siteKey: "c".repeat(64), user: "alice", amount: 5 }),
    );

    expect((error as ApiError).constructor).toBe(ApiError);
    expect(error).toMatchObject({ status: 200, apiMessage: "x" });
    expect(received).toEqual([{ method: "POST", path: "/api/v2/user/withdraw" }]);
  });
});

describe("the quota 503 is not processed: retried after the pause, not an error", () => {
  /**
   * A sandbox with its real quota on `clock`, whose bucket for the key another process has just
   * emptied (10 requests at t=0), and a client with the default quota on the same clock: the
   * client's own bucket is full, so its first attempt meets the server's 503.
   */
  async function drainedElsewhere(seed: string) {
    const clock = new VirtualClock();
    const sandbox = createSandbox({ seed, clock: { now: () => clock.now() } });
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    for (let i = 0; i < 10; i++) {
      const response = await sandbox.fetch(
        "https://www.coinimp.com/api/v2/payout/1mhash?currency=XMR",
        {
          headers: { "X-API-ID": publicKey, "X-API-KEY": privateKey },
        },
      );
      expect(response.status).toBe(200);
    }
    sandbox.requests.length = 0;
    const client = new CoinImp({ publicKey, privateKey, fetch: sandbox.fetch, clock });
    return { clock, sandbox, client };
  }

  async function throughThePause(clock: VirtualClock, sandbox: Sandbox) {
    await advanceUntil(clock, () => expect(sandbox.requests.map((r) => r.status)).toEqual([503]), {
      step: 0,
      maxSteps: 200,
    });
    // The server asked for 20 s (Retry-After): nothing is sent before then.
    await clock.advance(19_999);
    expect(sandbox.requests).toHaveLength(1);
    await advanceUntil(clock, () => expect(sandbox.requests).toHaveLength(2), { step: 1 });
  }

  it("GET: account.stats meets a 503, waits out Retry-After on the clock, then succeeds", async () => {
    const { clock, sandbox, client } = await drainedElsewhere("errors-quota-get");
    const sites = sitesIn(sandbox, "XMR");

    const stats = client.account.stats({ currency: "XMR" });
    await throughThePause(clock, sandbox);

    await expect(stats).resolves.toStrictEqual({
      hashrate: sites.reduce((sum, site) => sum + site.hashrate, 0),
      hashes: sites.reduce((sum, site) => sum + site.hashes, 0),
      reward: decimal(sites.reduce((sum, site) => sum + site.reward, 0n)),
      rewardPending: decimal(sandbox.state.coinimp.rewardPending.XMR),
    });
    expect(sandbox.requests.map((r) => [r.route, r.status, r.at])).toEqual([
      ["coinimp:account/stats", 503, 0],
      ["coinimp:account/stats", 200, 20_000],
    ]);
  });

  it("POST: a withdrawal met by the quota 503 is sent again after the pause and applied exactly once", async () => {
    const { clock, sandbox, client } = await drainedElsewhere("errors-quota-post");
    const site = siteOf(sandbox, "MINTME");
    const user = firstUser(site);

    const balance = client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 100 });
    await throughThePause(clock, sandbox);

    await expect(balance).resolves.toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 100 },
    ]);
    expect(sandbox.requests.map((r) => [r.route, r.status, r.at])).toEqual([
      ["coinimp:user/withdraw", 503, 0],
      ["coinimp:user/withdraw", 200, 20_000],
    ]);
  });
});

describe("an injected 500", () => {
  it("on a GET is retried after a backoff and succeeds", async () => {
    const clock = new VirtualClock();
    const sandbox = createSandbox({
      seed: "errors-500-get",
      quota: false,
      clock: { now: () => clock.now() },
      faults: { "coinimp:account/sites": { status: 500, times: 1 } },
    });
    const client = clientOf(sandbox, "v2", { clock });

    const sites = client.account.sites({ currency: "MINTME" });
    await vi.waitFor(() => expect(sandbox.requests).toHaveLength(1), { timeout: 10_000 });
    await advanceUntil(clock, () => expect(sandbox.requests).toHaveLength(2), { step: 50 });

    await expect(sites).resolves.toStrictEqual(
      sitesIn(sandbox, "MINTME").map((site) => ({ name: site.name, siteKey: site.siteKey })),
    );
    expect(sandbox.requests.map((r) => [r.outcome, r.status])).toEqual([
      ["injected-status", 500],
      ["answered", 200],
    ]);
    // The first backoff is drawn below the default base delay of 500 ms.
    const [first, retry] = sandbox.requests.map((r) => r.at);
    expect((retry ?? Number.NaN) - (first ?? Number.NaN)).toBeLessThan(550);
  });

  it("on a withdrawal → OutcomeUnknownError (cause: the ServerError), sent once; the sandbox did not process it, but a client cannot know that, so nothing was withdrawn", async () => {
    const sandbox = createSandbox({
      seed: "errors-500-withdraw",
      quota: false,
      faults: { "coinimp:user/withdraw": { status: 500, times: 1 } },
    });
    const client = clientOf(sandbox, "v2");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);
    const before = expectedBalance(sandbox, site, user.name);

    const error = await rejectionOf(
      client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 10 }),
    );

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ method: "POST", path: "/user/withdraw" });
    const cause = (error as OutcomeUnknownError).cause;
    expect(cause).toBeInstanceOf(ServerError);
    expect(cause).toMatchObject({ status: 500 });
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(expectedBalance(sandbox, site, user.name)).toEqual(before);
    expect(onlyRequest(sandbox).outcome).toBe("injected-status");
  });

  it("on a site deletion → OutcomeUnknownError, sent once; the site is still there", async () => {
    const sandbox = createSandbox({
      seed: "errors-500-delete",
      quota: false,
      faults: { "coinimp:site/delete": { status: 500, times: 1 } },
    });
    const client = clientOf(sandbox, "v1");
    const site = siteOf(sandbox, "MINTME");

    const error = await rejectionOf(client.sites.delete({ siteKey: site.siteKey }));

    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ServerError);
    expect(sandbox.state.coinimp.sites).toContain(site);
    expect(onlyRequest(sandbox).method).toBe("DELETE");
  });
});

/**
 * The quota and the cache against the sandbox's real quota, on one virtual clock shared by the
 * sandbox and the client: 25 distinct calls never meet a 503 and finish close to the fastest the
 * quota allows; identical concurrent reads share one request; a withdrawal or a deletion drops what
 * it made stale; per-call cache options are honoured; v1 and v2 clients of one key share a bucket.
 */

import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it, vi } from "vitest";
import { VirtualClock } from "../../core/test/helpers/virtual-clock.js";
import { CACHE_TTL, CoinImp, type CoinImpOptions, OutcomeUnknownError } from "../src/index.js";
import { advanceUntil } from "./helpers/drive.js";
import {
  type ApiVersion,
  CURRENCIES,
  clientOf,
  decimal,
  expectedBalance,
  firstUser,
  requestsOn,
  siteOf,
  sitesIn,
} from "./helpers/sandbox-world.js";

/** Real time allowed for in-process work to settle (the first call also loads the schemas). */
const WAIT = { timeout: 10_000 };

/** A sandbox with its real CoinImp quota, and clients with the default one, all on `clock`. */
function onOneClock(seed: string) {
  const clock = new VirtualClock();
  const sandbox = createSandbox({ seed, clock: { now: () => clock.now() } });
  const queued: { url: string; waitMs: number }[] = [];
  const client = (apiVersion: ApiVersion = "v2", options: Partial<CoinImpOptions> = {}) =>
    new CoinImp({
      ...sandbox.credentials.coinimp,
      apiVersion,
      fetch: sandbox.fetch,
      clock,
      hooks: { onQueued: ({ url, waitMs }) => queued.push({ url, waitMs }) },
      ...options,
    });
  return { clock, sandbox, client, queued };
}

/** More than 25 calls, no two with the same cache key. */
function distinctCalls(client: CoinImp, sandbox: Sandbox): (() => Promise<unknown>)[] {
  const calls: (() => Promise<unknown>)[] = [];
  for (const currency of CURRENCIES) {
    calls.push(
      () => client.payout({ currency }),
      () => client.account.stats({ currency }),
      () => client.account.sites({ currency }),
      () => client.account.payments({ currency }),
      () => client.hashes({ currency }),
      () => client.reward({ currency }),
    );
  }
  for (const site of sandbox.state.coinimp.sites) {
    const { siteKey, currency } = site;
    calls.push(
      () => client.hashes({ currency, siteKey }),
      () => client.reward({ currency, siteKey }),
      () => client.sites.stats({ siteKey }),
      () => client.users.list({ siteKey }),
    );
    for (const user of site.users.keys()) {
      calls.push(() => client.users.balance({ siteKey, user }));
    }
  }
  return calls;
}

describe("the quota, with the sandbox's real quota and one virtual clock", () => {
  it("25 distinct calls all succeed, none is answered 503, and the last finishes within one refill interval of the minimum (10 at once, then one per 20 s: 300 s)", async () => {
    const { clock, sandbox, client, queued } = onOneClock("quota-25-calls");
    const coinimp = client();
    const calls = distinctCalls(coinimp, sandbox).slice(0, 25);
    expect(calls).toHaveLength(25);

    let settled = 0;
    let finishedAt = Number.NaN;
    const failures: unknown[] = [];
    for (const call of calls) {
      call().then(
        () => {
          settled++;
          finishedAt = clock.now();
        },
        (error: unknown) => {
          settled++;
          failures.push(error);
        },
      );
    }

    // t = 0: a full bucket sends 10; the other 15 queue.
    await vi.waitFor(() => {
      expect(settled).toBe(10);
      expect(queued).toHaveLength(15);
    }, WAIT);
    expect(sandbox.requests.map((r) => r.at)).toEqual(Array(10).fill(0));

    // Then time moves on in 1 s steps; before each, whatever was sent is answered and settled.
    for (let step = 0; settled < 25; step++) {
      if (step > 600) throw new Error(`only ${settled} of 25 calls done after 600 s`);
      await clock.advance(1_000);
      await vi.waitFor(() => {
        expect(sandbox.requests.filter((r) => r.status !== 200)).toEqual([]);
        expect(settled).toBe(sandbox.requests.length);
      });
    }

    expect(failures).toEqual([]);
    expect(sandbox.requests).toHaveLength(25);
    expect(sandbox.requests.every((r) => r.status === 200)).toBe(true);
    expect(finishedAt).toBeGreaterThanOrEqual(300_000);
    expect(finishedAt).toBeLessThan(360_000);
    const lastSent = Math.max(...sandbox.requests.map((r) => r.at));
    expect(lastSent).toBeGreaterThanOrEqual(300_000);
    expect(lastSent).toBeLessThan(360_000);
  });

  it("v1 and v2 clients of the same public key share one bucket: after 10 calls on v2, an 11th on v1 waits for the refill instead of being sent", async () => {
    const { clock, sandbox, client, queued } = onOneClock("quota-v1-v2-share");
    const v2 = client("v2");
    const v1 = client("v1");
    await Promise.all(
      distinctCalls(v2, sandbox)
        .slice(0, 10)
        .map((call) => call()),
    );
    expect(sandbox.requests).toHaveLength(10);
    expect(queued).toEqual([]);

    const payout = v1.payout({ currency: "XMR" });
    await vi.waitFor(() => expect(queued).toHaveLength(1), WAIT);
    expect(queued[0]?.waitMs).toBe(20_000);
    expect(queued[0]?.url).toContain("/api/v1/payout/1mhash");
    await clock.advance(19_999);
    expect(sandbox.requests).toHaveLength(10);

    await advanceUntil(clock, () => expect(sandbox.requests).toHaveLength(11), { step: 1 });
    await expect(payout).resolves.toBe(decimal(sandbox.state.coinimp.payoutPer1M.XMR));
    const eleventh = sandbox.requests[10];
    expect([eleventh?.path, eleventh?.status, eleventh?.at]).toEqual([
      "/api/v1/payout/1mhash",
      200,
      20_000,
    ]);
  });
});

describe("the cache", () => {
  function cached(seed: string, options: Partial<CoinImpOptions> = {}) {
    const sandbox = createSandbox({ seed, quota: false });
    return { sandbox, client: clientOf(sandbox, "v2", options) };
  }

  it("5 identical concurrent account.stats calls → one request, five equal results", async () => {
    const { sandbox, client } = cached("cache-concurrent");
    const sites = sitesIn(sandbox, "MINTME");

    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.account.stats({ currency: "MINTME" })),
    );

    expect(sandbox.requests).toHaveLength(1);
    const expected = {
      hashrate: sites.reduce((sum, site) => sum + site.hashrate, 0),
      hashes: sites.reduce((sum, site) => sum + site.hashes, 0),
      reward: decimal(sites.reduce((sum, site) => sum + site.reward, 0n)),
      rewardPending: decimal(sandbox.state.coinimp.rewardPending.MINTME),
    };
    for (const result of results) expect(result).toStrictEqual(expected);
    // "mintme" and "MINTME" are one cache entry: the same request on the wire.
    await client.account.stats({ currency: "mintme" });
    expect(sandbox.requests).toHaveLength(1);
  });

  it("a balance read after a withdrawal sees the new balance (the cached one is dropped)", async () => {
    const { sandbox, client } = cached("cache-withdraw-balance");
    const site = siteOf(sandbox, "MINTME");
    const user = firstUser(site);
    const params = { siteKey: site.siteKey, user: user.name };

    const before = await client.users.balance(params);
    await client.users.balance(params);
    expect(requestsOn(sandbox, "coinimp:user/balance")).toHaveLength(1);

    const afterWithdraw = await client.users.withdraw({ ...params, amount: 1_000 });
    const after = await client.users.balance(params);

    expect(requestsOn(sandbox, "coinimp:user/balance")).toHaveLength(2);
    expect(after).toStrictEqual(afterWithdraw);
    expect(after).toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(after.hashes).toBe(before.hashes - 1_000);
    expect(after.withdrawn).toBe(before.withdrawn + 1_000);
  });

  it("a withdrawal with an unknown outcome drops the cached balance too: the next read shows what happened", async () => {
    const { sandbox, client } = cached("cache-withdraw-unknown");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);
    const params = { siteKey: site.siteKey, user: user.name };
    const before = await client.users.balance(params);

    sandbox.faults["coinimp:user/withdraw"] = { applyThenDrop: true, times: 1 };
    await expect(client.users.withdraw({ ...params, amount: 50 })).rejects.toBeInstanceOf(
      OutcomeUnknownError,
    );
    const after = await client.users.balance(params);

    expect(after.hashes).toBe(before.hashes - 50);
    expect(requestsOn(sandbox, "coinimp:user/balance")).toHaveLength(2);
  });

  it("account.stats is fetched again after a withdrawal", async () => {
    const { sandbox, client } = cached("cache-withdraw-stats");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);

    await client.account.stats({ currency: "XMR" });
    await client.account.stats({ currency: "XMR" });
    expect(requestsOn(sandbox, "coinimp:account/stats")).toHaveLength(1);

    await client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 1 });
    await client.account.stats({ currency: "XMR" });

    expect(requestsOn(sandbox, "coinimp:account/stats")).toHaveLength(2);
  });

  it("after a site is deleted, account.sites no longer lists it and the currency's hashes drop by its hashes", async () => {
    const { sandbox, client } = cached("cache-delete-sites");
    const site = siteOf(sandbox, "MINTME");

    const listed = await client.account.sites({ currency: "MINTME" });
    const hashesBefore = await client.hashes({ currency: "MINTME" });
    expect(listed.map((s) => s.siteKey)).toContain(site.siteKey);
    await client.account.sites({ currency: "MINTME" });
    expect(requestsOn(sandbox, "coinimp:account/sites")).toHaveLength(1);

    await client.sites.delete({ siteKey: site.siteKey });
    const after = await client.account.sites({ currency: "MINTME" });
    const hashesAfter = await client.hashes({ currency: "MINTME" });

    expect(after.map((s) => s.siteKey)).not.toContain(site.siteKey);
    expect(after).toHaveLength(listed.length - 1);
    expect(hashesAfter).toBe(hashesBefore - site.hashes);
    expect(requestsOn(sandbox, "coinimp:account/sites")).toHaveLength(2);
    expect(requestsOn(sandbox, "coinimp:hashes")).toHaveLength(2);
  });

  it("per call, cache: false fetches again (and the client option cache: false never caches)", async () => {
    const { sandbox, client } = cached("cache-false");
    await client.account.payments({ currency: "XMR" });
    await client.account.payments({ currency: "XMR" }, { cache: false });
    await client.account.payments({ currency: "XMR" }, { cache: false });
    expect(requestsOn(sandbox, "coinimp:account/payments")).toHaveLength(3);
    // The entry cached by the first call is still there for calls that use the cache.
    await client.account.payments({ currency: "XMR" });
    expect(requestsOn(sandbox, "coinimp:account/payments")).toHaveLength(3);

    const uncached = cached("cache-false-client", { cache: false });
    await uncached.client.payout({ currency: "XMR" });
    await uncached.client.payout({ currency: "XMR" });
    expect(uncached.sandbox.requests).toHaveLength(2);
  });

  it("per call, { ttl } sets the entry's lifetime on the client's clock", async () => {
    const clock = new VirtualClock();
    const { sandbox, client } = cached("cache-ttl", { clock });
    const site = siteOf(sandbox, "XMR");
    const params = { siteKey: site.siteKey };
    const count = () => requestsOn(sandbox, "coinimp:site").length;

    await client.sites.stats(params, { cache: { ttl: 5_000 } });
    await clock.advance(4_999);
    await client.sites.stats(params, { cache: { ttl: 5_000 } });
    expect(count()).toBe(1);
    await clock.advance(1);
    await client.sites.stats(params, { cache: { ttl: 5_000 } });
    expect(count()).toBe(2);
  });

  it("without options, an entry lives for the endpoint's documented TTL on the client's clock", async () => {
    const clock = new VirtualClock();
    const { sandbox, client } = cached("cache-default-ttl", { clock });
    const site = siteOf(sandbox, "MINTME");
    const params = { siteKey: site.siteKey, user: firstUser(site).name };

    await client.users.balance(params);
    await clock.advance(CACHE_TTL.userBalance - 1);
    await client.users.balance(params);
    expect(sandbox.requests).toHaveLength(1);
    await clock.advance(1);
    await client.users.balance(params);
    expect(sandbox.requests).toHaveLength(2);

    // The payout rate is kept longer than a balance.
    expect(CACHE_TTL.payout).toBeGreaterThan(CACHE_TTL.userBalance);
    await client.payout({ currency: "MINTME" });
    await clock.advance(CACHE_TTL.payout - 1);
    await client.payout({ currency: "MINTME" });
    expect(requestsOn(sandbox, "coinimp:payout/1mhash")).toHaveLength(1);
  });
});

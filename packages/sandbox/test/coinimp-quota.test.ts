/**
 * The CoinImp quota as documented — bursts of at most 10, then 3 per minute, per key — on an
 * injected clock: a request over it is answered 503 with the failure envelope and `Retry-After`,
 * and is not processed.
 */

import { describe, expect, test } from "vitest";
import { createSandbox, DEFAULT_COINIMP_QUOTA, type Sandbox } from "../src/index.ts";
import {
  type ApiVersion,
  callCoinImp,
  expectFailure,
  manualClock,
  snapshot,
  successMessage,
  VERSIONS,
  type WireAnswer,
  type WireCall,
} from "./helpers/coinimp-wire.ts";

/** Ten distinct read calls, so nothing can be answered from a cache on either side. */
function distinctReads(sandbox: Sandbox): Omit<WireCall, "version">[] {
  const [a, b, c] = sandbox.state.coinimp.sites;
  if (!a || !b || !c) throw new Error("seeded state has fewer than 3 sites");
  const user = [...a.users.keys()][0] ?? "alice";
  return [
    { path: "/hashes", query: { currency: "MINTME" } },
    { path: "/hashes", query: { currency: "XMR" } },
    { path: "/reward", query: { currency: "MINTME" } },
    { path: "/user/balance", query: { "site-key": a.siteKey, user } },
    { path: "/user/list", query: { "site-key": b.siteKey } },
    { path: "/account/stats", query: { currency: "XMR" } },
    { path: "/account/sites", query: { currency: "MINTME" } },
    { path: "/account/payments", query: { currency: "XMR" } },
    { path: "/site", query: { "site-key": c.siteKey } },
    { path: "/payout/1mhash", query: { currency: "MINTME" } },
  ];
}

/** The `index`-th distinct read (cycling), in `version`. */
function readCall(sandbox: Sandbox, index: number, version: ApiVersion): WireCall {
  const calls = distinctReads(sandbox);
  const call = calls[index % calls.length];
  if (!call) throw new Error("no reads");
  return { ...call, version };
}

/** A call that would change the state if it were processed. */
function withdrawal(sandbox: Sandbox): Omit<WireCall, "version"> {
  const site = sandbox.state.coinimp.sites[0];
  const user = site && [...site.users.keys()][0];
  if (!site || !user) throw new Error("no site with users");
  return { path: "/user/withdraw", form: { "site-key": site.siteKey, user, amount: "100" } };
}

/** Asserts the quota's 503 and returns its `Retry-After` in seconds. */
function expectRefused(answer: WireAnswer): number {
  expectFailure(answer, 503);
  const header = answer.headers.get("retry-after");
  expect(header).toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThanOrEqual(1);
  return seconds;
}

/** Sends `count` reads, cycling through the distinct ones, and returns their statuses. */
async function reads(
  sandbox: Sandbox,
  version: ApiVersion,
  count: number,
  keys?: WireCall["keys"],
) {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await callCoinImp(sandbox, {
      ...readCall(sandbox, index, version),
      ...(keys === undefined ? {} : { keys }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

test("the default shape is CoinImp's documented one", () => {
  expect(DEFAULT_COINIMP_QUOTA).toEqual({ capacity: 10, refill: 3, interval: 60_000 });
});

for (const version of VERSIONS) {
  describe(`CoinImp ${version} quota`, () => {
    test("the 11th request of a burst is 503 with Retry-After, and is not processed", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      for (const call of distinctReads(sandbox)) {
        successMessage(await callCoinImp(sandbox, { ...call, version }));
      }
      const before = snapshot(sandbox.state);
      const refused = await callCoinImp(sandbox, { ...withdrawal(sandbox), version });
      expect(expectRefused(refused)).toBe(20);
      expect(snapshot(sandbox.state)).toEqual(before);
      expect(sandbox.state.coinimp.withdrawals).toEqual([]);
      const logged = sandbox.requests.at(-1);
      expect(logged).toMatchObject({ route: "coinimp:user/withdraw", status: 503 });

      // A refused DELETE is not processed either.
      const site = sandbox.state.coinimp.sites[0];
      expectRefused(
        await callCoinImp(sandbox, {
          version,
          method: "DELETE",
          path: "/site",
          query: { "site-key": site?.siteKey ?? "" },
        }),
      );
      expect(sandbox.state.coinimp.sites).toHaveLength(3);
    });

    test("the bucket refills at 3 per minute: one after 20 s, three after 60 s", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      expect(await reads(sandbox, version, 10)).toEqual(Array(10).fill(200));
      expectRefused(await callCoinImp(sandbox, readCall(sandbox, 0, version)));

      // Just before a token is due: still refused, and still not processed.
      clock.advance(19_999);
      const before = snapshot(sandbox.state);
      expectRefused(await callCoinImp(sandbox, { ...withdrawal(sandbox), version }));
      expect(snapshot(sandbox.state)).toEqual(before);

      // 20 s after the burst: exactly one more passes — a withdrawal, which is then applied once.
      clock.advance(1);
      successMessage(await callCoinImp(sandbox, { ...withdrawal(sandbox), version }));
      expect(sandbox.state.coinimp.withdrawals).toHaveLength(1);
      expectRefused(await callCoinImp(sandbox, { ...withdrawal(sandbox), version }));
      expect(sandbox.state.coinimp.withdrawals).toHaveLength(1);

      // A further minute: three pass, the fourth is refused.
      clock.advance(60_000);
      expect(await reads(sandbox, version, 4)).toEqual([200, 200, 200, 503]);
    });

    test("Retry-After is honest: waiting that long lets the next request through", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      await reads(sandbox, version, 10);
      for (let round = 0; round < 5; round++) {
        const seconds = expectRefused(
          await callCoinImp(sandbox, readCall(sandbox, round, version)),
        );
        expect(seconds).toBeLessThanOrEqual(20);
        clock.advance(seconds * 1000);
        successMessage(await callCoinImp(sandbox, readCall(sandbox, round, version)));
      }
    });

    test("a refused request can be retried part-way and says how long is left", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      await reads(sandbox, version, 10);
      clock.advance(5_000);
      const call = readCall(sandbox, 0, version);
      expect(expectRefused(await callCoinImp(sandbox, call))).toBe(15);
      clock.advance(14_500);
      expect(expectRefused(await callCoinImp(sandbox, call))).toBe(1);
      clock.advance(500);
      successMessage(await callCoinImp(sandbox, call));
    });

    test("a long idle refills no more than a burst of 10", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      await reads(sandbox, version, 10);
      clock.advance(24 * 60 * 60 * 1000);
      expect(await reads(sandbox, version, 11)).toEqual([...Array(10).fill(200), 503]);
    });

    test("buckets are per key: another key's requests do not drain this one's", async () => {
      const clock = manualClock();
      const sandbox = createSandbox({ clock });
      const real = sandbox.credentials.coinimp;
      // A different public key (the sandbox counts by the public key presented).
      const stranger = createSandbox({ seed: "stranger" }).credentials.coinimp;
      expect(stranger.publicKey).not.toBe(real.publicKey);
      const strangerStatuses = await reads(sandbox, version, 15, stranger);
      expect(strangerStatuses).toEqual([...Array(10).fill(401), ...Array(5).fill(503)]);
      // Requests without keys have a bucket of their own too.
      const anonymous = await reads(sandbox, version, 12, null);
      expect(anonymous).toEqual([...Array(10).fill(401), 503, 503]);
      // The account's own bucket is still full.
      expect(await reads(sandbox, version, 11)).toEqual([...Array(10).fill(200), 503]);
    });
  });
}

describe("turning the quota off or reshaping it", () => {
  test("quota: false answers a long burst", async () => {
    const sandbox = createSandbox({ clock: manualClock(), quota: false });
    const statuses = await reads(sandbox, "v2", 50);
    expect(statuses).toEqual(Array(50).fill(200));
  });

  test("quota: { coinimp: false } answers a long burst in both versions", async () => {
    const sandbox = createSandbox({ clock: manualClock(), quota: { coinimp: false } });
    expect(await reads(sandbox, "v2", 30)).toEqual(Array(30).fill(200));
    expect(await reads(sandbox, "v1", 30)).toEqual(Array(30).fill(200));
  });

  test("turning off only the MixCoins quota keeps CoinImp's", async () => {
    const sandbox = createSandbox({ clock: manualClock(), quota: { mixcoins: false } });
    expect(await reads(sandbox, "v2", 11)).toEqual([...Array(10).fill(200), 503]);
  });

  test("a custom shape is honoured", async () => {
    const clock = manualClock();
    const sandbox = createSandbox({
      clock,
      quota: { coinimp: { capacity: 2, refill: 1, interval: 5_000 } },
    });
    expect(await reads(sandbox, "v2", 3)).toEqual([200, 200, 503]);
    const refused = await callCoinImp(sandbox, readCall(sandbox, 0, "v2"));
    expect(expectRefused(refused)).toBe(5);
    clock.advance(4_999);
    expect(await reads(sandbox, "v2", 1)).toEqual([503]);
    clock.advance(1);
    expect(await reads(sandbox, "v2", 2)).toEqual([200, 503]);
    clock.advance(60_000);
    expect(await reads(sandbox, "v2", 3)).toEqual([200, 200, 503]);
  });

  test("a larger custom burst lets more through than the default", async () => {
    const sandbox = createSandbox({
      clock: manualClock(),
      quota: { coinimp: { capacity: 25, refill: 3, interval: 60_000 } },
    });
    expect(await reads(sandbox, "v1", 26)).toEqual([...Array(25).fill(200), 503]);
  });
});

/**
 * CoinImp failures, each with its documented status and the `{"status":"failure","message":…}`
 * envelope: bad currency 400, unknown site 404, unknown user 404, bad withdrawal amount 400 (with
 * the state left as it was), unknown endpoint 404.
 */

import { describe, expect, test } from "vitest";
import { COINIMP_FAILURE_STATUS, createSandbox, type Sandbox } from "../src/index.ts";
import {
  callCoinImp,
  expectFailure,
  snapshot,
  successMessage,
  VERSIONS,
} from "./helpers/coinimp-wire.ts";

const UNKNOWN_SITE = "f".repeat(64);

function seededSite(sandbox: Sandbox, currency: "MINTME" | "XMR" = "MINTME") {
  const site = sandbox.state.coinimp.sites.find((candidate) => candidate.currency === currency);
  const user = site && [...site.users.values()][0];
  if (!site || !user) throw new Error(`seeded state has no ${currency} site with users`);
  return { site, user };
}

test("the statuses are the documented ones", () => {
  expect(COINIMP_FAILURE_STATUS).toMatchObject({
    badKeys: 401,
    badParameter: 400,
    unknownSite: 404,
    unknownUser: 404,
    insufficientBalance: 400,
    quota: 503,
    unknownEndpoint: 404,
  });
});

for (const version of VERSIONS) {
  describe(`CoinImp ${version} failures`, () => {
    const CURRENCY_CALLS = [
      "/hashes",
      "/reward",
      "/account/stats",
      "/account/sites",
      "/account/payments",
      "/payout/1mhash",
    ];
    const BAD_CURRENCIES: [string, string | undefined][] = [
      ["lower-case mintme", "mintme"],
      ["lower-case xmr", "xmr"],
      ["mixed case", "Xmr"],
      ["another coin", "BTC"],
      ["empty", ""],
      ["padded", " XMR"],
      ["missing", undefined],
    ];

    for (const path of CURRENCY_CALLS) {
      test(`${path}: a bad currency is 400`, async () => {
        const sandbox = createSandbox({ quota: false });
        for (const [label, currency] of BAD_CURRENCIES) {
          const answer = await callCoinImp(sandbox, {
            version,
            path,
            query: currency === undefined ? {} : { currency },
          });
          expect(answer.status, label).toBe(400);
          expectFailure(answer, 400);
        }
        // …and the same call with a good currency works, so it was the currency that failed.
        successMessage(await callCoinImp(sandbox, { version, path, query: { currency: "XMR" } }));
      });
    }

    test("an unknown site is 404 on every call that takes a site key", async () => {
      const sandbox = createSandbox({ quota: false });
      const before = snapshot(sandbox.state);
      const calls = [
        { path: "/hashes", query: { currency: "MINTME", "site-key": UNKNOWN_SITE } },
        { path: "/reward", query: { currency: "MINTME", "site-key": UNKNOWN_SITE } },
        { path: "/user/balance", query: { "site-key": UNKNOWN_SITE, user: "alice" } },
        { path: "/user/list", query: { "site-key": UNKNOWN_SITE } },
        { path: "/user/withdraw", form: { "site-key": UNKNOWN_SITE, user: "alice", amount: "1" } },
        { path: "/site", query: { "site-key": UNKNOWN_SITE } },
        { path: "/site", method: "DELETE", query: { "site-key": UNKNOWN_SITE } },
      ];
      for (const call of calls) {
        const answer = await callCoinImp(sandbox, { version, ...call });
        expect(answer.status, `${call.method ?? ""} ${call.path}`).toBe(404);
        expectFailure(answer, 404);
      }
      expect(snapshot(sandbox.state)).toEqual(before);
    });

    test("a missing site key is a failure, never a success", async () => {
      const sandbox = createSandbox({ quota: false });
      const calls = [
        { path: "/user/balance", query: { user: "alice" } },
        { path: "/user/list" },
        { path: "/site" },
        { path: "/site", method: "DELETE" },
        { path: "/user/withdraw", form: { user: "alice", amount: "1" } },
      ];
      for (const call of calls) {
        const answer = await callCoinImp(sandbox, { version, ...call });
        expect([400, 404], `${call.method ?? ""} ${call.path}`).toContain(answer.status);
        expect(answer.body).toEqual({ status: "failure", message: expect.any(String) });
      }
      expect(sandbox.state.coinimp.sites).toHaveLength(3);
      expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    });

    test("a site key of the other currency is not that currency's site", async () => {
      const sandbox = createSandbox({ quota: false });
      const { site } = seededSite(sandbox, "MINTME");
      for (const path of ["/hashes", "/reward"]) {
        // Its own currency: found.
        successMessage(
          await callCoinImp(sandbox, {
            version,
            path,
            query: { currency: "MINTME", "site-key": site.siteKey },
          }),
        );
        // Another currency: a MINTME site's figures must never be reported as XMR.
        expectFailure(
          await callCoinImp(sandbox, {
            version,
            path,
            query: { currency: "XMR", "site-key": site.siteKey },
          }),
          404,
        );
      }
    });

    test("an unknown user is 404 for balance and withdraw, and nothing changes", async () => {
      const sandbox = createSandbox({ quota: false });
      const { site } = seededSite(sandbox);
      const before = snapshot(sandbox.state);
      for (const user of ["zoe", "", "ALICE", "alice "]) {
        if (site.users.has(user)) continue;
        expectFailure(
          await callCoinImp(sandbox, {
            version,
            path: "/user/balance",
            query: { "site-key": site.siteKey, user },
          }),
          404,
        );
        expectFailure(
          await callCoinImp(sandbox, {
            version,
            path: "/user/withdraw",
            form: { "site-key": site.siteKey, user, amount: "1" },
          }),
          404,
        );
      }
      expect(sandbox.requests.map((request) => request.status)).toEqual(Array(8).fill(404));
      expect(snapshot(sandbox.state)).toEqual(before);
    });

    test("a bad withdrawal amount is 400 and changes nothing", async () => {
      const sandbox = createSandbox({ quota: false });
      const { site, user } = seededSite(sandbox);
      const before = snapshot(sandbox.state);
      const amounts: [string, string | undefined][] = [
        ["zero", "0"],
        ["negative", "-5"],
        ["negative zero", "-0"],
        ["fractional", "1.5"],
        ["fractional below one", "0.5"],
        ["non-numeric", "abc"],
        ["exponent", "1e3"],
        ["hex", "0x10"],
        ["padded", " 5"],
        ["empty", ""],
        ["missing", undefined],
        ["one more than the user's hashes", String(user.hashes + 1)],
        ["far more than the user's hashes", String(user.hashes * 10)],
        ["beyond a safe integer", "9007199254740993"],
        ["huge", "1".repeat(40)],
      ];
      for (const [label, amount] of amounts) {
        const form: Record<string, string> = { "site-key": site.siteKey, user: user.name };
        if (amount !== undefined) form.amount = amount;
        const answer = await callCoinImp(sandbox, { version, path: "/user/withdraw", form });
        expect(answer.status, label).toBe(400);
        expectFailure(answer, 400);
      }
      expect(snapshot(sandbox.state)).toEqual(before);
      expect(sandbox.state.coinimp.withdrawals).toEqual([]);
      // The balance the API shows is unchanged too.
      const balance = successMessage<{ hashes: number; withdrawn: number }>(
        await callCoinImp(sandbox, {
          version,
          path: "/user/balance",
          query: { "site-key": site.siteKey, user: user.name },
        }),
      );
      expect(balance).toMatchObject({ hashes: user.hashes, withdrawn: user.withdrawn });
    });

    test("withdrawing exactly the balance works; one more hash after it is 400", async () => {
      const sandbox = createSandbox({ quota: false });
      const { site, user } = seededSite(sandbox);
      const all = user.hashes;
      const balance = successMessage<{ hashes: number; pending: number }>(
        await callCoinImp(sandbox, {
          version,
          path: "/user/withdraw",
          form: { "site-key": site.siteKey, user: user.name, amount: String(all) },
        }),
      );
      expect(balance).toMatchObject({ hashes: 0, pending: 0 });
      const after = snapshot(sandbox.state);
      expectFailure(
        await callCoinImp(sandbox, {
          version,
          path: "/user/withdraw",
          form: { "site-key": site.siteKey, user: user.name, amount: "1" },
        }),
        400,
      );
      expect(snapshot(sandbox.state)).toEqual(after);
      expect(sandbox.state.coinimp.withdrawals).toHaveLength(1);
    });

    test("an unknown endpoint or method is a 404 failure envelope", async () => {
      const sandbox = createSandbox({ quota: false });
      const before = snapshot(sandbox.state);
      const { site } = seededSite(sandbox);
      const calls = [
        { path: "/no-such-call" },
        { path: "/user" },
        { path: "/payout/2mhash", query: { currency: "XMR" } },
        { path: "/hashes", method: "POST", query: { currency: "XMR" } },
        { path: "/site", method: "PUT", query: { "site-key": site.siteKey } },
        { path: "/user/withdraw", query: { "site-key": site.siteKey, user: "alice", amount: "1" } },
      ];
      for (const call of calls) {
        const answer = await callCoinImp(sandbox, { version, ...call });
        expect(answer.status, `${call.method ?? "GET"} ${call.path}`).toBe(404);
        expectFailure(answer, 404);
      }
      expect(snapshot(sandbox.state)).toEqual(before);
    });
  });
}

test("a path outside both APIs is a 404 failure envelope", async () => {
  const sandbox = createSandbox({ quota: false });
  for (const path of ["/", "/api", "/api/v3/hashes", "/v2/hashes"]) {
    const response = await sandbox.fetch(`https://www.coinimp.com${path}`);
    expect(response.status, path).toBe(404);
    expect(await response.json()).toEqual({ status: "failure", message: expect.any(String) });
  }
});

/**
 * Every call of DESIGN.md's CoinImp table, in v2 (header keys) and v1 (query keys): the success
 * envelope, the wire shapes the live API is known to send, and values that agree with the state.
 */

import { describe, expect, test } from "vitest";
import { createSandbox, ROUTES, type RouteId, type Sandbox } from "../src/index.ts";
import {
  type ApiVersion,
  atomic12,
  callCoinImp,
  DECIMAL,
  HEX64,
  successMessage,
  VERSIONS,
} from "./helpers/coinimp-wire.ts";

const CURRENCIES = ["MINTME", "XMR"] as const;

const sitesIn = (sandbox: Sandbox, currency: string) =>
  sandbox.state.coinimp.sites.filter((site) => site.currency === currency);

/** The first site of `currency` (the seeded state has sites in both). */
function siteOf(sandbox: Sandbox, currency: string) {
  const site = sitesIn(sandbox, currency)[0];
  if (!site) throw new Error(`no ${currency} site in the seeded state`);
  return site;
}

function firstUser(site: ReturnType<typeof siteOf>) {
  const user = [...site.users.values()][0];
  if (!user) throw new Error(`no user on ${site.name}`);
  return user;
}

/** The balance the API must show for a user: pending as a JSON number of the exact decimal. */
function expectedBalance(sandbox: Sandbox, site: ReturnType<typeof siteOf>, name: string) {
  const user = site.users.get(name);
  if (!user) throw new Error(`no user ${name}`);
  const pending =
    (BigInt(user.hashes) * sandbox.state.coinimp.payoutPer1M[site.currency]) / 1_000_000n;
  return {
    name,
    pending: Number(atomic12(pending)),
    withdrawn: user.withdrawn,
    hashes: user.hashes,
    hashRate: user.hashRate,
  };
}

function expectBalanceShape(balance: Record<string, unknown>): void {
  expect(Object.keys(balance).sort()).toEqual([
    "hashRate",
    "hashes",
    "name",
    "pending",
    "withdrawn",
  ]);
  expect(typeof balance.name).toBe("string");
  expect(typeof balance.pending).toBe("number");
  expect(Number.isFinite(balance.pending)).toBe(true);
  expect(balance.pending as number).toBeGreaterThanOrEqual(0);
  expect(Number.isSafeInteger(balance.withdrawn)).toBe(true);
  expect(Number.isSafeInteger(balance.hashes)).toBe(true);
  expect(typeof balance.hashRate).toBe("string");
  expect(balance.hashRate).toMatch(/^\d+(\.\d+)?$/);
}

interface CallCase {
  route: RouteId;
  run(sandbox: Sandbox, version: ApiVersion): Promise<void>;
}

const CALLS: CallCase[] = [
  {
    route: "coinimp:hashes",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const total = successMessage(
          await callCoinImp(sandbox, { version, path: "/hashes", query: { currency } }),
        );
        expect(typeof total).toBe("number");
        expect(Number.isSafeInteger(total)).toBe(true);
        const sites = sitesIn(sandbox, currency);
        expect(sites.length).toBeGreaterThan(0);
        expect(total).toBe(sites.reduce((sum, site) => sum + site.hashes, 0));

        const site = siteOf(sandbox, currency);
        const one = successMessage(
          await callCoinImp(sandbox, {
            version,
            path: "/hashes",
            query: { currency, "site-key": site.siteKey },
          }),
        );
        expect(one).toBe(site.hashes);
      }
    },
  },
  {
    route: "coinimp:reward",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const total = successMessage(
          await callCoinImp(sandbox, { version, path: "/reward", query: { currency } }),
        );
        expect(typeof total).toBe("string");
        expect(total).toMatch(DECIMAL);
        expect(total).toBe(
          atomic12(sitesIn(sandbox, currency).reduce((sum, site) => sum + site.reward, 0n)),
        );

        const site = siteOf(sandbox, currency);
        const one = successMessage(
          await callCoinImp(sandbox, {
            version,
            path: "/reward",
            query: { currency, "site-key": site.siteKey },
          }),
        );
        expect(one).toMatch(DECIMAL);
        expect(one).toBe(atomic12(site.reward));
      }
    },
  },
  {
    route: "coinimp:user/balance",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const site = siteOf(sandbox, currency);
        for (const name of site.users.keys()) {
          const balance = successMessage<Record<string, unknown>>(
            await callCoinImp(sandbox, {
              version,
              path: "/user/balance",
              query: { "site-key": site.siteKey, user: name },
            }),
          );
          expectBalanceShape(balance);
          expect(balance).toEqual(expectedBalance(sandbox, site, name));
        }
      }
    },
  },
  {
    route: "coinimp:user/list",
    async run(sandbox, version) {
      for (const site of sandbox.state.coinimp.sites) {
        const users = successMessage(
          await callCoinImp(sandbox, {
            version,
            path: "/user/list",
            query: { "site-key": site.siteKey },
          }),
        );
        expect(Array.isArray(users)).toBe(true);
        expect(users).toEqual([...site.users.keys()]);
        expect((users as unknown[]).length).toBeGreaterThan(0);
      }
    },
  },
  {
    route: "coinimp:user/withdraw",
    async run(sandbox, version) {
      const site = siteOf(sandbox, "MINTME");
      const user = firstUser(site);
      const before = { hashes: user.hashes, withdrawn: user.withdrawn };
      const answer = await callCoinImp(sandbox, {
        version,
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user: user.name, amount: "1234" },
      });
      const balance = successMessage<Record<string, unknown>>(answer);
      expectBalanceShape(balance);
      expect(balance).toEqual(expectedBalance(sandbox, site, user.name));
      expect(balance.hashes).toBe(before.hashes - 1234);
      expect(balance.withdrawn).toBe(before.withdrawn + 1234);
      // It arrived as a urlencoded POST form, as the table says.
      const logged = sandbox.requests.at(-1);
      expect(logged?.method).toBe("POST");
      expect(logged?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
      expect(logged?.form).toEqual([
        ["site-key", site.siteKey],
        ["user", user.name],
        ["amount", "1234"],
      ]);
    },
  },
  {
    route: "coinimp:account/stats",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const stats = successMessage<Record<string, unknown>>(
          await callCoinImp(sandbox, { version, path: "/account/stats", query: { currency } }),
        );
        expect(Object.keys(stats).sort()).toEqual([
          "hashes",
          "hashrate",
          "reward",
          "reward-pending",
        ]);
        expect(typeof stats.hashrate).toBe("number");
        expect(typeof stats.hashes).toBe("number");
        expect(stats.reward).toMatch(DECIMAL);
        expect(stats["reward-pending"]).toMatch(DECIMAL);
        const sites = sitesIn(sandbox, currency);
        expect(stats).toEqual({
          hashrate: sites.reduce((sum, site) => sum + site.hashrate, 0),
          hashes: sites.reduce((sum, site) => sum + site.hashes, 0),
          reward: atomic12(sites.reduce((sum, site) => sum + site.reward, 0n)),
          "reward-pending": atomic12(sandbox.state.coinimp.rewardPending[currency]),
        });
      }
    },
  },
  {
    route: "coinimp:account/sites",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const sites = successMessage<Record<string, unknown>[]>(
          await callCoinImp(sandbox, { version, path: "/account/sites", query: { currency } }),
        );
        expect(Array.isArray(sites)).toBe(true);
        for (const site of sites) {
          expect(Object.keys(site).sort()).toEqual(["name", "site-key"]);
          expect(typeof site.name).toBe("string");
          expect(site["site-key"]).toMatch(HEX64);
        }
        expect(sites).toEqual(
          sitesIn(sandbox, currency).map((site) => ({ name: site.name, "site-key": site.siteKey })),
        );
        expect(sites.length).toBeGreaterThan(0);
      }
    },
  },
  {
    route: "coinimp:account/payments",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const payments = successMessage<Record<string, Record<string, unknown>>>(
          await callCoinImp(sandbox, { version, path: "/account/payments", query: { currency } }),
        );
        // An object keyed by index, not a JSON array.
        expect(Array.isArray(payments)).toBe(false);
        expect(typeof payments).toBe("object");
        const expected = sandbox.state.coinimp.payments.filter((p) => p.currency === currency);
        expect(expected.length).toBeGreaterThan(0);
        expect(Object.keys(payments)).toEqual(expected.map((_, index) => String(index)));
        expected.forEach((payment, index) => {
          const wire = payments[String(index)] as Record<string, unknown>;
          expect(Object.keys(wire).sort()).toEqual([
            "amount",
            "fee",
            "status",
            "timestamp",
            "tx_id",
            "wallet_address",
          ]);
          expect(wire.amount).toMatch(DECIMAL);
          expect(wire.fee).toMatch(DECIMAL);
          expect(["PAID", "ERROR", "PENDING"]).toContain(wire.status);
          expect(Number.isInteger(wire.timestamp)).toBe(true);
          // Unix seconds, not milliseconds: somewhere between 2001 and 2286.
          expect(wire.timestamp as number).toBeGreaterThan(1_000_000_000);
          expect(wire.timestamp as number).toBeLessThan(10_000_000_000);
          expect(wire).toEqual({
            amount: atomic12(payment.amount),
            fee: atomic12(payment.fee),
            status: payment.status,
            wallet_address: payment.walletAddress,
            tx_id: payment.txId,
            timestamp: payment.timestamp,
          });
        });
      }
    },
  },
  {
    route: "coinimp:site",
    async run(sandbox, version) {
      for (const site of sandbox.state.coinimp.sites) {
        const stats = successMessage<Record<string, unknown>>(
          await callCoinImp(sandbox, {
            version,
            path: "/site",
            query: { "site-key": site.siteKey },
          }),
        );
        expect(Object.keys(stats).sort()).toEqual(["hashes", "hashrate", "name", "reward"]);
        expect(stats.reward).toMatch(DECIMAL);
        expect(stats).toEqual({
          name: site.name,
          hashrate: site.hashrate,
          hashes: site.hashes,
          reward: atomic12(site.reward),
        });
      }
    },
  },
  {
    route: "coinimp:site/delete",
    async run(sandbox, version) {
      const site = siteOf(sandbox, "XMR");
      const count = sandbox.state.coinimp.sites.length;
      const message = successMessage(
        await callCoinImp(sandbox, {
          version,
          method: "DELETE",
          path: "/site",
          query: { "site-key": site.siteKey },
        }),
      );
      expect(typeof message).toBe("string");
      expect(sandbox.state.coinimp.sites).toHaveLength(count - 1);
      expect(sandbox.state.coinimp.sites.map((kept) => kept.siteKey)).not.toContain(site.siteKey);
    },
  },
  {
    route: "coinimp:payout/1mhash",
    async run(sandbox, version) {
      for (const currency of CURRENCIES) {
        const payout = successMessage<Record<string, unknown>>(
          await callCoinImp(sandbox, { version, path: "/payout/1mhash", query: { currency } }),
        );
        expect(Object.keys(payout)).toEqual(["result"]);
        expect(payout.result).toMatch(DECIMAL);
        expect(payout.result).toBe(atomic12(sandbox.state.coinimp.payoutPer1M[currency]));
      }
    },
  },
];

test("the table covers every CoinImp route the sandbox serves, once", () => {
  expect(CALLS.map((call) => call.route).sort()).toEqual(
    ROUTES.filter((route) => route.startsWith("coinimp:")).sort(),
  );
});

for (const version of VERSIONS) {
  describe(`CoinImp ${version}`, () => {
    for (const call of CALLS) {
      test(`${call.route} answers the documented shape`, async () => {
        // Fresh per test: some calls change the state, and the default quota allows 10 at once.
        const sandbox = createSandbox({ quota: false });
        await call.run(sandbox, version);
        expect(sandbox.requests.length).toBeGreaterThan(0);
        for (const request of sandbox.requests) {
          expect(request.route).toBe(call.route);
          expect(request.path.startsWith(`/api/${version}/`)).toBe(true);
          expect(request.status).toBe(200);
        }
      });
    }
  });
}

test("v1 and v2 answer the same calls identically", async () => {
  const v1 = createSandbox({ seed: "same-answers", quota: false });
  const v2 = createSandbox({ seed: "same-answers", quota: false });
  const site = siteOf(v1, "MINTME");
  const user = firstUser(site);
  const calls = [
    { path: "/hashes", query: { currency: "XMR" } },
    { path: "/reward", query: { currency: "MINTME", "site-key": site.siteKey } },
    { path: "/user/balance", query: { "site-key": site.siteKey, user: user.name } },
    { path: "/user/list", query: { "site-key": site.siteKey } },
    { path: "/user/withdraw", form: { "site-key": site.siteKey, user: user.name, amount: "77" } },
    { path: "/account/stats", query: { currency: "MINTME" } },
    { path: "/account/sites", query: { currency: "XMR" } },
    { path: "/account/payments", query: { currency: "MINTME" } },
    { path: "/site", query: { "site-key": site.siteKey } },
    { path: "/site", method: "DELETE", query: { "site-key": site.siteKey } },
    { path: "/payout/1mhash", query: { currency: "MINTME" } },
  ];
  for (const call of calls) {
    const one = await callCoinImp(v1, { ...call, version: "v1" });
    const two = await callCoinImp(v2, { ...call, version: "v2" });
    expect(one.status, call.path).toBe(200);
    expect(one.text, call.path).toBe(two.text);
  }
});

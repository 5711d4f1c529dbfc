/**
 * Every call of the CoinImp API, in v2 (keys in headers) and v1 (keys in the query), against the
 * sandbox: the request the sandbox received (method, path, wire parameters, form fields, where the
 * keys went) and the typed result, compared with what the sandbox's state says it must be.
 */

import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import { CoinImp } from "../src/index.js";
import {
  type ApiVersion,
  CURRENCIES,
  clientOf,
  decimal,
  expectedBalance,
  expectKeysSent,
  firstUser,
  onlyRequest,
  siteOf,
  sitesIn,
  VERSIONS,
  wireParams,
} from "./helpers/sandbox-world.js";

function setup(version: ApiVersion, name: string) {
  const sandbox = createSandbox({ seed: `calls-${version}-${name}`, quota: false });
  return { sandbox, client: clientOf(sandbox, version) };
}

/** One request, as a call must have sent it. */
function expectRequest(
  sandbox: Sandbox,
  version: ApiVersion,
  expected: { method: string; path: string; params: Record<string, string> },
) {
  const request = onlyRequest(sandbox);
  expect(request.method).toBe(expected.method);
  expect(request.path).toBe(`/api/${version}${expected.path}`);
  expect(wireParams(request)).toEqual(expected.params);
  expect(request.status).toBe(200);
  expectKeysSent(request, version);
  return request;
}

describe.each(VERSIONS)("CoinImp %s against the sandbox", (version) => {
  it.each(CURRENCIES)(
    "hashes({ currency: %s }) → GET /hashes, the currency's total as a number",
    async (currency) => {
      const { sandbox, client } = setup(version, `hashes-${currency}`);
      const total = sitesIn(sandbox, currency).reduce((sum, site) => sum + site.hashes, 0);

      const hashes = await client.hashes({ currency });

      expect(hashes).toBe(total);
      expect(typeof hashes).toBe("number");
      expectRequest(sandbox, version, { method: "GET", path: "/hashes", params: { currency } });
    },
  );

  it("hashes({ currency, siteKey }) → site-key on the wire, that site's hashes", async () => {
    const { sandbox, client } = setup(version, "hashes-site");
    const site = siteOf(sandbox, "XMR");

    const hashes = await client.hashes({ currency: "XMR", siteKey: site.siteKey });

    expect(hashes).toBe(site.hashes);
    expectRequest(sandbox, version, {
      method: "GET",
      path: "/hashes",
      params: { currency: "XMR", "site-key": site.siteKey },
    });
  });

  it.each(CURRENCIES)(
    "reward({ currency: %s }) → GET /reward, the exact sum as a decimal string",
    async (currency) => {
      const { sandbox, client } = setup(version, `reward-${currency}`);
      const total = sitesIn(sandbox, currency).reduce((sum, site) => sum + site.reward, 0n);

      const reward = await client.reward({ currency });

      expect(reward).toBe(decimal(total));
      expectRequest(sandbox, version, { method: "GET", path: "/reward", params: { currency } });
    },
  );

  it("reward({ currency, siteKey }) → site-key on the wire, that site's reward", async () => {
    const { sandbox, client } = setup(version, "reward-site");
    const site = siteOf(sandbox, "MINTME");

    const reward = await client.reward({ currency: "MINTME", siteKey: site.siteKey });

    expect(reward).toBe(decimal(site.reward));
    expectRequest(sandbox, version, {
      method: "GET",
      path: "/reward",
      params: { currency: "MINTME", "site-key": site.siteKey },
    });
  });

  it.each(CURRENCIES)(
    "payout({ currency: %s }) → GET /payout/1mhash, the rate per million hashes",
    async (currency) => {
      const { sandbox, client } = setup(version, `payout-${currency}`);

      const rate = await client.payout({ currency });

      expect(rate).toBe(decimal(sandbox.state.coinimp.payoutPer1M[currency]));
      expectRequest(sandbox, version, {
        method: "GET",
        path: "/payout/1mhash",
        params: { currency },
      });
    },
  );

  it("users.balance → GET /user/balance with site-key and user; pending (sent as a JSON number) as an exact string", async () => {
    const { sandbox, client } = setup(version, "balance");
    const site = siteOf(sandbox, "MINTME");
    const user = firstUser(site);

    const balance = await client.users.balance({ siteKey: site.siteKey, user: user.name });

    expect(balance).toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(typeof balance.pending).toBe("string");
    expect(typeof balance.hashes).toBe("number");
    expect(typeof balance.withdrawn).toBe("number");
    expectRequest(sandbox, version, {
      method: "GET",
      path: "/user/balance",
      params: { "site-key": site.siteKey, user: user.name },
    });
  });

  it("users.balance of an XMR user: tiny pending amounts stay exact", async () => {
    const { sandbox, client } = setup(version, "balance-xmr");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);

    const balance = await client.users.balance({ siteKey: site.siteKey, user: user.name });

    expect(balance).toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(balance.pending).not.toMatch(/e/i);
  });

  it("users.list → GET /user/list with site-key, the site's user names", async () => {
    const { sandbox, client } = setup(version, "list");
    const site = siteOf(sandbox, "XMR");

    const users = await client.users.list({ siteKey: site.siteKey });

    expect(users).toEqual([...site.users.keys()]);
    expectRequest(sandbox, version, {
      method: "GET",
      path: "/user/list",
      params: { "site-key": site.siteKey },
    });
  });

  it("users.withdraw → POST /user/withdraw with the form site-key, user, amount in that order; the balance after it", async () => {
    const { sandbox, client } = setup(version, "withdraw");
    const site = siteOf(sandbox, "MINTME");
    const user = firstUser(site);
    const before = { hashes: user.hashes, withdrawn: user.withdrawn };
    const amount = 12_345;

    const balance = await client.users.withdraw({
      siteKey: site.siteKey,
      user: user.name,
      amount,
    });

    // The state moved by exactly the amount, once.
    expect(user.hashes).toBe(before.hashes - amount);
    expect(user.withdrawn).toBe(before.withdrawn + amount);
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount },
    ]);
    expect(balance).toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(balance.hashes).toBe(before.hashes - amount);

    const request = expectRequest(sandbox, version, {
      method: "POST",
      path: "/user/withdraw",
      params: {},
    });
    expect(request.form).toEqual([
      ["site-key", site.siteKey],
      ["user", user.name],
      ["amount", String(amount)],
    ]);
    expect(request.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it("users.withdraw takes the amount as a string of digits too, and sends it as given", async () => {
    const { sandbox, client } = setup(version, "withdraw-string");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);

    const balance = await client.users.withdraw({
      siteKey: site.siteKey,
      user: user.name,
      amount: "1000",
    });

    expect(balance).toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 1000 },
    ]);
    expect(onlyRequest(sandbox).form?.at(-1)).toEqual(["amount", "1000"]);
  });

  it.each(CURRENCIES)(
    "account.stats({ currency: %s }) → GET /account/stats, camelCase with exact rewards",
    async (currency) => {
      const { sandbox, client } = setup(version, `stats-${currency}`);
      const sites = sitesIn(sandbox, currency);

      const stats = await client.account.stats({ currency });

      expect(stats).toStrictEqual({
        hashrate: sites.reduce((sum, site) => sum + site.hashrate, 0),
        hashes: sites.reduce((sum, site) => sum + site.hashes, 0),
        reward: decimal(sites.reduce((sum, site) => sum + site.reward, 0n)),
        rewardPending: decimal(sandbox.state.coinimp.rewardPending[currency]),
      });
      expectRequest(sandbox, version, {
        method: "GET",
        path: "/account/stats",
        params: { currency },
      });
    },
  );

  it.each(CURRENCIES)(
    "account.sites({ currency: %s }) → GET /account/sites, { name, siteKey }[]",
    async (currency) => {
      const { sandbox, client } = setup(version, `sites-${currency}`);

      const sites = await client.account.sites({ currency });

      expect(sites).toStrictEqual(
        sitesIn(sandbox, currency).map((site) => ({ name: site.name, siteKey: site.siteKey })),
      );
      expect(sites.length).toBeGreaterThan(0);
      expectRequest(sandbox, version, {
        method: "GET",
        path: "/account/sites",
        params: { currency },
      });
    },
  );

  it.each(CURRENCIES)(
    "account.payments({ currency: %s }) → GET /account/payments; a keyed object becomes an array of camelCase payments with Dates",
    async (currency) => {
      const { sandbox, client } = setup(version, `payments-${currency}`);
      const expected = sandbox.state.coinimp.payments
        .filter((payment) => payment.currency === currency)
        .map((payment) => ({
          amount: decimal(payment.amount),
          fee: decimal(payment.fee),
          status: payment.status,
          walletAddress: payment.walletAddress,
          txId: payment.txId,
          timestamp: new Date(payment.timestamp * 1000),
        }));
      expect(expected.length).toBeGreaterThan(0);

      const payments = await client.account.payments({ currency });

      expect(payments).toStrictEqual(expected);
      expect(Array.isArray(payments)).toBe(true);
      for (const payment of payments) expect(payment.timestamp).toBeInstanceOf(Date);
      expectRequest(sandbox, version, {
        method: "GET",
        path: "/account/payments",
        params: { currency },
      });
    },
  );

  it("sites.stats → GET /site with site-key; name, hashrate, hashes and the exact reward", async () => {
    const { sandbox, client } = setup(version, "site");
    const site = siteOf(sandbox, "XMR");

    const stats = await client.sites.stats({ siteKey: site.siteKey });

    expect(stats).toStrictEqual({
      name: site.name,
      hashrate: site.hashrate,
      hashes: site.hashes,
      reward: decimal(site.reward),
    });
    expectRequest(sandbox, version, {
      method: "GET",
      path: "/site",
      params: { "site-key": site.siteKey },
    });
  });

  it("sites.delete → DELETE /site with site-key in the query and no body; the API's message; the site is gone", async () => {
    const { sandbox, client } = setup(version, "delete");
    const site = siteOf(sandbox, "MINTME");

    const message = await client.sites.delete({ siteKey: site.siteKey });

    expect(message).toBe(`Site ${site.name} deleted`);
    expect(sandbox.state.coinimp.sites.map((kept) => kept.siteKey)).not.toContain(site.siteKey);
    const request = expectRequest(sandbox, version, {
      method: "DELETE",
      path: "/site",
      params: { "site-key": site.siteKey },
    });
    expect(request.form).toBeUndefined();
  });
});

describe("CoinImp over a real loopback port", () => {
  it.each(VERSIONS)(
    "%s: account.stats and users.withdraw work over HTTP, the request as the sandbox saw it",
    async (version) => {
      const sandbox = createSandbox({ seed: `calls-loopback-${version}`, quota: false });
      const server = await sandbox.listen();
      try {
        const client = new CoinImp({
          ...sandbox.credentials.coinimp,
          apiVersion: version,
          baseURL: `${server.url}/api/${version}`,
          rateLimit: false,
        });
        const sites = sitesIn(sandbox, "MINTME");
        const site = siteOf(sandbox, "MINTME");
        const user = firstUser(site);

        const stats = await client.account.stats({ currency: "mintme" });
        const balance = await client.users.withdraw({
          siteKey: site.siteKey,
          user: user.name,
          amount: 7,
        });

        expect(stats).toStrictEqual({
          hashrate: sites.reduce((sum, s) => sum + s.hashrate, 0),
          hashes: sites.reduce((sum, s) => sum + s.hashes, 0),
          reward: decimal(sites.reduce((sum, s) => sum + s.reward, 0n)),
          rewardPending: decimal(sandbox.state.coinimp.rewardPending.MINTME),
        });
        expect(balance).toStrictEqual(expectedBalance(sandbox, site, user.name));
        expect(sandbox.state.coinimp.withdrawals).toEqual([
          { siteKey: site.siteKey, user: user.name, amount: 7 },
        ]);

        expect(sandbox.requests.map((r) => [r.method, r.path, r.status])).toEqual([
          ["GET", `/api/${version}/account/stats`, 200],
          ["POST", `/api/${version}/user/withdraw`, 200],
        ]);
        const [get, post] = sandbox.requests;
        if (!get || !post) throw new Error("two requests expected");
        expect(wireParams(get)).toEqual({ currency: "MINTME" });
        expect(post.form).toEqual([
          ["site-key", site.siteKey],
          ["user", user.name],
          ["amount", "7"],
        ]);
        for (const request of sandbox.requests) expectKeysSent(request, version);
      } finally {
        await server.close();
      }
    },
  );
});

/**
 * The built binary against a sandbox listening on a loopback port, configured the way an operator
 * configures it: COINIMP_PUBLIC_KEY, COINIMP_PRIVATE_KEY, COINIMP_BASE_URL, COINIMP_API_VERSION,
 * MIXCOINS_TOKEN, MIXCOINS_BASE_URL. The sandbox's request log proves what arrived; its state
 * proves what happened. And `cointap sandbox` itself, as a server.
 */

import { connect } from "node:net";
import { isValidAddress } from "@cointap/mixcoins";
import { createSandbox, REDACTED, type RecordedRequest } from "@cointap/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  BUILT_IN_NOTICE,
  cliEnv,
  type EnvOverrides,
  killLeftovers,
  type Listening,
  listeningSandbox,
  mix,
  parseJson,
  type RunResult,
  runCli,
  startCli,
} from "./support/cli.ts";
import { ADDRESSES, DECIMAL, oracle, wireOf } from "./support/oracle.ts";

let listening: Listening;

beforeAll(async () => {
  // Quota off: this file sends more than CoinImp's 10-request burst with one key.
  listening = await listeningSandbox({ quota: false });
});

afterAll(async () => {
  killLeftovers();
  await listening?.server.close();
});

/** Runs `cointap …args` pointed at the listening sandbox; returns the result and what arrived. */
async function viaEnv(
  args: string[],
  extra: EnvOverrides = {},
): Promise<{ result: RunResult; arrived: RecordedRequest[] }> {
  const before = listening.sandbox.requests.length;
  const result = await runCli(args, { env: cliEnv({ ...listening.env, ...extra }) });
  return { result, arrived: listening.sandbox.requests.slice(before) };
}

/** Exit 0, nothing on stderr (no built-in sandbox announced), and stdout as one JSON document. */
function expectJsonSuccess<T>(result: RunResult): T {
  expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
  expect(result.stderr).not.toContain(BUILT_IN_NOTICE);
  expect(result.stderr).toBe("");
  return parseJson<T>(result.stdout);
}

/** One v2 request with the keys in the headers (logged redacted), none in the query. */
function expectOneV2Request(
  arrived: RecordedRequest[],
  route: string,
  query: Record<string, string>,
) {
  expect(arrived).toHaveLength(1);
  const [request] = arrived as [RecordedRequest];
  expect(request.route).toBe(route);
  expect(request.path.startsWith("/api/v2/")).toBe(true);
  expect(request.query).toEqual(query);
  expect(request.headers["x-api-id"]).toBe(REDACTED);
  expect(request.headers["x-api-key"]).toBe(REDACTED);
  expect(request.status).toBe(200);
  return request;
}

interface Site {
  name: string;
  siteKey: string;
}

describe("coinimp through COINIMP_* (v2, keys in headers)", () => {
  const wire = () => wireOf(listening.sandbox);

  test("stats, sites, hashes, reward, payments and payout for MINTME", async () => {
    const calls: [string[], string, string, Record<string, string>][] = [
      [["stats"], "coinimp:account/stats", "/account/stats", { currency: "MINTME" }],
      [["sites"], "coinimp:account/sites", "/account/sites", { currency: "MINTME" }],
      [["hashes"], "coinimp:hashes", "/hashes", { currency: "MINTME" }],
      [["reward"], "coinimp:reward", "/reward", { currency: "MINTME" }],
      [["payments"], "coinimp:account/payments", "/account/payments", { currency: "MINTME" }],
      [["payout"], "coinimp:payout/1mhash", "/payout/1mhash", { currency: "MINTME" }],
    ];
    for (const [command, route, path, query] of calls) {
      const expected = await wire().coinimp("GET", path, query);
      const { result, arrived } = await viaEnv([
        "coinimp",
        ...command,
        "--currency",
        "MINTME",
        "--json",
      ]);
      const output = expectJsonSuccess<unknown>(result);
      expectOneV2Request(arrived, route, query);
      switch (route) {
        case "coinimp:account/stats": {
          const stats = expected as Record<string, unknown>;
          expect(output).toEqual({
            hashrate: stats.hashrate,
            hashes: stats.hashes,
            reward: stats.reward,
            rewardPending: stats["reward-pending"],
          });
          break;
        }
        case "coinimp:account/sites":
          expect(output).toEqual(
            (expected as { name: string; "site-key": string }[]).map((s) => ({
              name: s.name,
              siteKey: s["site-key"],
            })),
          );
          break;
        case "coinimp:account/payments": {
          const payments = output as Record<string, unknown>[];
          expect(payments.map((p) => p.txId)).toEqual(
            Object.values(expected as Record<string, { tx_id: string }>).map((p) => p.tx_id),
          );
          for (const p of payments) expect(p.amount).toMatch(DECIMAL);
          break;
        }
        case "coinimp:payout/1mhash":
          expect(output).toBe((expected as { result: string }).result);
          break;
        default:
          expect(output).toEqual(expected);
      }
    }
  });

  test("reward in XMR, as a table-less plain value", async () => {
    const expected = await wire().coinimp("GET", "/reward", { currency: "XMR" });
    const { result, arrived } = await viaEnv(["coinimp", "reward", "--currency", "XMR"]);
    expect(result).toMatchObject({ code: 0, stderr: "", stdout: `${expected}\n` });
    expectOneV2Request(arrived, "coinimp:reward", { currency: "XMR" });
  });

  test("site stats, users list and users balance", async () => {
    const [site] = (await wire().coinimp("GET", "/account/sites", { currency: "MINTME" })) as {
      "site-key": string;
    }[];
    const siteKey = String(site?.["site-key"]);

    const stats = await viaEnv(["coinimp", "site", "stats", "--site-key", siteKey, "--json"]);
    expect(expectJsonSuccess(stats.result)).toEqual(
      await wire().coinimp("GET", "/site", { "site-key": siteKey }),
    );
    expectOneV2Request(stats.arrived, "coinimp:site", { "site-key": siteKey });

    const users = await viaEnv(["coinimp", "users", "list", "--site-key", siteKey, "--json"]);
    const names = expectJsonSuccess<string[]>(users.result);
    expect(names).toEqual(await wire().coinimp("GET", "/user/list", { "site-key": siteKey }));
    expectOneV2Request(users.arrived, "coinimp:user/list", { "site-key": siteKey });

    const user = String(names[0]);
    const balance = await viaEnv([
      "coinimp",
      "users",
      "balance",
      "--site-key",
      siteKey,
      "--user",
      user,
      "--json",
    ]);
    const stored = listening.sandbox.state.coinimp.sites
      .find((s) => s.siteKey === siteKey)
      ?.users.get(user);
    expect(expectJsonSuccess(balance.result)).toMatchObject({
      name: user,
      hashes: stored?.hashes,
      withdrawn: stored?.withdrawn,
    });
    expectOneV2Request(balance.arrived, "coinimp:user/balance", { "site-key": siteKey, user });
  });

  test("withdraw --yes: one POST with the form fields, applied once", async () => {
    const site = listening.sandbox.state.coinimp.sites[0];
    const [user] = [...(site?.users.values() ?? [])];
    if (!site || !user) throw new Error("the sandbox has no site with users");
    const before = { hashes: user.hashes, withdrawn: user.withdrawn };
    const withdrawals = listening.sandbox.state.coinimp.withdrawals.length;
    const { result, arrived } = await viaEnv([
      "coinimp",
      "withdraw",
      "--site-key",
      site.siteKey,
      "--user",
      user.name,
      "--amount",
      "2500",
      "--yes",
      "--json",
    ]);
    expect(expectJsonSuccess(result)).toMatchObject({
      name: user.name,
      hashes: before.hashes - 2500,
      withdrawn: before.withdrawn + 2500,
    });
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({
      route: "coinimp:user/withdraw",
      method: "POST",
      status: 200,
      form: [
        ["site-key", site.siteKey],
        ["user", user.name],
        ["amount", "2500"],
      ],
    });
    expect(listening.sandbox.state.coinimp.withdrawals.slice(withdrawals)).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 2500 },
    ]);
    expect(user.hashes).toBe(before.hashes - 2500);
  });

  test("site delete --yes: one DELETE, and the site is gone", async () => {
    const site = listening.sandbox.state.coinimp.sites.find((s) => s.currency === "XMR");
    if (!site) throw new Error("the sandbox has no XMR site");
    const { result, arrived } = await viaEnv([
      "coinimp",
      "site",
      "delete",
      "--site-key",
      site.siteKey,
      "--yes",
      "--json",
    ]);
    const output = expectJsonSuccess<{ deleted: string; message: string }>(result);
    expect(output.deleted).toBe(site.siteKey);
    expect(output.message).toContain(site.name);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({
      route: "coinimp:site/delete",
      method: "DELETE",
      query: { "site-key": site.siteKey },
      status: 200,
    });
    expect(listening.sandbox.state.coinimp.sites.some((s) => s.siteKey === site.siteKey)).toBe(
      false,
    );
  });
});

describe("coinimp through COINIMP_API_VERSION=v1 (keys in the query)", () => {
  const v1 = () => ({ COINIMP_API_VERSION: "v1", COINIMP_BASE_URL: `${listening.url}/api/v1` });

  test.each([
    ["stats --currency MINTME", "coinimp:account/stats", { currency: "MINTME" }],
    ["sites --currency XMR", "coinimp:account/sites", { currency: "XMR" }],
    ["payout --currency XMR", "coinimp:payout/1mhash", { currency: "XMR" }],
  ] as const)("coinimp %s", async (command, route, query) => {
    const { result, arrived } = await viaEnv(["coinimp", ...command.split(" "), "--json"], v1());
    const output = expectJsonSuccess<unknown>(result);
    expect(output).not.toBeNull();
    expect(arrived).toHaveLength(1);
    const [request] = arrived as [RecordedRequest];
    expect(request.route).toBe(route);
    expect(request.path.startsWith("/api/v1/")).toBe(true);
    expect(request.query).toEqual({ ...query, public: REDACTED, private: REDACTED });
    expect(request.headers["x-api-id"]).toBeUndefined();
    expect(request.headers["x-api-key"]).toBeUndefined();
    expect(request.status).toBe(200);
  });

  test("the same answers as v2", async () => {
    const v2 = await viaEnv(["coinimp", "stats", "--currency", "XMR", "--json"]);
    const one = await viaEnv(["coinimp", "stats", "--currency", "XMR", "--json"], v1());
    expect(expectJsonSuccess(one.result)).toEqual(expectJsonSuccess(v2.result));
  });
});

describe("mixcoins through MIXCOINS_TOKEN and MIXCOINS_BASE_URL", () => {
  test.each([
    { currency: "btc", addresses: ADDRESSES.btc, network: "mainnet" },
    { currency: "bch", addresses: ADDRESSES.bch, network: "mainnet" },
    { currency: "eth", addresses: ADDRESSES.eth, network: "mainnet" },
    { currency: "btc", addresses: ADDRESSES.btcTestnet, network: "testnet" },
  ] as const)(
    "$currency on $network: one multipart POST, one mix, its deposit address printed",
    async ({ currency, addresses, network }) => {
      const args = [
        "mixcoins",
        "create",
        "--currency",
        currency,
        "--amount",
        "0.5",
        "--yes",
        "--json",
      ];
      for (const address of addresses) args.push("--address", address);
      if (network === "testnet") args.push("--network", "testnet");
      const mixes = listening.sandbox.state.mixcoins.mixes.length;
      const { result, arrived } = await viaEnv(args);
      const mix = expectJsonSuccess<Record<string, unknown>>(result);
      const created = listening.sandbox.state.mixcoins.mixes.slice(mixes);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ currency, addresses: [...addresses], amount: "0.5" });
      expect(mix).toMatchObject({
        currency,
        amount: "0.5",
        depositAddress: created[0]?.depositAddress,
      });
      expect(isValidAddress(currency, String(mix.depositAddress), { network })).toBe(true);
      expect(arrived).toHaveLength(1);
      const [request] = arrived as [RecordedRequest];
      expect(request).toMatchObject({
        route: "mixcoins:mix",
        method: "POST",
        path: `/api/${currency}/mix`,
        status: 200,
      });
      expect(request.headers["x-api-token"]).toBe(REDACTED);
      expect(request.headers["content-type"]).toMatch(/^multipart\/form-data/);
      expect(request.form).toEqual([...addresses.map((a) => ["address[]", a]), ["amount", "0.5"]]);
    },
  );
});

describe("waiting for the CoinImp quota", () => {
  test("a call held by the quota says so on stderr, then succeeds", async () => {
    // One request per 2 s on a clock the test moves: the wait ends when the test says so.
    let now = 1_000_000;
    const held = await listeningSandbox({
      quota: { coinimp: { capacity: 1, refill: 1, interval: 2_000 } },
      clock: { now: () => now },
    });
    try {
      const wire = wireOf(held.sandbox);
      const expected = await wire.coinimp("GET", "/payout/1mhash", { currency: "MINTME" }); // the one token
      const running = runCli(["coinimp", "payout", "--currency", "MINTME"], {
        env: cliEnv(held.env),
      });
      await until(() => held.sandbox.requests.some((r) => r.status === 503));
      now += 2_000;
      const result = await running;
      expect(result, result.stderr).toMatchObject({
        code: 0,
        stdout: `${(expected as { result: string }).result}\n`,
      });
      expect(result.stderr).toMatch(/^cointap: waiting \d+ s for the CoinImp quota/m);
      expect(held.sandbox.requests.slice(1).map((r) => r.status)).toEqual([503, 200]);
    } finally {
      await held.server.close();
    }
  });
});

describe("cointap sandbox --port 0", () => {
  test.each(["SIGTERM", "SIGINT"] as const)(
    "prints the URL and credentials, serves them, exits 0 on %s",
    async (signal) => {
      const server = startCli(["sandbox", "--port", "0"]);
      const [, url] = (await server.waitFor(
        /^cointap sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m,
      )) as string[];
      const printed = await server
        .waitFor(/^ {2}MIXCOINS_TOKEN=(\S+)$/m)
        .then(() => server.output().stdout);
      const variable = (name: string) =>
        printed.match(new RegExp(`^ {2}${name}=(\\S+)$`, "m"))?.[1];
      // The sandbox's own made-up keys (seed "cointap"), printed so that they can be used.
      const { credentials } = createSandbox();
      expect(variable("COINIMP_BASE_URL")).toBe(`${url}/api/v2`);
      expect(variable("COINIMP_PUBLIC_KEY")).toBe(credentials.coinimp.publicKey);
      expect(variable("COINIMP_PRIVATE_KEY")).toBe(credentials.coinimp.privateKey);
      expect(variable("MIXCOINS_BASE_URL")).toBe(`${url}/api`);
      expect(variable("MIXCOINS_TOKEN")).toBe(credentials.mixcoins.token);

      const env = cliEnv({
        COINIMP_BASE_URL: variable("COINIMP_BASE_URL"),
        COINIMP_PUBLIC_KEY: variable("COINIMP_PUBLIC_KEY"),
        COINIMP_PRIVATE_KEY: variable("COINIMP_PRIVATE_KEY"),
        MIXCOINS_BASE_URL: variable("MIXCOINS_BASE_URL"),
        MIXCOINS_TOKEN: variable("MIXCOINS_TOKEN"),
      });
      const sites = await runCli(["coinimp", "sites", "--currency", "MINTME", "--json"], { env });
      const expected = (await oracle().coinimp("GET", "/account/sites", {
        currency: "MINTME",
      })) as {
        name: string;
        "site-key": string;
      }[];
      expect(expectJsonSuccess<Site[]>(sites)).toEqual(
        expected.map((s) => ({ name: s.name, siteKey: s["site-key"] })),
      );
      const mixed = await runCli(mix("eth", [ADDRESSES.eth[0]], "1", "--yes", "--json"), { env });
      const created = expectJsonSuccess<{ depositAddress: string }>(mixed);
      expect(isValidAddress("eth", created.depositAddress)).toBe(true);

      server.child.kill(signal);
      const ended = await server.ended;
      expect(ended).toMatchObject({ code: 0, signal: null });
      expect(await refuses(url as string)).toBe(true);
    },
  );

  test("refuses a port that is not a port number, as invalid input", async () => {
    const result = await runCli(["sandbox", "--port", "http"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("cointap: port: must be a port number from 0 to 65535, got http\n");
    expect(result.stdout).toBe("");
  });
});

/** Waits for `condition`, checking every 20 ms, for at most 20 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 1000; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the condition never held");
}

/** Whether a connection to the URL's port is refused (nothing listens there any more). */
function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/**
 * Every command of the built binary against the built-in sandbox: no credentials in the
 * environment, so each `cointap` process serves itself from an in-process sandbox (seed "cointap")
 * and says so on stderr. Expected values come from a fresh sandbox of the same seed, asked over
 * its raw wire protocol.
 */

import { isValidAddress } from "@cointap/mixcoins";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  BUILT_IN_NOTICE,
  killLeftovers,
  lines,
  parseJson,
  type RunResult,
  runCli,
} from "./support/cli.ts";
import { ADDRESSES, DECIMAL, oracle } from "./support/oracle.ts";

afterAll(killLeftovers);

/** Exit 0, and the built-in sandbox announced on stderr — in one line, and nothing else there. */
function expectBuiltInSuccess(result: RunResult): void {
  expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
  const stderr = lines(result.stderr);
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toContain(BUILT_IN_NOTICE);
  expect(result.stdout).not.toContain(BUILT_IN_NOTICE);
}

/** Runs with `--json`, checks the built-in success, and parses the whole of stdout. */
async function json<T = unknown>(args: string[]): Promise<T> {
  const result = await runCli([...args, "--json"]);
  expectBuiltInSuccess(result);
  return parseJson<T>(result.stdout);
}

async function human(args: string[]): Promise<string> {
  const result = await runCli(args);
  expectBuiltInSuccess(result);
  return result.stdout;
}

interface Site {
  name: string;
  siteKey: string;
}

const wire = oracle();
let mintmeSites: Site[];
let xmrSites: Site[];
let site: Site;

beforeAll(async () => {
  mintmeSites = await json<Site[]>(["coinimp", "sites", "--currency", "MINTME"]);
  xmrSites = await json<Site[]>(["coinimp", "sites", "--currency", "XMR"]);
  site = mintmeSites[0] as Site;
});

describe("coinimp account commands", () => {
  test("sites lists the account's sites of a currency, as a table or as JSON", async () => {
    for (const [currency, listed] of [
      ["MINTME", mintmeSites],
      ["XMR", xmrSites],
    ] as const) {
      const expected = (await wire.coinimp("GET", "/account/sites", { currency })) as {
        name: string;
        "site-key": string;
      }[];
      expect(expected.length).toBeGreaterThan(0);
      expect(listed).toEqual(expected.map((s) => ({ name: s.name, siteKey: s["site-key"] })));
    }
    const table = lines(await human(["coinimp", "sites", "--currency", "MINTME"]));
    expect(table[0]).toMatch(/^name\s+siteKey$/);
    for (const { name, siteKey } of mintmeSites) {
      expect(table.some((line) => line.startsWith(name) && line.endsWith(siteKey))).toBe(true);
    }
  });

  test("stats gives hash rate, hashes and rewards, money as decimal strings", async () => {
    const expected = (await wire.coinimp("GET", "/account/stats", {
      currency: "MINTME",
    })) as Record<string, unknown>;
    const stats = await json<Record<string, unknown>>(["coinimp", "stats", "--currency", "MINTME"]);
    expect(stats).toEqual({
      hashrate: expected.hashrate,
      hashes: expected.hashes,
      reward: expected.reward,
      rewardPending: expected["reward-pending"],
    });
    expect(stats.reward).toMatch(DECIMAL);
    expect(stats.rewardPending).toMatch(DECIMAL);
    const text = await human(["coinimp", "stats", "--currency", "mintme"]);
    expect(text).toMatch(
      new RegExp(`^reward\\s+${String(expected.reward).replace(".", "\\.")}$`, "m"),
    );
    expect(text).toMatch(new RegExp(`^hashes\\s+${expected.hashes}$`, "m"));
  });

  test("hashes, of the account and of one site", async () => {
    const total = await wire.coinimp("GET", "/hashes", { currency: "MINTME" });
    const ofSite = await wire.coinimp("GET", "/hashes", {
      currency: "MINTME",
      "site-key": site.siteKey,
    });
    expect(typeof total).toBe("number");
    expect(await json(["coinimp", "hashes", "--currency", "MINTME"])).toBe(total);
    expect(await human(["coinimp", "hashes", "--currency", "MINTME"])).toBe(`${total}\n`);
    expect(
      await json(["coinimp", "hashes", "--currency", "MINTME", "--site-key", site.siteKey]),
    ).toBe(ofSite);
    expect(ofSite).not.toBe(total);
  });

  test("reward in XMR and in MINTME, as an exact decimal string", async () => {
    for (const currency of ["XMR", "MINTME"]) {
      const expected = await wire.coinimp("GET", "/reward", { currency });
      const reward = await json<string>(["coinimp", "reward", "--currency", currency]);
      expect(reward).toBe(expected);
      expect(reward).toMatch(DECIMAL);
    }
    const ofSite = await wire.coinimp("GET", "/reward", {
      currency: "MINTME",
      "site-key": site.siteKey,
    });
    expect(
      await human(["coinimp", "reward", "--currency", "MINTME", "--site-key", site.siteKey]),
    ).toBe(`${ofSite}\n`);
  });

  test("payments: amounts and fees as strings, timestamps as ISO dates", async () => {
    for (const currency of ["MINTME", "XMR"]) {
      const expected = Object.values(
        (await wire.coinimp("GET", "/account/payments", { currency })) as Record<
          string,
          Record<string, unknown>
        >,
      );
      const payments = await json<Record<string, unknown>[]>([
        "coinimp",
        "payments",
        "--currency",
        currency,
      ]);
      expect(payments).toEqual(
        expected.map((p) => ({
          amount: String(p.amount),
          fee: String(p.fee),
          status: p.status,
          walletAddress: p.wallet_address,
          txId: p.tx_id,
          timestamp: new Date(Number(p.timestamp) * 1000).toISOString(),
        })),
      );
      for (const payment of payments) {
        expect(payment.amount).toMatch(DECIMAL);
        expect(payment.fee).toMatch(DECIMAL);
      }
    }
    const table = await human(["coinimp", "payments", "--currency", "XMR"]);
    expect(lines(table)[0]).toMatch(/^amount\s+fee\s+status\s+walletAddress\s+txId\s+timestamp$/);
    const expected = Object.values(
      (await wire.coinimp("GET", "/account/payments", { currency: "XMR" })) as Record<
        string,
        Record<string, unknown>
      >,
    );
    for (const payment of expected) expect(table).toContain(String(payment.tx_id));
  });

  test("payout per 1M hashes, for MINTME and XMR", async () => {
    for (const currency of ["MINTME", "XMR"]) {
      const { result } = (await wire.coinimp("GET", "/payout/1mhash", { currency })) as {
        result: string;
      };
      expect(await json(["coinimp", "payout", "--currency", currency])).toBe(result);
      expect(await human(["coinimp", "payout", "--currency", currency])).toBe(`${result}\n`);
    }
  });
});

describe("coinimp site and user commands", () => {
  test("site stats", async () => {
    const expected = (await wire.coinimp("GET", "/site", { "site-key": site.siteKey })) as Record<
      string,
      unknown
    >;
    const stats = await json<Record<string, unknown>>([
      "coinimp",
      "site",
      "stats",
      "--site-key",
      site.siteKey,
    ]);
    expect(stats).toEqual(expected);
    expect(stats.name).toBe(site.name);
    expect(stats.reward).toMatch(DECIMAL);
    const text = await human(["coinimp", "site", "stats", "--site-key", site.siteKey]);
    expect(text).toMatch(new RegExp(`^name\\s+${site.name.replace(".", "\\.")}$`, "m"));
  });

  test("users list", async () => {
    const expected = (await wire.coinimp("GET", "/user/list", {
      "site-key": site.siteKey,
    })) as string[];
    expect(expected.length).toBeGreaterThan(0);
    expect(await json(["coinimp", "users", "list", "--site-key", site.siteKey])).toEqual(expected);
    const text = lines(await human(["coinimp", "users", "list", "--site-key", site.siteKey]));
    expect(text.slice(2)).toEqual(expected);
  });

  test("users balance: pending as an exact string, counts as numbers", async () => {
    const [user] = (await wire.coinimp("GET", "/user/list", {
      "site-key": site.siteKey,
    })) as string[];
    const expected = (await wire.coinimp("GET", "/user/balance", {
      "site-key": site.siteKey,
      user: String(user),
    })) as Record<string, unknown>;
    const balance = await json<Record<string, unknown>>([
      "coinimp",
      "users",
      "balance",
      "--site-key",
      site.siteKey,
      "--user",
      String(user),
    ]);
    expect(balance).toMatchObject({
      name: user,
      withdrawn: expected.withdrawn,
      hashes: expected.hashes,
      hashRate: expected.hashRate,
    });
    // The sandbox sends `pending` as a JSON number: the CLI prints it as a decimal string.
    expect(typeof expected.pending).toBe("number");
    expect(balance.pending).toMatch(DECIMAL);
    expect(Number(balance.pending)).toBe(expected.pending);
    const text = await human([
      "coinimp",
      "users",
      "balance",
      "--site-key",
      site.siteKey,
      "--user",
      String(user),
    ]);
    expect(text).toMatch(new RegExp(`^hashes\\s+${expected.hashes}$`, "m"));
  });

  test("withdraw --yes moves the hashes and prints the balance after it", async () => {
    const [user] = (await wire.coinimp("GET", "/user/list", {
      "site-key": site.siteKey,
    })) as string[];
    const before = (await wire.coinimp("GET", "/user/balance", {
      "site-key": site.siteKey,
      user: String(user),
    })) as { hashes: number; withdrawn: number };
    const args = [
      "coinimp",
      "withdraw",
      "--site-key",
      site.siteKey,
      "--user",
      String(user),
      "--amount",
      "1000",
      "--yes",
    ];
    const after = await json<Record<string, unknown>>(args);
    expect(after).toMatchObject({
      name: user,
      hashes: before.hashes - 1000,
      withdrawn: before.withdrawn + 1000,
    });
    expect(after.pending).toMatch(DECIMAL);
    const text = await human(args);
    expect(text).toMatch(new RegExp(`^hashes\\s+${before.hashes - 1000}$`, "m"));
    expect(text).toMatch(new RegExp(`^withdrawn\\s+${before.withdrawn + 1000}$`, "m"));
  });

  test("site delete --yes deletes the site and says so", async () => {
    const deleted = await json<Record<string, unknown>>([
      "coinimp",
      "site",
      "delete",
      "--site-key",
      site.siteKey,
      "--yes",
    ]);
    const expected = await wire.coinimp("DELETE", "/site", { "site-key": site.siteKey });
    expect(deleted).toEqual({ deleted: site.siteKey, message: expected });
    expect(String(expected)).toContain(site.name);
    const text = await human(["coinimp", "site", "delete", "--site-key", site.siteKey, "--yes"]);
    expect(text).toMatch(new RegExp(`^deleted\\s+${site.siteKey}$`, "m"));
  });
});

describe("mixcoins create", () => {
  const cases = [
    { currency: "btc", addresses: ADDRESSES.btc, network: "mainnet" },
    { currency: "bch", addresses: ADDRESSES.bch, network: "mainnet" },
    { currency: "eth", addresses: ADDRESSES.eth, network: "mainnet" },
    { currency: "btc", addresses: ADDRESSES.btcTestnet, network: "testnet" },
  ] as const;

  test.each(cases)(
    "$currency on $network: the deposit address, checked, amount as a string",
    async ({ currency, addresses, network }) => {
      const args = ["mixcoins", "create", "--currency", currency, "--amount", "0.5", "--yes"];
      for (const address of addresses) args.push("--address", address);
      if (network === "testnet") args.push("--network", "testnet");
      const mix = await json<Record<string, unknown>>(args);
      // Each process has a fresh sandbox: its first mix is the oracle's first mix.
      const expected = await oracle().mix(currency, addresses, "0.5");
      expect(mix).toEqual({
        currency,
        amount: "0.5",
        depositAddress: expected.address,
        addressLegacy: expected.address_legacy,
      });
      expect(isValidAddress(currency, String(mix.depositAddress), { network })).toBe(true);
      const text = await human(args);
      expect(text).toMatch(new RegExp(`^depositAddress\\s+${String(mix.depositAddress)}$`, "m"));
      expect(text).toMatch(/^amount\s+0\.5$/m);
    },
  );
});

describe("demo and help", () => {
  test("demo tours both APIs offline and exits 0", async () => {
    const result = await runCli(["demo"]);
    expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("built-in sandbox");
    const demoWorld = oracle("demo");
    const sites = (await demoWorld.coinimp("GET", "/account/sites", { currency: "MINTME" })) as {
      "site-key": string;
    }[];
    for (const s of sites) expect(result.stdout).toContain(s["site-key"]);
    const { result: payout } = (await demoWorld.coinimp("GET", "/payout/1mhash", {
      currency: "MINTME",
    })) as {
      result: string;
    };
    expect(result.stdout).toContain(`MINTME ${payout}`);
    expect(result.stdout).toMatch(/withdraw \d+ hashes/);
    const mixRows = lines(result.stdout).filter((line) => /^(btc|bch|eth)\s+0\.5\s+\S+/.test(line));
    expect(mixRows.map((line) => line.split(/\s+/)[0])).toEqual(["btc", "bch", "eth"]);
    for (const row of mixRows) {
      const [currency, , address] = row.split(/\s+/);
      expect(isValidAddress(String(currency), String(address))).toBe(true);
    }
  });

  test("--help documents the exit codes, without colour under NO_COLOR", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    const help = result.stdout + result.stderr;
    expect(help).toMatch(/Exit codes: 0 ok, 1 failure, 2 invalid input/);
    expect(help).toMatch(/5 outcome unknown.*6 not confirmed/);
    expect(help).not.toContain("\u001b[");
  });

  test("a sub-command's --help names it and lists its flags", async () => {
    const result = await runCli(["coinimp", "withdraw", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/USAGE\s+.*\bwithdraw\b/);
    expect(result.stdout).not.toContain("cli.js");
    for (const flag of ["--site-key", "--user", "--amount", "--yes", "--json"]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

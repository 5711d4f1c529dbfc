/**
 * Each class of failure gives its own exit code and one line on stderr — no stack trace unless
 * `--debug` — and, with `--json`, one JSON document describing it on stdout. Each case runs
 * against a fresh sandbox listening on a loopback port, whose request log and state show what was
 * (or was not) sent and applied.
 */

import { createSandbox } from "@cointap/sandbox";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  BUILT_IN_NOTICE,
  cliEnv,
  type EnvOverrides,
  killLeftovers,
  type Listening,
  lines,
  listeningSandbox,
  mix,
  parseJson,
  type RunResult,
  refusedPort,
  runCli,
} from "./support/cli.ts";
import { ADDRESSES, wireOf } from "./support/oracle.ts";

const EXIT = {
  failure: 1,
  validation: 2,
  authentication: 3,
  rateLimit: 4,
  outcomeUnknown: 5,
  notConfirmed: 6,
};

let listening: Listening;
let siteKey: string;
let user: string;

beforeEach(async () => {
  listening = await listeningSandbox({ quota: false });
  const site = listening.sandbox.state.coinimp.sites[0];
  siteKey = String(site?.siteKey);
  user = String([...(site?.users.keys() ?? [])][0]);
});

afterEach(async () => {
  killLeftovers();
  await listening.server.close();
});

afterAll(killLeftovers);

function run(args: string[], extra: EnvOverrides = {}, input?: string): Promise<RunResult> {
  return runCli(args, {
    env: cliEnv({ ...listening.env, ...extra }),
    ...(input !== undefined && { input }),
  });
}

/** The exit code, nothing on stdout, and exactly one line on stderr: `cointap: …`, no stack. */
function expectOneLine(result: RunResult, code: number, message: RegExp): string {
  expect(result, result.stderr).toMatchObject({ code, signal: null, stdout: "" });
  const stderr = lines(result.stderr);
  expect(stderr).toHaveLength(1);
  expect(stderr[0]).toMatch(/^cointap: /);
  expect(stderr[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return stderr[0] as string;
}

/** Nothing reached the sandbox, and nothing changed there. */
function expectNothingSent(): void {
  expect(listening.sandbox.requests).toEqual([]);
  expect(listening.sandbox.state.coinimp.withdrawals).toEqual([]);
  expect(listening.sandbox.state.mixcoins.mixes).toEqual([]);
  expect(listening.sandbox.state.coinimp.sites).toHaveLength(
    createSandbox().state.coinimp.sites.length,
  );
}

/** `coinimp withdraw` of `amount` hashes for the test user, with `more` flags after. */
const withdraw = (amount: string, ...more: string[]) => [
  "coinimp",
  "withdraw",
  "--site-key",
  siteKey,
  "--user",
  user,
  "--amount",
  amount,
  ...more,
];

describe("invalid input: exit 2, one line, nothing sent", () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      "an unknown currency",
      () => ["coinimp", "stats", "--currency", "DOGE"],
      /currency: must be "MINTME" or "XMR"/,
    ],
    [
      "a missing currency",
      () => ["coinimp", "payout"],
      /currency: must be "MINTME" or "XMR", got undefined/,
    ],
    [
      "a site key that is not 64 hex digits",
      () => ["coinimp", "site", "stats", "--site-key", "abc123"],
      /siteKey: .*64 hex/,
    ],
    [
      "a bad site key to delete",
      () => ["coinimp", "site", "delete", "--site-key", `${siteKey}0`, "--yes"],
      /siteKey: must be a site key of 64 hex digits/,
    ],
    [
      "an empty user",
      () => ["coinimp", "users", "balance", "--site-key", siteKey, "--user", ""],
      /user: must be a non-empty string/,
    ],
    [
      "a fractional number of hashes",
      () => withdraw("1.5", "--yes"),
      /amount: must be a positive whole number of hashes/,
    ],
    [
      "zero hashes",
      () => withdraw("0", "--yes"),
      /amount: must be a positive whole number of hashes, got "0"/,
    ],
    [
      "an unknown API version",
      () => ["coinimp", "stats", "--currency", "XMR", "--api-version", "v3"],
      /apiVersion: must be "v1" or "v2"/,
    ],
    [
      "an unknown mix currency",
      () => mix("doge", ADDRESSES.eth, "1", "--yes"),
      /currency: must be "btc", "bch" or "eth"/,
    ],
    [
      "a btc address with a bad checksum",
      () => mix("btc", ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"], "0.5", "--yes"),
      /addresses\.0: .*checksum does not match/,
    ],
    [
      "a testnet address on mainnet",
      () => mix("btc", ADDRESSES.btcTestnet, "0.5", "--yes"),
      /addresses\.0: .*testnet.*mainnet/,
    ],
    [
      "an eth address with a wrong EIP-55 checksum",
      () => mix("eth", ["0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"], "0.5", "--yes"),
      /addresses\.0: .*EIP-55 checksum/,
    ],
    [
      "a bch address for btc",
      () => mix("btc", ADDRESSES.bch, "0.5", "--yes"),
      /addresses\.0: .*Bitcoin Cash.*not a Bitcoin/,
    ],
    [
      "the same address twice",
      () => mix("btc", [ADDRESSES.btc[0], ADDRESSES.btc[0]], "0.5", "--yes"),
      /addresses\.1: repeats addresses\[0\]/,
    ],
    ["no address", () => mix("btc", [], "0.5", "--yes"), /addresses: must list at least one/],
    [
      "more decimals than btc has",
      () => mix("btc", ADDRESSES.btc, "0.123456789", "--yes"),
      /amount: has more than 8 decimal places/,
    ],
    [
      "an unknown network",
      () => mix("btc", ADDRESSES.btc, "0.5", "--yes", "--network", "moon"),
      /network: must be "mainnet" or "testnet"/,
    ],
  ];

  test.each(cases)("%s", async (_name, args, message) => {
    const result = await run(args());
    expectOneLine(result, EXIT.validation, message);
    expectNothingSent();
  });

  test("with --json: the error as one JSON document on stdout, the line on stderr", async () => {
    const result = await run(["coinimp", "stats", "--currency", "DOGE", "--json"]);
    expect(result.code).toBe(EXIT.validation);
    expect(parseJson(result.stdout)).toEqual({
      error: {
        name: "ValidationError",
        code: "validation_error",
        message: 'currency: must be "MINTME" or "XMR", got "DOGE"',
        exitCode: EXIT.validation,
      },
    });
    expect(lines(result.stderr)).toEqual([
      'cointap: currency: must be "MINTME" or "XMR", got "DOGE"',
    ]);
    expectNothingSent();
  });
});

describe("keys refused: exit 3", () => {
  const wrong = { COINIMP_PRIVATE_KEY: "f".repeat(64), MIXCOINS_TOKEN: "e".repeat(64) };

  test("wrong CoinImp keys (v2)", async () => {
    const result = await run(["coinimp", "stats", "--currency", "MINTME"], wrong);
    expectOneLine(result, EXIT.authentication, /401/);
    expect(listening.sandbox.requests.map((r) => [r.route, r.status])).toEqual([
      ["coinimp:account/stats", 401],
    ]);
  });

  test("wrong CoinImp keys (v1)", async () => {
    const result = await run(["coinimp", "sites", "--currency", "XMR"], {
      ...wrong,
      COINIMP_API_VERSION: "v1",
      COINIMP_BASE_URL: `${listening.url}/api/v1`,
    });
    expectOneLine(result, EXIT.authentication, /401/);
    expect(listening.sandbox.requests.map((r) => [r.path, r.status])).toEqual([
      ["/api/v1/account/sites", 401],
    ]);
  });

  test("a withdrawal with wrong keys moves nothing", async () => {
    const result = await run(withdraw("10", "--yes"), wrong);
    expectOneLine(result, EXIT.authentication, /401/);
    expect(listening.sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(listening.sandbox.requests).toHaveLength(1);
  });

  test("a wrong MixCoins token creates no mix", async () => {
    const result = await run(mix("eth", ADDRESSES.eth, "1", "--yes"), wrong);
    expectOneLine(result, EXIT.authentication, /401/);
    expect(listening.sandbox.state.mixcoins.mixes).toEqual([]);
    expect(listening.sandbox.requests.map((r) => [r.route, r.status])).toEqual([
      ["mixcoins:mix", 401],
    ]);
  });

  test("with --json", async () => {
    const result = await run(["coinimp", "stats", "--currency", "MINTME", "--json"], wrong);
    expect(result.code).toBe(EXIT.authentication);
    expect(parseJson(result.stdout)).toMatchObject({
      error: {
        name: "AuthenticationError",
        code: "authentication_error",
        exitCode: EXIT.authentication,
      },
    });
    expect(lines(result.stderr)).toHaveLength(1);
  });
});

describe("rate limit: exit 4", () => {
  test("CoinImp's quota exhausted (503, Retry-After beyond what the client waits)", async () => {
    const spent = await listeningSandbox({
      quota: { coinimp: { capacity: 1, refill: 1, interval: 3_600_000 } },
    });
    try {
      await wireOf(spent.sandbox).coinimp("GET", "/payout/1mhash", { currency: "XMR" }); // the one request
      const result = await runCli(["coinimp", "stats", "--currency", "MINTME"], {
        env: cliEnv(spent.env),
      });
      expectOneLine(result, EXIT.rateLimit, /503/);
      expect(spent.sandbox.requests.slice(1).map((r) => [r.route, r.status])).toEqual([
        ["coinimp:account/stats", 503],
      ]);
    } finally {
      await spent.server.close();
    }
  });

  test("MixCoins answering 429 every time: retried twice (not processed), then given up", async () => {
    listening.sandbox.faults["mixcoins:mix"] = { status: 429 };
    const result = await run(mix("eth", ADDRESSES.eth, "1", "--yes"));
    expectOneLine(result, EXIT.rateLimit, /429/);
    expect(listening.sandbox.requests.map((r) => [r.route, r.status])).toEqual([
      ["mixcoins:mix", 429],
      ["mixcoins:mix", 429],
      ["mixcoins:mix", 429],
    ]);
    expect(listening.sandbox.state.mixcoins.mixes).toEqual([]);
  });

  test("a withdrawal refused with 429 and a long Retry-After: not applied, not waited for", async () => {
    listening.sandbox.faults["coinimp:user/withdraw"] = { status: 429, retryAfter: 3600 };
    const result = await run(withdraw("10", "--yes", "--json"));
    expect(result.code).toBe(EXIT.rateLimit);
    expect(parseJson(result.stdout)).toMatchObject({
      error: { name: "RateLimitError", code: "rate_limited", exitCode: EXIT.rateLimit },
    });
    expect(lines(result.stderr)).toHaveLength(1);
    expect(listening.sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(listening.sandbox.requests).toHaveLength(1);
  });
});

describe("outcome unknown: exit 5, applied once, never repeated", () => {
  test("a withdrawal applied, then the connection dropped", async () => {
    listening.sandbox.faults["coinimp:user/withdraw"] = { applyThenDrop: true };
    const result = await run(withdraw("1000", "--yes"));
    const line = expectOneLine(result, EXIT.outcomeUnknown, /may or may not have been applied/);
    expect(line).toMatch(/Check the balance or mixes before trying again/);
    expect(listening.sandbox.state.coinimp.withdrawals).toEqual([{ siteKey, user, amount: 1000 }]);
    expect(listening.sandbox.requests.map((r) => [r.route, r.outcome])).toEqual([
      ["coinimp:user/withdraw", "applied-then-dropped"],
    ]);
  });

  test("a site deletion applied, then the connection dropped", async () => {
    listening.sandbox.faults["coinimp:site/delete"] = { applyThenDrop: true };
    const result = await run([
      "coinimp",
      "site",
      "delete",
      "--site-key",
      siteKey,
      "--yes",
      "--json",
    ]);
    expect(result.code).toBe(EXIT.outcomeUnknown);
    expect(parseJson(result.stdout)).toMatchObject({
      error: {
        name: "OutcomeUnknownError",
        code: "outcome_unknown",
        exitCode: EXIT.outcomeUnknown,
      },
    });
    expect(lines(result.stderr)).toHaveLength(1);
    expect(listening.sandbox.state.coinimp.sites.some((s) => s.siteKey === siteKey)).toBe(false);
    expect(listening.sandbox.requests).toHaveLength(1);
  });

  test("a mix applied, then the connection dropped", async () => {
    listening.sandbox.faults["mixcoins:mix"] = { applyThenDrop: true };
    const result = await run(mix("bch", ADDRESSES.bch, "0.5", "--yes"));
    expectOneLine(result, EXIT.outcomeUnknown, /may or may not have been applied/);
    expect(listening.sandbox.state.mixcoins.mixes).toHaveLength(1);
    expect(listening.sandbox.requests).toHaveLength(1);
  });
});

describe("not confirmed: exit 6 without --yes and without a terminal, nothing sent", () => {
  const moneyMoving: [string, () => string[]][] = [
    ["withdraw", () => withdraw("1000")],
    ["site delete", () => ["coinimp", "site", "delete", "--site-key", siteKey]],
    ["mixcoins create", () => mix("btc", ADDRESSES.btc, "0.5")],
  ];

  test.each(moneyMoving)("%s", async (_name, args) => {
    expectOneLine(
      await run(args()),
      EXIT.notConfirmed,
      /not on a terminal; pass --yes to confirm\. Nothing was sent\./,
    );
    expectNothingSent();
  });

  const incomplete: [string, RegExp, () => string[]][] = [
    [
      "withdraw without --amount",
      /amount/,
      () => ["coinimp", "withdraw", "--site-key", siteKey, "--user", user],
    ],
    ["site delete without --site-key", /siteKey/, () => ["coinimp", "site", "delete"]],
    [
      "mixcoins create without --address",
      /addresses/,
      () => ["mixcoins", "create", "--currency", "btc", "--amount", "0.5"],
    ],
  ];

  test.each(incomplete)(
    "%s: the missing input is reported (exit 2), not asked about",
    async (_name, field, args) => {
      const result = await run(args());
      expect(result.code).toBe(EXIT.validation);
      expect(result.stderr).toMatch(field);
      expect(result.stderr).not.toMatch(/\?$|pass --yes/m);
      expectNothingSent();
    },
  );
  test.each(moneyMoving)("%s with --json", async (_name, args) => {
    const result = await run([...args(), "--json"]);
    expect(result.code).toBe(EXIT.notConfirmed);
    expect(parseJson(result.stdout)).toMatchObject({
      error: { name: "NotConfirmedError", exitCode: EXIT.notConfirmed },
    });
    expectNothingSent();
  });

  test("the built-in sandbox refuses too", async () => {
    const result = await runCli(withdraw("1"));
    expect(result.code).toBe(EXIT.notConfirmed);
    expect(lines(result.stderr)).toHaveLength(2);
    expect(result.stderr).toContain(BUILT_IN_NOTICE);
    expect(result.stderr).toContain("pass --yes");
  });
});

describe("other failures: exit 1", () => {
  test("an unknown site (404)", async () => {
    const result = await run(["coinimp", "site", "stats", "--site-key", "f".repeat(64)]);
    expectOneLine(result, EXIT.failure, /404/);
    expect(listening.sandbox.requests).toHaveLength(1);
  });

  test("more hashes than the user has (400): nothing moved", async () => {
    const result = await run(withdraw("999999999999", "--yes"));
    expectOneLine(result, EXIT.failure, /400/);
    expect(listening.sandbox.state.coinimp.withdrawals).toEqual([]);
  });

  test("nothing listening: the connection is refused", async () => {
    const port = await refusedPort();
    const result = await run(["coinimp", "stats", "--currency", "MINTME", "--json"], {
      COINIMP_BASE_URL: `http://127.0.0.1:${port}/api/v2`,
    });
    expect(result.code).toBe(EXIT.failure);
    expect(parseJson(result.stdout)).toMatchObject({
      error: { name: "ConnectionError", exitCode: EXIT.failure },
    });
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^cointap: Could not connect \(ECONNREFUSED\)/),
    ]);
  });

  test("an unknown command", async () => {
    const result = await runCli(["coinimp", "mine"]);
    expect(result.code).toBe(EXIT.failure);
    expect(result.stdout + result.stderr).toMatch(/Unknown command mine/);
  });
});

describe("--debug", () => {
  test("adds the error's details and stack, still no key", async () => {
    const publicKey = "debugPublicKeyMarker4f1c";
    const privateKey = "debugPrivateKeyMarker9a2e";
    const result = await run(["coinimp", "stats", "--currency", "MINTME", "--debug"], {
      COINIMP_PUBLIC_KEY: publicKey,
      COINIMP_PRIVATE_KEY: privateKey,
    });
    expect(result.code).toBe(EXIT.authentication);
    const stderr = lines(result.stderr);
    expect(stderr[0]).toMatch(/^cointap: .*401/);
    expect(stderr.length).toBeGreaterThan(1);
    expect(result.stderr).toContain("AuthenticationError");
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/"status":\s*401/);
    for (const key of [publicKey, privateKey])
      expect(result.stdout + result.stderr).not.toContain(key);
  });

  test("shows the cause of an unknown outcome", async () => {
    listening.sandbox.faults["coinimp:user/withdraw"] = { applyThenDrop: true };
    const result = await run(withdraw("5", "--yes", "--debug"));
    expect(result.code).toBe(EXIT.outcomeUnknown);
    expect(result.stderr).toContain("OutcomeUnknownError");
    expect(result.stderr).toContain("ConnectionError");
    for (const key of Object.values(listening.sandbox.credentials.coinimp)) {
      expect(result.stdout + result.stderr).not.toContain(key);
    }
    expect(listening.sandbox.state.coinimp.withdrawals).toHaveLength(1);
  });
});

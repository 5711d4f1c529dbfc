/**
 * Secrets are never printed. Every command runs with sentinel keys — distinctive strings that
 * must appear nowhere in stdout or stderr — against a listening sandbox that refuses them (401), and
 * against a base URL where nothing listens (connection refused), through v2 (headers) and v1
 * (query parameters), with and without `--debug` and `--json`, from the environment and from flags.
 */

import { createSandbox } from "@cointap/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cliEnv,
  type EnvOverrides,
  killLeftovers,
  type Listening,
  listeningSandbox,
  mix,
  pool,
  type RunResult,
  refusedPort,
  runCli,
  startCli,
} from "./support/cli.ts";
import { ADDRESSES } from "./support/oracle.ts";

// URL-special characters on purpose: a key sent in a v1 query string must not leak encoded either.
const SENTINELS = {
  COINIMP_PUBLIC_KEY: "sentinelPublicKey+9f3e/c0in=",
  COINIMP_PRIVATE_KEY: "sentinelPrivateKey&4d8b1 x?",
  MIXCOINS_TOKEN: "sentinelMixToken#7a0e%c5",
} as const;

/** Every form in which a secret could show: as is, URL-encoded either way, or in part. */
function leakForms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ k: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    secret.slice(0, 14),
    secret.slice(-12),
  ];
}

/** The secrets (in any of their forms) found in a run's output. */
function leaks(result: Pick<RunResult, "stdout" | "stderr">, secrets: readonly string[]): string[] {
  const output = result.stdout + result.stderr;
  return secrets.flatMap(leakForms).filter((form) => output.includes(form));
}

const SITE_KEY = String(createSandbox().state.coinimp.sites[0]?.siteKey);

interface Case {
  args: string[];
  /** Exit code when the keys are refused (401), and when nothing listens. */
  refusedKeys: number;
  noServer: number;
}

const coinimpApi = (args: string[], noServer = 1): Case => ({
  args: ["coinimp", ...args],
  refusedKeys: 3,
  noServer,
});

const CASES: Case[] = [
  coinimpApi(["hashes", "--currency", "MINTME"]),
  coinimpApi(["reward", "--currency", "XMR", "--site-key", SITE_KEY]),
  coinimpApi(["stats", "--currency", "MINTME"]),
  coinimpApi(["sites", "--currency", "MINTME"]),
  coinimpApi(["payments", "--currency", "XMR"]),
  coinimpApi(["payout", "--currency", "MINTME"]),
  coinimpApi(["site", "stats", "--site-key", SITE_KEY]),
  coinimpApi(["users", "list", "--site-key", SITE_KEY]),
  coinimpApi(["users", "balance", "--site-key", SITE_KEY, "--user", "alice"]),
  coinimpApi(["withdraw", "--site-key", SITE_KEY, "--user", "alice", "--amount", "10", "--yes"]),
  coinimpApi(["site", "delete", "--site-key", SITE_KEY, "--yes"]),
  {
    args: mix("btc", [ADDRESSES.btc[0]], "0.5", "--yes"),
    refusedKeys: 3,
    noServer: 1,
  },
  // Refused before sending: not confirmed, invalid input.
  {
    args: ["coinimp", "withdraw", "--site-key", SITE_KEY, "--user", "alice", "--amount", "10"],
    refusedKeys: 6,
    noServer: 6,
  },
  { args: ["coinimp", "site", "delete", "--site-key", SITE_KEY], refusedKeys: 6, noServer: 6 },
  {
    args: mix("eth", [ADDRESSES.eth[0]], "1"),
    refusedKeys: 6,
    noServer: 6,
  },
  { args: ["coinimp", "stats", "--currency", "DOGE"], refusedKeys: 2, noServer: 2 },
  {
    args: mix("btc", [ADDRESSES.btcTestnet[0]], "1", "--yes"),
    refusedKeys: 2,
    noServer: 2,
  },
  // Always offline; must not print the keys it was given either.
  { args: ["demo"], refusedKeys: 0, noServer: 0 },
];

/**
 * The flags that change what an error prints. `--debug --json` prints everything the others do
 * (the line, the details, the JSON document) and runs for every command; each command also runs
 * with one of the others, a different one for each target, so that every command meets every
 * variant across the targets and every target meets every variant across the commands.
 */
const EVERYTHING = ["--debug", "--json"] as const;
const OTHERS = [[], ["--debug"], ["--json"]] as const;

function variantsFor(commandIndex: number, targetIndex: number): (readonly string[])[] {
  return [EVERYTHING, OTHERS[(commandIndex + targetIndex) % OTHERS.length] as readonly string[]];
}

let listening: Listening;
let deadPort: number;

beforeAll(async () => {
  listening = await listeningSandbox({ quota: false });
  deadPort = await refusedPort();
});

afterAll(async () => {
  killLeftovers();
  await listening?.server.close();
});

const targets = {
  "refused keys (401), v2": () => ({
    COINIMP_BASE_URL: `${listening.url}/api/v2`,
    MIXCOINS_BASE_URL: `${listening.url}/api`,
  }),
  "refused keys (401), v1": () => ({
    COINIMP_API_VERSION: "v1",
    COINIMP_BASE_URL: `${listening.url}/api/v1`,
    MIXCOINS_BASE_URL: `${listening.url}/api`,
  }),
  "no server (connection refused), v2": () => ({
    COINIMP_BASE_URL: `http://127.0.0.1:${deadPort}/api/v2`,
    MIXCOINS_BASE_URL: `http://127.0.0.1:${deadPort}/api`,
  }),
  "no server (connection refused), v1": () => ({
    COINIMP_API_VERSION: "v1",
    COINIMP_BASE_URL: `http://127.0.0.1:${deadPort}/api/v1`,
    MIXCOINS_BASE_URL: `http://127.0.0.1:${deadPort}/api`,
  }),
} satisfies Record<string, () => EnvOverrides>;

describe.each(
  Object.entries(targets).map(([name, endpoints], index) => [name, endpoints, index] as const),
)("sentinel keys in the environment, %s", (target, endpoints, targetIndex) => {
  test("no command prints them, with and without --debug and --json", async () => {
    const before = listening.sandbox.requests.length;
    const env = cliEnv({ ...SENTINELS, ...endpoints() });
    const runs = CASES.flatMap((c, index) =>
      variantsFor(index, targetIndex).map((variant) => ({
        c,
        variant,
        args: [...c.args, ...variant],
      })),
    );
    // With and without each flag: all four combinations occur.
    expect(new Set(runs.map(({ variant }) => variant.join(" "))).size).toBe(4);
    const results = await pool(
      4,
      runs.map(
        ({ args }) =>
          () =>
            runCli(args, { env, timeout: 30_000 }),
      ),
    );
    results.forEach((result, index) => {
      const { c, args } = runs[index] as (typeof runs)[number];
      const label = `cointap ${args.join(" ")}`;
      expect(leaks(result, Object.values(SENTINELS)), label).toEqual([]);
      // The failure really happened where it should, so the output checked is the error path's.
      expect(result.code, `${label}\n${result.stderr}`).toBe(
        target.startsWith("refused keys") ? c.refusedKeys : c.noServer,
      );
    });
    const arrived = listening.sandbox.requests.slice(before);
    if (target.startsWith("refused keys")) {
      // The sentinels were sent — and refused — by every call that got as far as the network.
      expect(arrived).toHaveLength(runs.filter(({ c }) => c.refusedKeys === 3).length);
      expect(arrived.every((r) => r.status === 401)).toBe(true);
    } else {
      expect(arrived).toEqual([]);
    }
  });
});

describe("sentinel keys given as flags", () => {
  test.each(
    [[], ["--debug"], ["--json"], ["--debug", "--json"]].map(
      (v) => [v.join(" ") || "(no flag)", v] as const,
    ),
  )("are not printed either: %s", async (_label, variant) => {
    const coinimpFlags = [
      "--public-key",
      SENTINELS.COINIMP_PUBLIC_KEY,
      "--private-key",
      SENTINELS.COINIMP_PRIVATE_KEY,
      "--api-version",
      "v1",
      "--base-url",
      `${listening.url}/api/v1`,
    ];
    const mixFlags = ["--token", SENTINELS.MIXCOINS_TOKEN, "--base-url", `${listening.url}/api`];
    const runs: [string[], number][] = [
      [["coinimp", "stats", "--currency", "MINTME", ...coinimpFlags], 3],
      [
        [
          "coinimp",
          "withdraw",
          "--site-key",
          SITE_KEY,
          "--user",
          "bob",
          "--amount",
          "5",
          "--yes",
          ...coinimpFlags,
        ],
        3,
      ],
      [mix("eth", [ADDRESSES.eth[0]], "1", "--yes", ...mixFlags), 3],
    ];
    const results = await pool(
      3,
      runs.map(
        ([args]) =>
          () =>
            runCli([...args, ...variant], { env: cliEnv() }),
      ),
    );
    results.forEach((result, index) => {
      expect(leaks(result, Object.values(SENTINELS))).toEqual([]);
      expect(result.code, result.stderr).toBe(runs[index]?.[1]);
    });
  });
});

describe("the check itself", () => {
  test("finds keys that are printed: `cointap sandbox` prints its own, and none of the sentinels", async () => {
    const server = startCli(["sandbox", "--port", "0"], cliEnv({ ...SENTINELS }));
    try {
      await server.waitFor(/MIXCOINS_TOKEN=\S+/);
    } finally {
      server.child.kill("SIGTERM");
    }
    const ended = await server.ended;
    expect(ended.code).toBe(0);
    const own = createSandbox().credentials;
    expect(
      leaks(ended, [own.coinimp.publicKey, own.coinimp.privateKey, own.mixcoins.token]),
    ).not.toEqual([]);
    expect(leaks(ended, Object.values(SENTINELS))).toEqual([]);
  });
});

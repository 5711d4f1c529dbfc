/**
 * The read cache under a realistic load: a dashboard page that refreshes the account's stats, its
 * sites, its payments and a few users' balances every few seconds for ten minutes (virtual time),
 * with a withdrawal now and then. Reported: how many reads the cache answered, how many requests
 * reached the API, and whether any balance shown after a withdrawal was the stale one.
 *
 * The quota is off on both sides: this figure is about the cache alone (the quota schedule has
 * its own). The upstream rate is compared with CoinImp's quota below, for information.
 */

import { CACHE_TTL, CoinImp, type UserBalance } from "@cointap/coinimp";
import { DEFAULT_COINIMP_QUOTA } from "@cointap/sandbox";
import type { Check, Section } from "./check.js";
import { advanceTo } from "./drive.js";
import { fixed, integer, table } from "./markdown.js";
import { sandboxWorld, siteMining } from "./sandbox-world.js";

const DURATION_MS = 10 * 60_000;
const REFRESH_MS = 5_000;
const WITHDRAW_EVERY_MS = 2 * 60_000;
const FIRST_WITHDRAWAL_MS = 60_000;
const WITHDRAW_HASHES = 1_000;
const USERS_SHOWN = 3;
const CURRENCY = "MINTME";

export interface CacheResult {
  durationMs: number;
  refreshMs: number;
  refreshes: number;
  reads: number;
  upstreamReads: number;
  hits: number;
  hitRatio: number;
  withdrawals: number;
  /** Reads the cache is allowed to send: one per key per TTL, plus one per key a withdrawal drops. */
  upstreamBound: number;
  /** Balances shown that did not match the sandbox's state. */
  staleBalances: number;
  upstreamPerMinute: number;
  quotaPerMinute: number;
  realMs: number;
}

export async function measureCache(): Promise<CacheResult> {
  const started = performance.now();
  const { clock, sandbox, wire } = sandboxWorld("bench-cache", false);
  const site = siteMining(sandbox, CURRENCY);
  const users = [...site.users.keys()].slice(0, USERS_SHOWN);
  if (users.length < USERS_SHOWN) throw new Error(`the ${CURRENCY} site has too few users`);
  const client = new CoinImp({
    ...sandbox.credentials.coinimp,
    fetch: wire.fetch,
    clock,
    rateLimit: false,
  });

  const refresh = () =>
    Promise.all([
      client.account.stats({ currency: CURRENCY }),
      client.account.sites({ currency: CURRENCY }),
      client.account.payments({ currency: CURRENCY }),
      Promise.all(users.map((user) => client.users.balance({ siteKey: site.siteKey, user }))),
    ]);
  const isStale = (balance: UserBalance) =>
    balance.withdrawn !== site.users.get(balance.name)?.withdrawn;

  let refreshes = 0;
  let staleBalances = 0;
  let withdrawals = 0;
  for (let at = 0; at < DURATION_MS; at += REFRESH_MS) {
    await advanceTo(clock, wire.settle, at);
    const [, , , balances] = await refresh();
    refreshes++;
    staleBalances += balances.filter(isStale).length;
    if (at >= FIRST_WITHDRAWAL_MS && (at - FIRST_WITHDRAWAL_MS) % WITHDRAW_EVERY_MS === 0) {
      const user = users[withdrawals % users.length] as string;
      await client.users.withdraw({ siteKey: site.siteKey, user, amount: WITHDRAW_HASHES });
      withdrawals++;
    }
  }

  const reads = refreshes * (3 + users.length);
  const upstreamReads = sandbox.requests.filter((request) => request.method === "GET").length;
  const fills = (ttl: number) => Math.ceil(DURATION_MS / ttl);
  // A withdrawal drops the user's balance and the account stats: at most one extra read of each.
  const upstreamBound =
    fills(CACHE_TTL.accountStats) +
    fills(CACHE_TTL.accountSites) +
    fills(CACHE_TTL.accountPayments) +
    users.length * fills(CACHE_TTL.userBalance) +
    withdrawals * 2;
  const quota = DEFAULT_COINIMP_QUOTA;
  return {
    durationMs: DURATION_MS,
    refreshMs: REFRESH_MS,
    refreshes,
    reads,
    upstreamReads,
    hits: reads - upstreamReads,
    hitRatio: (reads - upstreamReads) / reads,
    withdrawals,
    upstreamBound,
    staleBalances,
    upstreamPerMinute: (upstreamReads + withdrawals) / (DURATION_MS / 60_000),
    quotaPerMinute: (quota.refill * 60_000) / quota.interval,
    realMs: performance.now() - started,
  };
}

export function cacheReport(result: CacheResult): Section {
  const checks: Check[] = [
    {
      figure: "Cache: dashboard hit ratio",
      value: `${fixed(result.hitRatio * 100)} % (${result.upstreamReads} requests for ${result.reads} reads)`,
      target: `≤ ${result.upstreamBound} requests (one per key per TTL, + withdrawals)`,
      pass: result.upstreamReads <= result.upstreamBound,
    },
    {
      figure: "Cache: stale balances shown after a withdrawal",
      value: String(result.staleBalances),
      target: "0",
      pass: result.staleBalances === 0,
    },
  ];
  const ttl = (ms: number) => `${ms / 1000} s`;
  const rows = [
    [
      "virtual duration, refresh period",
      `${result.durationMs / 60_000} min, every ${result.refreshMs / 1000} s (${result.refreshes} refreshes)`,
    ],
    [
      "each refresh reads",
      `account.stats (TTL ${ttl(CACHE_TTL.accountStats)}), account.sites (${ttl(CACHE_TTL.accountSites)}), account.payments (${ttl(CACHE_TTL.accountPayments)}), ${USERS_SHOWN} × users.balance (${ttl(CACHE_TTL.userBalance)})`,
    ],
    ["withdrawals (each drops a balance and the stats)", integer(result.withdrawals)],
    ["reads (calls)", integer(result.reads)],
    ["answered by the cache", integer(result.hits)],
    ["GET requests upstream", integer(result.upstreamReads)],
    ["allowed by the TTLs", integer(result.upstreamBound)],
    ["hit ratio", `${fixed(result.hitRatio * 100)} %`],
    ["stale balances shown", integer(result.staleBalances)],
    [
      "requests per minute (reads + withdrawals)",
      `${fixed(result.upstreamPerMinute)} (CoinImp allows ${fixed(result.quotaPerMinute)} after its burst)`,
    ],
    ["real time to simulate", `${integer(result.realMs)} ms`],
  ];
  const body = [
    "`new CoinImp({ fetch: sandbox.fetch, clock, rateLimit: false })` (default cache) against `createSandbox({ clock, quota: false })`, on a virtual clock. After each refresh, every balance shown is compared with the sandbox's state: a withdrawal must never leave the old balance on screen.",
    "",
    table(["", "value"], rows),
    ...(result.upstreamPerMinute > result.quotaPerMinute
      ? [
          "",
          `This page needs ${fixed(result.upstreamPerMinute)} requests a minute even with the cache, more than CoinImp's ${fixed(result.quotaPerMinute)}: under the default quota its refreshes would queue and lag behind (never fail). Longer TTLs (\`{ cache: { ttl } }\` per call) or a slower refresh are the levers.`,
        ]
      : []),
  ].join("\n");
  return { title: "Cache", checks, body };
}

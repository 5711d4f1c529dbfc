/**
 * Quota-schedule fidelity: N distinct calls (distinct, so the cache cannot answer any) fired at
 * once through a default CoinImp client against the sandbox's real quota, the client and the
 * sandbox on one virtual clock. The fastest schedule the quota allows is a full burst at t = 0,
 * then one call per token period; the client should finish within one period of it and never be
 * refused (a refusal costs a 503 and a pause).
 */

import { COINIMP_QUOTA, CoinImp } from "@cointap/coinimp";
import { DEFAULT_COINIMP_QUOTA } from "@cointap/sandbox";
import type { Check, Section } from "./check.js";
import { runUntil } from "./drive.js";
import { duration, integer, table } from "./markdown.js";
import { sandboxWorld, siteMining } from "./sandbox-world.js";
import { until } from "./until.js";

const CALLS = 100;

export interface QuotaScheduleResult {
  calls: number;
  /** The server's quota, which defines the fastest possible schedule. */
  quota: { capacity: number; refill: number; interval: number };
  /** The quota the client applies by default. */
  clientQuota: { capacity: number; refill: number; interval: number };
  /** Virtual ms from the first call to the last one settled. */
  makespanMs: number;
  /** A burst of `capacity` at t = 0, then one per token period. */
  minimumMs: number;
  differenceMs: number;
  /** Milliseconds between two tokens of the server's quota. */
  periodMs: number;
  withinOnePeriod: boolean;
  requests: number;
  refused503: number;
  failed: number;
  sentAtZero: number;
  /** Distinct gaps between consecutive requests after the burst, in ms. */
  gapsAfterBurstMs: number[];
  realMs: number;
}

export async function measureQuotaSchedule(): Promise<QuotaScheduleResult> {
  const started = performance.now();
  const { clock, sandbox, wire } = sandboxWorld("bench-quota-schedule");
  const site = siteMining(sandbox, "MINTME");
  const users = Array.from({ length: CALLS }, (_, index) => `bench-user-${index}`);
  for (const name of users) {
    site.users.set(name, { name, hashes: 1_000_000, withdrawn: 0, hashRate: "1.0" });
  }
  // Each call reaches the quota (queued, or sent at once) after some async work of its own; the
  // clock may move only once all of them have, or a late one would be queued "after" t = 0.
  const arrived = new Set<string>();
  const client = new CoinImp({
    ...sandbox.credentials.coinimp,
    fetch: wire.fetch,
    clock,
    hooks: {
      onQueued: ({ url }) => arrived.add(url),
      onRequest: ({ url }) => arrived.add(url),
    },
  });

  let settled = 0;
  let failed = 0;
  let lastSettledAt = 0;
  for (const user of users) {
    client.users.balance({ siteKey: site.siteKey, user }).then(
      () => {
        settled++;
        lastSettledAt = clock.now();
      },
      () => {
        settled++;
        failed++;
        lastSettledAt = clock.now();
      },
    );
  }

  await until(() => arrived.size === CALLS, `all ${CALLS} calls to reach the quota`);
  const quota = DEFAULT_COINIMP_QUOTA;
  const periodMs = quota.interval / quota.refill;
  const minimumMs = Math.max(0, CALLS - quota.capacity) * periodMs;
  // Bounded: ten minutes of virtual time past the minimum is a schedule gone wrong, not a slow one.
  await runUntil(clock, wire.settle, () => settled === CALLS, { maxTime: minimumMs + 600_000 });

  const sentAt = sandbox.requests.map((request) => request.at);
  const afterBurst = sentAt.slice(quota.capacity);
  const gaps = afterBurst.map((at, index) => at - (sentAt[quota.capacity + index - 1] ?? 0));
  return {
    calls: CALLS,
    quota: { ...quota },
    clientQuota: { ...COINIMP_QUOTA },
    makespanMs: lastSettledAt,
    minimumMs,
    differenceMs: lastSettledAt - minimumMs,
    periodMs,
    withinOnePeriod: Math.abs(lastSettledAt - minimumMs) <= periodMs,
    requests: sandbox.requests.length,
    refused503: sandbox.requests.filter((request) => request.status === 503).length,
    failed,
    sentAtZero: sentAt.filter((at) => at === 0).length,
    gapsAfterBurstMs: [...new Set(gaps)].sort((a, b) => a - b),
    realMs: performance.now() - started,
  };
}

export function quotaScheduleReport(result: QuotaScheduleResult): Section {
  const { capacity, refill, interval } = result.quota;
  const checks: Check[] = [
    {
      figure: `Quota schedule: makespan of ${result.calls} distinct calls − minimum`,
      value: `${duration(result.differenceMs)}`,
      target: `within one refill interval (${integer(result.periodMs)} ms)`,
      pass: result.withinOnePeriod,
    },
    {
      figure: "Quota schedule: 503s answered by the sandbox",
      value: String(result.refused503),
      target: "0",
      pass: result.refused503 === 0,
    },
    {
      figure: "Quota schedule: calls that failed",
      value: String(result.failed),
      target: "0",
      pass: result.failed === 0,
    },
  ];
  const rows = [
    ["calls (distinct `users.balance`)", integer(result.calls)],
    ["server quota (sandbox)", `${capacity} at once, then ${refill} per ${interval / 1000} s`],
    [
      "client quota (`COINIMP_QUOTA`)",
      `${result.clientQuota.capacity} at once, then ${result.clientQuota.refill} per ${result.clientQuota.interval / 1000} s`,
    ],
    ["makespan (virtual)", duration(result.makespanMs)],
    [
      "theoretical minimum",
      `${duration(result.minimumMs)} = (${result.calls} − ${capacity}) × ${integer(result.periodMs)} ms`,
    ],
    ["difference", duration(result.differenceMs)],
    ["requests the sandbox received", integer(result.requests)],
    ["of which 503", integer(result.refused503)],
    ["sent at t = 0", integer(result.sentAtZero)],
    ["gaps between requests after the burst", result.gapsAfterBurstMs.map(integer).join(", ")],
    ["real time to simulate", `${integer(result.realMs)} ms`],
  ];
  const body = [
    "All calls start at t = 0 through `new CoinImp({ fetch: sandbox.fetch, clock })` (default quota, default cache) against `createSandbox({ clock })` with its real CoinImp quota; the clock is virtual and shared, and moves from one timer to the next once the in-process work has settled. The makespan is the virtual time at which the last call settled.",
    "",
    table(["", "value"], rows),
  ].join("\n");
  return { title: "Quota schedule", checks, body };
}

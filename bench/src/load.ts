/**
 * The quota queue under load: 10 000 calls waiting for a token at once (a batch job started
 * against an exhausted quota), then all abandoned through their signal. Reported: the heap
 * before, with all of them queued, and after the abort and a full GC — what one waiting call
 * costs, and that nothing is kept once they are gone — and that an abandoned call is never sent,
 * even once the quota refills (README: "`signal` abandons a wait (the call is never sent)").
 *
 * Run twice: with the client's default cache (what users get) and with `cache: false` (the
 * queue alone), so a difference between the two points at the cache.
 */

import { setMaxListeners } from "node:events";
import { COINIMP_QUOTA, CoinImp, RateLimiter } from "@cointap/coinimp";
import type { Check, Section } from "./check.js";
import { advanceTo } from "./drive.js";
import { collectGarbage } from "./gc.js";
import { bytes, duration, fixed, integer, table } from "./markdown.js";
import { settlingFetch } from "./settling-fetch.js";
import { until } from "./until.js";
import { VirtualClock } from "./virtual-clock.js";

const QUEUED = 10_000;
/** After the abort, time moves this far (virtual ms): long enough for the quota to send 30 calls. */
const AFTER_ABORT_MS = 10 * 60_000;
/**
 * After the abort and GC, the heap may keep at most this share of what a queued call cost. The
 * heap moves by tens of bytes per call from run to run whatever the client does (measured here:
 * 15–100 B); a call that is kept whole keeps its full cost.
 */
const MAX_RETAINED_SHARE = 0.05;

const SITE_KEY = "d".repeat(64);
const BALANCE = {
  status: "success",
  message: { name: "x", pending: 0.1, withdrawn: 0, hashes: 1, hashRate: "1.0" },
};

interface Variant {
  label: string;
  cache: false | undefined;
}

const VARIANTS: Variant[] = [
  { label: "default cache", cache: undefined },
  { label: "`cache: false`", cache: false },
];

export interface LoadRun {
  label: string;
  queued: number;
  heapBefore: number;
  heapQueued: number;
  heapAfter: number;
  bytesPerQueuedCall: number;
  retainedPerCall: number;
  settled: number;
  rejectedWithReason: number;
  /** Calls the limiter still held once every caller had been answered. */
  stillQueuedAfterAbort: number;
  /** Requests sent in the virtual minutes after the abort, for callers long gone. */
  sentAfterAbort: number;
  queueMs: number;
  abortMs: number;
}

export interface LoadResult {
  runs: LoadRun[];
  afterAbortMs: number;
  maxRetainedShare: number;
}

export async function measureLoad(): Promise<LoadResult> {
  const runs: LoadRun[] = [];
  for (const variant of VARIANTS) runs.push(await loadOnce(variant));
  return { runs, afterAbortMs: AFTER_ABORT_MS, maxRetainedShare: MAX_RETAINED_SHARE };
}

async function loadOnce({ label, cache }: Variant): Promise<LoadRun> {
  const clock = new VirtualClock();
  const limiter = new RateLimiter({ ...COINIMP_QUOTA, clock });
  const wire = settlingFetch(async () => Response.json(BALANCE));
  const client = new CoinImp({
    publicKey: "e".repeat(64),
    privateKey: "f".repeat(64),
    clock,
    rateLimit: limiter,
    fetch: wire.fetch,
    ...(cache === false ? { cache } : {}),
  });
  const balance = (user: string, signal?: AbortSignal) =>
    client.users.balance({ siteKey: SITE_KEY, user }, { signal });

  // Empty the bucket first (and load everything a call needs), so every later call must wait.
  await Promise.all(
    Array.from({ length: limiter.capacity }, (_, index) => balance(`burst-${index}`)),
  );
  await collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;

  const outcome = await queueAndAbort(limiter, balance);
  await wire.settle();
  const stillQueuedAfterAbort = limiter.queued;
  await collectGarbage();
  const heapAfter = process.memoryUsage().heapUsed;

  const sentBefore = wire.sent;
  await advanceTo(clock, wire.settle, clock.now() + AFTER_ABORT_MS);
  return {
    label,
    queued: QUEUED,
    heapBefore,
    heapQueued: outcome.heapQueued,
    heapAfter,
    bytesPerQueuedCall: (outcome.heapQueued - heapBefore) / QUEUED,
    retainedPerCall: (heapAfter - heapBefore) / QUEUED,
    settled: outcome.settled,
    rejectedWithReason: outcome.rejectedWithReason,
    stillQueuedAfterAbort,
    sentAfterAbort: wire.sent - sentBefore,
    queueMs: outcome.queueMs,
    abortMs: outcome.abortMs,
  };
}

/** In a function of its own, so nothing it made is still referenced when the heap is measured. */
async function queueAndAbort(
  limiter: RateLimiter,
  balance: (user: string, signal?: AbortSignal) => Promise<unknown>,
) {
  const controller = new AbortController();
  // One signal for the whole batch, listened to by every waiting call: that is not a leak.
  setMaxListeners(QUEUED * 4, controller.signal);
  const reason = new Error("bench: batch abandoned");
  let settled = 0;
  let rejectedWithReason = 0;
  const queueStarted = performance.now();
  const calls = Array.from({ length: QUEUED }, (_, index) =>
    balance(`user-${index}`, controller.signal).then(
      () => {
        settled++;
      },
      (error: unknown) => {
        settled++;
        if (error === reason) rejectedWithReason++;
      },
    ),
  );
  await until(() => limiter.queued === QUEUED, "all calls to queue");
  const queueMs = performance.now() - queueStarted;
  await collectGarbage();
  const heapQueued = process.memoryUsage().heapUsed;

  const abortStarted = performance.now();
  controller.abort(reason);
  await Promise.all(calls);
  const abortMs = performance.now() - abortStarted;
  return { heapQueued, settled, rejectedWithReason, queueMs, abortMs };
}

export function loadReport(result: LoadResult): Section {
  const checks = result.runs.flatMap((run): Check[] => [
    {
      figure: `Load (${run.label}): ${integer(run.queued)} queued calls aborted`,
      value: `${integer(run.rejectedWithReason)} rejected with the reason; ${integer(run.stillQueuedAfterAbort)} left in the queue, ${integer(run.sentAfterAbort)} sent in the next ${result.afterAbortMs / 60_000} min`,
      target: "all settle with the reason; none left queued, none sent",
      pass:
        run.settled === run.queued &&
        run.rejectedWithReason === run.queued &&
        run.stillQueuedAfterAbort === 0 &&
        run.sentAfterAbort === 0,
    },
    {
      figure: `Load (${run.label}): heap per queued call`,
      value: `${integer(run.bytesPerQueuedCall)} B queued; ${fixed(run.retainedPerCall)} B kept after abort + GC`,
      target: `≤ ${fixed(result.maxRetainedShare * 100, 0)} % of a queued call kept`,
      pass: run.retainedPerCall <= result.maxRetainedShare * run.bytesPerQueuedCall,
    },
  ]);
  const rows: [string, (run: LoadRun) => string][] = [
    ["heap used before", (run) => bytes(run.heapBefore)],
    ["with all calls queued", (run) => bytes(run.heapQueued)],
    ["after aborting all + GC", (run) => bytes(run.heapAfter)],
    ["per queued call", (run) => `${integer(run.bytesPerQueuedCall)} B`],
    ["kept per call after the abort", (run) => `${fixed(run.retainedPerCall)} B`],
    [
      "callers answered (with the abort reason)",
      (run) => `${integer(run.settled)} (${integer(run.rejectedWithReason)})`,
    ],
    ["still in the quota queue after the abort", (run) => integer(run.stillQueuedAfterAbort)],
    [
      `sent in the ${result.afterAbortMs / 60_000} min after the abort`,
      (run) => integer(run.sentAfterAbort),
    ],
    ["time to queue them all (real)", (run) => `${integer(run.queueMs)} ms`],
    ["time from abort to all answered (real)", (run) => `${integer(run.abortMs)} ms`],
  ];
  const body = [
    `\`new CoinImp({ rateLimit: new RateLimiter({ ...COINIMP_QUOTA, clock }), clock, fetch: stub })\`, its bucket emptied by a first burst, then ${integer(result.runs[0]?.queued ?? 0)} distinct \`users.balance\` calls sharing one \`AbortSignal\` on a clock that does not move, so all of them wait; then the signal aborts, the heap is measured after a full GC (\`node --expose-gc\`), and the clock moves ${duration(result.afterAbortMs)} to see whether anything abandoned is still sent.`,
    "",
    table(
      ["", ...result.runs.map((run) => run.label)],
      rows.map(([name, value]) => [name, ...result.runs.map(value)]),
    ),
  ].join("\n");
  return { title: `Load: ${integer(result.runs[0]?.queued ?? 0)} queued calls`, checks, body };
}

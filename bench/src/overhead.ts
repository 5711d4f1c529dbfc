/**
 * Per-call overhead: the CoinImp client (quota and cache off, so every call goes to the server)
 * against three hand-written baselines (balance-calls.ts) — bare `fetch`; `fetch` with a timeout
 * covering the body, the least any client that times out can cost; ofetch, the engine the client
 * runs on — for the same request to the same loopback server in another process (so the server's
 * work never competes with the measured code for this process's event loop or heap).
 *
 * All four run in one process, in rounds of the same number of calls. The order rotates from one
 * round to the next (client first, then baseline 1 first, …), so each side runs in each position
 * equally often and a drift of the machine (another process, CPU frequency) or a side's leftovers
 * hit all of them alike. Each figure is the median over rounds of client ÷ baseline within the same
 * round, which one disturbed round cannot move.
 */

import { ofetch } from "ofetch";
import {
  type Call,
  clientCall,
  fetchCall,
  fetchWithTimeoutCall,
  ofetchCall,
  TIMEOUT_MS,
  withdrawnOf,
} from "./balance-calls.js";
import type { Check, Section } from "./check.js";
import { type RunningServer, startServer } from "./child-process.js";
import { collectGarbage } from "./gc.js";
import { fixed, mark, signed, table } from "./markdown.js";
import { distFile } from "./paths.js";
import { median, pairedRatios, round } from "./stats.js";

/** A multiple of the four sides: every order of the rotation runs equally often. */
const ROUNDS = 12;
const CALLS_PER_ROUND = 1_000;
/** Calls of each side before measuring: JIT, the connection pool, whatever the client loads lazily. */
const WARM_UP_CALLS = 1_000;
const TIME_LIMIT_MS = 240_000;

type SideKey = "client" | "fetch" | "fetchWithTimeout" | "ofetch";
type BaselineKey = Exclude<SideKey, "client">;

interface Side {
  key: SideKey;
  call: Call;
}

/** What the client is held to against each baseline; `undefined`: reported only. */
const TARGETS: Record<BaselineKey, number | undefined> = {
  fetch: undefined,
  fetchWithTimeout: 1.12,
  ofetch: 1.05,
};

const LABELS: Record<SideKey, string> = {
  client: "client",
  fetch: "1: fetch",
  fetchWithTimeout: "2: fetch + timeout",
  ofetch: "3: ofetch",
};
/** For the per-round table's narrow columns. */
const SHORT: Record<SideKey, string> = {
  client: "C",
  fetch: "1",
  fetchWithTimeout: "2",
  ofetch: "3",
};

export interface OverheadResult {
  server: string;
  rounds: number;
  callsPerRound: number;
  warmUpCalls: number;
  timeoutMs: number;
  /** The order the sides ran in, round by round. */
  orders: SideKey[][];
  sides: {
    key: SideKey;
    /** µs per call in each round, in round order. */
    roundsUs: number[];
    medianUs: number;
  }[];
  /** The client against each baseline. */
  ratios: {
    baseline: BaselineKey;
    /** Client round ÷ the baseline's round in the same round. */
    perRound: number[];
    median: number;
    target: number | undefined;
  }[];
}

export async function measureOverhead(): Promise<OverheadResult> {
  const server = await startServer(process.execPath, [distFile("coinimp-stub-server.js")]);
  // A bound on the whole benchmark: a server that stops answering is stopped, so the next call
  // fails at once (connection refused) instead of waiting out its timeout, call after call.
  const watchdog = setTimeout(() => void server.stop(), TIME_LIMIT_MS);
  try {
    return await measureAgainst(server);
  } finally {
    clearTimeout(watchdog);
    await server.stop();
  }
}

async function measureAgainst(server: RunningServer): Promise<OverheadResult> {
  // ofetch is imported with this module, long before timing; the client loads it on its first
  // call, which the warm-up makes.
  const sides: Side[] = [
    { key: "client", call: clientCall(server.url) },
    { key: "fetch", call: fetchCall(server.url) },
    { key: "fetchWithTimeout", call: fetchWithTimeoutCall(server.url) },
    { key: "ofetch", call: ofetchCall(server.url, ofetch) },
  ];
  await sameAnswer(sides);
  for (const side of sides) await repeat(side.call, WARM_UP_CALLS);
  const roundsUs = new Map<SideKey, number[]>(sides.map((side) => [side.key, []]));
  const orders: SideKey[][] = [];
  for (let index = 0; index < ROUNDS; index++) {
    const order = rotate(sides, index);
    orders.push(order.map((side) => side.key));
    for (const side of order) roundsUs.get(side.key)?.push(await timeRound(side.call));
  }
  const client = roundsUs.get("client") ?? [];
  return {
    server: "bench/src/coinimp-stub-server.ts, its own process, 127.0.0.1",
    rounds: ROUNDS,
    callsPerRound: CALLS_PER_ROUND,
    warmUpCalls: WARM_UP_CALLS,
    timeoutMs: TIMEOUT_MS,
    orders,
    sides: sides.map((side) => {
      const us = roundsUs.get(side.key) ?? [];
      return { key: side.key, roundsUs: us, medianUs: median(us) };
    }),
    ratios: (Object.keys(TARGETS) as BaselineKey[]).map((baseline) => {
      const perRound = pairedRatios(client, roundsUs.get(baseline) ?? []).map((ratio) =>
        round(ratio, 4),
      );
      return { baseline, perRound, median: median(perRound), target: TARGETS[baseline] };
    }),
  };
}

/** `items` starting at `by` (mod its length), wrapping around. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Every side must be doing the same work: the same balance, read from the same server. */
async function sameAnswer(sides: readonly Side[]): Promise<void> {
  const answers = await Promise.all(sides.map(async (side) => withdrawnOf(await side.call())));
  if (answers[0] === undefined || answers.some((answer) => answer !== answers[0])) {
    const seen = Object.fromEntries(sides.map((side, index) => [side.key, answers[index]]));
    throw new Error(`the sides disagree on the balance: ${JSON.stringify(seen)}`);
  }
}

async function repeat(call: Call, times: number): Promise<void> {
  for (let index = 0; index < times; index++) await call();
}

/** µs per call over one round of sequential calls. */
async function timeRound(call: Call): Promise<number> {
  // Each round starts with a clean heap, so one side never pays for another's garbage.
  await collectGarbage();
  const started = performance.now();
  await repeat(call, CALLS_PER_ROUND);
  return round(((performance.now() - started) * 1000) / CALLS_PER_ROUND);
}

export function overheadReport(result: OverheadResult): Section {
  const us = (key: SideKey) =>
    result.sides.find((side) => side.key === key)?.medianUs ?? Number.NaN;
  const clientUs = us("client");
  const checks: Check[] = result.ratios.map((ratio) => ({
    figure: `Per-call overhead: client ÷ ${LABELS[ratio.baseline]} (loopback)`,
    value: `${fixed(ratio.median, 3)}× (${fixed(clientUs)} µs vs ${fixed(us(ratio.baseline))} µs)`,
    target: ratio.target === undefined ? "reported only" : `≤ ${ratio.target}×`,
    pass: ratio.target === undefined ? undefined : ratio.median <= ratio.target,
  }));
  const summary = [
    ["client", fixed(clientUs), "—", "—", "—", ""],
    ...result.ratios.map((ratio) => [
      LABELS[ratio.baseline],
      fixed(us(ratio.baseline)),
      `${fixed(ratio.median, 3)}×`,
      signed(clientUs - us(ratio.baseline)),
      ratio.target === undefined ? "reported only" : `≤ ${ratio.target}×`,
      mark(ratio.target === undefined ? undefined : ratio.median <= ratio.target),
    ]),
  ];
  const perRound = result.orders.map((order, index) => [
    String(index + 1),
    order.map((key) => SHORT[key]).join(" "),
    ...result.sides.map((side) => fixed(side.roundsUs[index] ?? Number.NaN)),
    ...result.ratios.map((ratio) => fixed(ratio.perRound[index] ?? Number.NaN, 3)),
  ]);
  const body = [
    `\`users.balance\` through \`new CoinImp({ rateLimit: false, cache: false })\` against three baselines sending the same URL with the same headers and parsing the whole body: **1** \`fetch\` + \`res.json()\`; **2** the same with a per-request \`AbortController\` and a ${result.timeoutMs} ms \`setTimeout\`, cleared once the body is read (the least any client that times out the body can cost); **3** \`ofetch(url, { headers, timeout: ${result.timeoutMs}, retry: 0 })\`, the client's engine used directly (imported before timing). One process, ${result.callsPerRound} sequential calls per round after ${result.warmUpCalls} warm-up calls of each side, ${result.rounds} rounds whose order rotates (C = client), a full GC before each side's round. Server: ${result.server}.`,
    "",
    table(
      [
        "side",
        "median µs/call",
        "client ÷ side (median of rounds)",
        "client − side µs",
        "target",
        "",
      ],
      summary,
    ),
    "",
    table(
      [
        "round",
        "order",
        ...result.sides.map((side) => `${LABELS[side.key]} µs`),
        ...result.ratios.map((ratio) => `client ÷ ${SHORT[ratio.baseline]}`),
      ],
      perRound,
    ),
    "",
    "The ratios are medians of the per-round ratios, not ratios of the medians. On a real network a call takes tens of milliseconds, so loopback is the worst case.",
  ].join("\n");
  return { title: "Per-call overhead", checks, body };
}

/**
 * Per-call overhead: the CoinImp client (quota and cache off, so every call goes to the server)
 * against what a user would write by hand — `fetch` and `JSON.parse` — for the same request to the
 * same loopback server in another process (so the server's work never competes with the measured
 * code for this process's event loop or heap). Rounds alternate, client then raw, so a drift of
 * the machine (another process, CPU frequency) hits both sides alike; the figure is the median of
 * the per-round ratios, which one disturbed round cannot move.
 */

import { CoinImp } from "@cointap/coinimp";
import type { Check, Section } from "./check.js";
import { type RunningServer, startServer } from "./child-process.js";
import { collectGarbage } from "./gc.js";
import { fixed, table } from "./markdown.js";
import { distFile } from "./paths.js";
import { median, pairedRatios, round } from "./stats.js";

const ROUNDS = 11;
const CALLS_PER_ROUND = 1_000;
/** Calls of each kind before measuring: JIT, the connection pool, whatever the client loads lazily. */
const WARM_UP_CALLS = 1_000;
const TARGET_RATIO = 1.05;
const TIME_LIMIT_MS = 180_000;

// Made-up keys of the right form: the stub server does not check them, but they are sent.
const PUBLIC_KEY = "a".repeat(64);
const PRIVATE_KEY = "b".repeat(64);
const SITE_KEY = "c".repeat(64);

export interface OverheadResult {
  server: string;
  rounds: number;
  callsPerRound: number;
  /** µs per call in each client round, in order. */
  clientRounds: number[];
  rawRounds: number[];
  clientMedianUs: number;
  rawMedianUs: number;
  /** Client round ÷ the raw round that followed it. */
  ratios: number[];
  medianRatio: number;
  target: number;
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
  const viaClient = clientCall(server.url);
  const viaRaw = rawCall(server.url);
  await sameAnswer(viaClient, viaRaw);
  await repeat(viaClient, WARM_UP_CALLS);
  await repeat(viaRaw, WARM_UP_CALLS);
  const clientRounds: number[] = [];
  const rawRounds: number[] = [];
  for (let index = 0; index < ROUNDS; index++) {
    clientRounds.push(await timeRound(viaClient));
    rawRounds.push(await timeRound(viaRaw));
  }
  const ratios = pairedRatios(clientRounds, rawRounds).map((ratio) => round(ratio, 4));
  return {
    server: "bench/src/coinimp-stub-server.ts, its own process, 127.0.0.1",
    rounds: ROUNDS,
    callsPerRound: CALLS_PER_ROUND,
    clientRounds,
    rawRounds,
    clientMedianUs: median(clientRounds),
    rawMedianUs: median(rawRounds),
    ratios,
    medianRatio: median(ratios),
    target: TARGET_RATIO,
  };
}

type Call = () => Promise<unknown>;

function clientCall(url: string): Call {
  const client = new CoinImp({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseURL: `${url}/api/v2`,
    rateLimit: false,
    cache: false,
  });
  return () => client.users.balance({ siteKey: SITE_KEY, user: "alice" });
}

/** The hand-written equivalent: same URL, same headers, the body parsed, the status checked. */
function rawCall(url: string): Call {
  const target = `${url}/api/v2/user/balance?site-key=${SITE_KEY}&user=alice`;
  const headers = { accept: "application/json", "X-API-ID": PUBLIC_KEY, "X-API-KEY": PRIVATE_KEY };
  return async () => {
    const response = await fetch(target, { headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
    return JSON.parse(text);
  };
}

/** Both sides must be doing the same work: the same balance, read from the same server. */
async function sameAnswer(viaClient: Call, viaRaw: Call): Promise<void> {
  const client = (await viaClient()) as { withdrawn?: unknown };
  const raw = (await viaRaw()) as { message?: { withdrawn?: unknown } };
  if (client.withdrawn === undefined || client.withdrawn !== raw.message?.withdrawn) {
    throw new Error(`client and raw calls disagree: ${JSON.stringify({ client, raw })}`);
  }
}

async function repeat(call: Call, times: number): Promise<void> {
  for (let index = 0; index < times; index++) await call();
}

/** µs per call over one round of sequential calls. */
async function timeRound(call: Call): Promise<number> {
  // Each round starts with a clean heap, so one side never pays for the other's garbage.
  await collectGarbage();
  const started = performance.now();
  await repeat(call, CALLS_PER_ROUND);
  return round(((performance.now() - started) * 1000) / CALLS_PER_ROUND);
}

export function overheadReport(result: OverheadResult): Section {
  const checks: Check[] = [
    {
      figure: "Per-call overhead (client ÷ raw fetch, loopback)",
      value: `${fixed(result.medianRatio, 3)}× (${fixed(result.clientMedianUs)} µs vs ${fixed(result.rawMedianUs)} µs)`,
      target: `≤ ${result.target}×`,
      pass: result.medianRatio <= result.target,
    },
  ];
  const rows = result.ratios.map((ratio, index) => [
    String(index + 1),
    fixed(result.clientRounds[index] ?? Number.NaN),
    fixed(result.rawRounds[index] ?? Number.NaN),
    fixed(ratio, 3),
  ]);
  const body = [
    `\`users.balance\` through \`new CoinImp({ rateLimit: false, cache: false })\` against \`fetch\` + \`JSON.parse\` of the same URL with the same headers, ${result.callsPerRound} sequential calls per round after ${WARM_UP_CALLS} warm-up calls of each, ${result.rounds} alternating rounds (client, raw, client, …). Server: ${result.server}.`,
    "",
    table(["round", "client µs/call", "raw µs/call", "ratio"], rows),
    "",
    `Median per call: client **${fixed(result.clientMedianUs)} µs**, raw **${fixed(result.rawMedianUs)} µs**; median of the per-round ratios **${fixed(result.medianRatio, 3)}×** (added per call: ${fixed(result.clientMedianUs - result.rawMedianUs)} µs). On a real network a call takes tens of milliseconds, so this is the worst case.`,
  ].join("\n");
  return { title: "Per-call overhead", checks, body };
}

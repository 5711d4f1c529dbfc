/**
 * First-request cost: the client loads its HTTP engine (ofetch) on its first request, not at
 * import, so a short-lived process pays it once, on that request. Measured as the first call's
 * time minus the second's in a fresh `node` (first-request-probe.ts), for the client and, as the
 * reference, for bare `fetch`, whose first call also pays what any first request pays (the first
 * connection, fetch's own first run). What the client's first call adds is the difference of the
 * two medians. Runs alternate (fetch, client, fetch, …) against one stub server in its own
 * process; reported, no target.
 */

import type { Check, Section } from "./check.js";
import { runToEnd, startServer } from "./child-process.js";
import { fixed, signed, table } from "./markdown.js";
import { BENCH_DIR, distFile } from "./paths.js";
import { median, round } from "./stats.js";

const ROUNDS = 15;
/** One probe never takes this long; one that does fails the benchmark. */
const RUN_TIMEOUT_MS = 30_000;
const MODES = ["fetch", "client"] as const;
type Mode = (typeof MODES)[number];

export interface FirstRequestResult {
  rounds: number;
  modes: {
    mode: Mode;
    firstMs: number[];
    secondMs: number[];
    /** Median of first − second, run by run. */
    extraMs: number;
  }[];
  /** The client's extra minus bare fetch's: what the client's first request adds. */
  clientAddsMs: number;
}

interface Probe {
  firstMs: number;
  secondMs: number;
}

export async function measureFirstRequest(): Promise<FirstRequestResult> {
  const server = await startServer(process.execPath, [distFile("coinimp-stub-server.js")]);
  try {
    // One untimed run of each: the OS file cache, not the client, would make the first one slow.
    for (const mode of MODES) await probe(mode, server.url);
    const runs = new Map<Mode, Probe[]>(MODES.map((mode) => [mode, []]));
    for (let index = 0; index < ROUNDS; index++) {
      for (const mode of MODES) runs.get(mode)?.push(await probe(mode, server.url));
    }
    const modes = MODES.map((mode) => {
      const probes = runs.get(mode) ?? [];
      return {
        mode,
        firstMs: probes.map((run) => round(run.firstMs)),
        secondMs: probes.map((run) => round(run.secondMs)),
        extraMs: round(median(probes.map((run) => run.firstMs - run.secondMs))),
      };
    });
    const extra = (mode: Mode) => modes.find((entry) => entry.mode === mode)?.extraMs ?? Number.NaN;
    return { rounds: ROUNDS, modes, clientAddsMs: round(extra("client") - extra("fetch")) };
  } finally {
    await server.stop();
  }
}

async function probe(mode: Mode, url: string): Promise<Probe> {
  const run = await runToEnd(process.execPath, [distFile("first-request-probe.js"), mode, url], {
    cwd: BENCH_DIR,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  if (run.code !== 0) {
    throw new Error(`the ${mode} probe failed (exit ${run.code}): ${run.stderr}${run.stdout}`);
  }
  return JSON.parse(run.stdout) as Probe;
}

export function firstRequestReport(result: FirstRequestResult): Section {
  const client = result.modes.find((entry) => entry.mode === "client");
  const checks: Check[] = [
    {
      figure: "First request: client's first call − its second (fresh process)",
      value: `${signed(client?.extraMs ?? Number.NaN)} ms (${signed(result.clientAddsMs)} ms more than bare fetch's)`,
      target: "reported only",
      pass: undefined,
    },
  ];
  const rows = result.modes.map((entry) => [
    entry.mode === "client" ? "client (`users.balance`)" : "bare `fetch` + `res.json()`",
    fixed(median(entry.firstMs)),
    fixed(median(entry.secondMs)),
    signed(entry.extraMs),
  ]);
  const body = [
    `A fresh \`node\` per run (first-request-probe.ts), ${result.rounds} alternating rounds of each against one stub server in its own process; both modes import the client and load Node's fetch before timing, and open their first connection on their first call.`,
    "",
    table(["first two requests via", "first ms", "second ms", "first − second ms (median)"], rows),
    "",
    `The client's first request costs **${signed(result.clientAddsMs)} ms** more than bare fetch's first: loading its engine (ofetch) and running its own code for the first time. Every later request is the per-call overhead.`,
  ].join("\n");
  return { title: "First request", checks, body };
}

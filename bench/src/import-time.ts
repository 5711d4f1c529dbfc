/**
 * Cold import time: how much longer `node` takes to start, import a package (its built `dist/`,
 * as users get it) and exit than to start and exit with nothing to do. Each package is imported
 * by name from `bench/`, resolved as a user's project resolves it. Runs alternate (baseline, core,
 * coinimp, mixcoins, baseline, …) so a drift of the machine hits all alike; each figure is the
 * median of its runs minus the median of the baseline runs.
 *
 * The baseline is a bare `node -e 0`, so each figure also holds the start of Node's ESM loader
 * (a few ms): what a user's CommonJS script would pay on its first `import()` of the package.
 */

import { spawnSync } from "node:child_process";
import type { Check, Section } from "./check.js";
import { fixed, signed, table } from "./markdown.js";
import { BENCH_DIR } from "./paths.js";
import { median, round } from "./stats.js";

const ROUNDS = 15;
/** Issue #7, re-based for the ofetch engine (loaded on the first request, not at import). */
const TARGET_MS = 45;
/** One `node` start never takes this long; one that does is killed and fails the benchmark. */
const RUN_TIMEOUT_MS = 30_000;
export const IMPORTED_PACKAGES = [
  "@cointap/core",
  "@cointap/coinimp",
  "@cointap/mixcoins",
] as const;

export interface ImportTimeResult {
  rounds: number;
  baselineMs: number[];
  /** `import "node:path"`: Node's ESM loader alone, for reading the packages' figures. */
  loaderMs: number[];
  packages: {
    name: string;
    runsMs: number[];
    medianMs: number;
    /** Median minus the baseline's median. */
    addedMs: number;
  }[];
  target: number;
}

interface Subject {
  name: string;
  args: string[];
}

export function measureImportTime(): ImportTimeResult {
  const baseline: Subject = { name: "node -e 0", args: ["-e", "0"] };
  const loader: Subject = { name: "node:path", args: esmImport("node:path") };
  const subjects: Subject[] = IMPORTED_PACKAGES.map((name) => ({
    name,
    args: esmImport(name),
  }));
  // One untimed run of each: the OS file cache, not the package, would make the first one slow.
  for (const subject of [baseline, loader, ...subjects]) timeRun(subject);
  const baselineMs: number[] = [];
  const loaderMs: number[] = [];
  const runs = subjects.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    baselineMs.push(timeRun(baseline));
    loaderMs.push(timeRun(loader));
    for (const [index, subject] of subjects.entries()) runs[index]?.push(timeRun(subject));
  }
  const base = median(baselineMs);
  return {
    rounds: ROUNDS,
    baselineMs,
    loaderMs,
    packages: subjects.map((subject, index) => {
      const runsMs = runs[index] ?? [];
      return {
        name: subject.name,
        runsMs,
        medianMs: median(runsMs),
        addedMs: median(runsMs) - base,
      };
    }),
    target: TARGET_MS,
  };
}

function esmImport(specifier: string): string[] {
  return ["--input-type=module", "-e", `import ${JSON.stringify(specifier)};`];
}

/** Wall time of one `node` process, spawn to exit, in ms. */
function timeRun({ name, args }: Subject): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: BENCH_DIR,
    encoding: "utf8",
    timeout: RUN_TIMEOUT_MS,
  });
  const ms = round(performance.now() - started);
  if (result.status !== 0) {
    throw new Error(`importing ${name} failed (exit ${result.status}): ${result.stderr}`);
  }
  return ms;
}

export function importTimeReport(result: ImportTimeResult): Section {
  const base = median(result.baselineMs);
  const checks: Check[] = result.packages.map((entry) => ({
    figure: `Cold import ${entry.name}`,
    value: `${signed(entry.addedMs)} ms`,
    target: `≤ +${result.target} ms`,
    pass: entry.addedMs <= result.target,
  }));
  const fastestBase = Math.min(...result.baselineMs);
  const row = (name: string, runs: number[]) => [
    name,
    fixed(median(runs)),
    signed(median(runs) - base),
    fixed(Math.min(...runs)),
    signed(Math.min(...runs) - fastestBase),
  ];
  const rows = [
    ["`node -e 0` (baseline)", fixed(base), "—", fixed(fastestBase), "—"],
    row('`import "node:path"` (the ESM loader alone)', result.loaderMs),
    ...result.packages.map((entry) => row(`\`import "${entry.name}"\``, entry.runsMs)),
  ];
  const body = [
    `A fresh \`node\` per run (${process.version}), importing the package's built \`dist/\` by name from \`bench/\`, ${result.rounds} alternating rounds; wall time from spawn to exit. Added = median − median of the baseline.`,
    "",
    table(["run", "median ms", "added ms", "fastest ms", "fastest − fastest baseline"], rows),
    "",
    "The target applies to the median. When the medians sit far above the fastest runs, the machine was busy: the fastest runs show what an idle one would.",
  ].join("\n");
  return { title: "Cold import time", checks, body };
}

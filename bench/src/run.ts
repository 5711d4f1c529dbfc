/**
 * `pnpm bench`: runs every benchmark once, in an order that keeps the timing-sensitive ones away
 * from the CPU-heavy ones (the fuzz runs go last), and writes RESULTS.md and results.json. A
 * benchmark that crashes is reported as such and the others still run; the exit code is non-zero
 * only then — a figure missing its target is reported, not asserted.
 */

import { addressSpeedReport, measureAddressSpeed } from "./address-speed.js";
import { type BundleResult, bundleReport, measureBundles } from "./bundle.js";
import { cacheReport, measureCache } from "./cache.js";
import type { Section } from "./check.js";
import { firstRequestReport, measureFirstRequest } from "./first-request.js";
import { fuzzReport, measureFuzz } from "./fuzz.js";
import { importTimeReport, measureImportTime } from "./import-time.js";
import { loadReport, measureLoad } from "./load.js";
import { describeMachine } from "./machine.js";
import { measureOverhead, overheadReport } from "./overhead.js";
import { measureQuotaSchedule, quotaScheduleReport } from "./quota-schedule.js";
import { writeReport } from "./report.js";

interface Benchmark {
  key: string;
  title: string;
  run(): Promise<{ result: unknown; section: Section }>;
}

function benchmark<T>(
  key: string,
  title: string,
  measure: () => T | Promise<T>,
  report: (result: T) => Section,
): Benchmark {
  return {
    key,
    title,
    run: async () => {
      const result = await measure();
      return { result, section: report(result) };
    },
  };
}

const BENCHMARKS: Benchmark[] = [
  benchmark("overhead", "Per-call overhead", measureOverhead, overheadReport),
  benchmark("importTime", "Cold import time", measureImportTime, importTimeReport),
  benchmark("firstRequest", "First request", measureFirstRequest, firstRequestReport),
  benchmark("quotaSchedule", "Quota schedule", measureQuotaSchedule, quotaScheduleReport),
  benchmark("cache", "Cache", measureCache, cacheReport),
  benchmark("load", "Load", measureLoad, loadReport),
  benchmark("addressSpeed", "Address checks", measureAddressSpeed, addressSpeedReport),
  benchmark<BundleResult>("bundle", "Bundle size", measureBundles, bundleReport),
  benchmark("fuzz", "Fuzz at scale", measureFuzz, fuzzReport),
];

async function main(): Promise<number> {
  const started = performance.now();
  const machine = describeMachine();
  const sections: Section[] = [];
  const results: Record<string, unknown> = {};
  let crashed = 0;
  for (const bench of BENCHMARKS) {
    const benchStarted = performance.now();
    process.stdout.write(`${bench.title}… `);
    try {
      const { result, section } = await bench.run();
      results[bench.key] = result;
      sections.push(section);
    } catch (error) {
      crashed++;
      results[bench.key] = { error: String(error) };
      sections.push(crashedSection(bench.title, error));
    }
    process.stdout.write(`${((performance.now() - benchStarted) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const written = await writeReport({ machine, seconds, sections, results });
  process.stdout.write(
    `\nWrote ${written.markdown} and ${written.json} (${seconds.toFixed(0)} s)\n`,
  );
  for (const check of sections.flatMap((section) => section.checks)) {
    const mark = check.pass === undefined ? "—" : check.pass ? "✓" : "✗";
    process.stdout.write(`  ${mark} ${check.figure}: ${check.value} (target ${check.target})\n`);
  }
  return crashed > 0 ? 1 : 0;
}

function crashedSection(title: string, error: unknown): Section {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    title,
    checks: [{ figure: title, value: "the benchmark crashed", target: "runs", pass: false }],
    body: `The benchmark crashed:\n\n\`\`\`\n${message}\n\`\`\``,
  };
}

process.exitCode = await main();

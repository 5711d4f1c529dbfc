/** RESULTS.md for people and results.json for scripts, from the benchmarks' sections and results. */

import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Check, Section } from "./check.js";
import { runToEnd } from "./child-process.js";
import type { Machine } from "./machine.js";
import { mark, table } from "./markdown.js";
import { BENCH_DIR, REPO_DIR } from "./paths.js";

export interface BenchRun {
  machine: Machine;
  /** Wall time of the whole run, in s. */
  seconds: number;
  sections: Section[];
  /** Each benchmark's raw result, by key (or its error). */
  results: Record<string, unknown>;
}

export async function writeReport(run: BenchRun): Promise<{ markdown: string; json: string }> {
  const markdown = join(BENCH_DIR, "RESULTS.md");
  const json = join(BENCH_DIR, "results.json");
  await writeFile(markdown, renderMarkdown(run));
  await writeFile(json, `${JSON.stringify(renderJson(run), null, 2)}\n`);
  await formatWithBiome([markdown, json]);
  return { markdown, json };
}

/**
 * Both files are committed, and `biome check` (pnpm lint) formats markdown and JSON: written in
 * Biome's own layout, they stay lint-clean. Without Biome (a trimmed install) they stay as written.
 */
async function formatWithBiome(paths: string[]): Promise<void> {
  const biome = join(REPO_DIR, "node_modules", ".bin", "biome");
  try {
    await access(biome);
  } catch {
    return;
  }
  const result = await runToEnd(biome, ["format", "--write", ...paths], {
    cwd: REPO_DIR,
    timeoutMs: 30_000,
  });
  if (result.code !== 0) {
    process.stderr.write(`biome could not format the results:\n${result.stderr}${result.stdout}\n`);
  }
}

function allChecks(run: BenchRun): Check[] {
  return run.sections.flatMap((section) => section.checks);
}

function renderMarkdown(run: BenchRun): string {
  const { machine } = run;
  const checks = allChecks(run);
  const failed = checks.filter((check) => check.pass === false).length;
  return [
    "# cointap benchmarks",
    "",
    `Written by \`pnpm bench\` (see [README.md](README.md)) on ${machine.date}: Node ${machine.node}, ${machine.cpuCount} × ${machine.cpuModel}, ${machine.os}. The run took ${run.seconds.toFixed(0)} s.`,
    "",
    "Timings depend on the machine and on whatever else it was doing; they are reported, never asserted. Quota and cache figures run on a virtual clock and are exact.",
    "",
    "## Summary",
    "",
    table(
      ["figure", "value", "target", ""],
      checks.map((check) => [check.figure, check.value, check.target, mark(check.pass)]),
    ),
    "",
    `${checks.length - failed} of ${checks.length} figures meet their target${failed > 0 ? ` (${failed} ✗)` : ""}.`,
    "",
    ...run.sections.flatMap((section) => [`## ${section.title}`, "", section.body, ""]),
  ].join("\n");
}

function renderJson(run: BenchRun) {
  return {
    machine: run.machine,
    seconds: Number(run.seconds.toFixed(1)),
    checks: allChecks(run),
    results: run.results,
  };
}

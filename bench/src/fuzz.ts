/**
 * The property tests at scale: each package's fuzz files (`test/fuzz*.test.ts`) run with
 * `COINTAP_FUZZ_RUNS=10000`, which makes each file's properties run at least that many times
 * together; the file's last test checks that they did and names the count, which is read back
 * from vitest's JSON report. Run through vitest in the package, on its sources, as `pnpm test`
 * runs them.
 */

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Check, Section } from "./check.js";
import { runToEnd } from "./child-process.js";
import { integer, table } from "./markdown.js";
import { packageDir } from "./paths.js";

export const FUZZ_RUNS = 10_000;
const FUZZED_PACKAGES = ["core", "coinimp", "mixcoins"] as const;
/** Per package: a bound, so a run that hangs is reported instead of stalling the bench. */
const TIMEOUT_MS = 240_000;

export interface FuzzFileResult {
  file: string;
  passed: boolean;
  tests: number;
  failedTests: number;
  /** Runs the file's budget test reports, when it has one. */
  runs: number | undefined;
  /** Each failed test: its name and the first lines of its error. */
  failures: string[];
}

export interface FuzzPackageResult {
  name: string;
  files: FuzzFileResult[];
  /** Files that exist, whether or not vitest reported them. */
  found: string[];
  passed: boolean;
  runs: number;
  seconds: number;
  /** The end of vitest's output when something went wrong. */
  failure?: string;
}

export interface FuzzResult {
  runsRequested: number;
  packages: FuzzPackageResult[];
}

export async function measureFuzz(): Promise<FuzzResult> {
  const packages: FuzzPackageResult[] = [];
  for (const name of FUZZED_PACKAGES) packages.push(await fuzzPackage(name));
  return { runsRequested: FUZZ_RUNS, packages };
}

async function fuzzPackage(name: string): Promise<FuzzPackageResult> {
  const dir = packageDir(name);
  const found = await fuzzFiles(dir);
  if (found.length === 0) {
    return {
      name,
      files: [],
      found,
      passed: false,
      runs: 0,
      seconds: 0,
      failure: "no test/fuzz*.test.ts",
    };
  }
  const scratch = await mkdtemp(join(tmpdir(), "cointap-fuzz-"));
  const report = join(scratch, "report.json");
  try {
    const run = await runToEnd(
      "pnpm",
      [
        "exec",
        "vitest",
        "run",
        ...found.map((file) => `test/${file}`),
        "--reporter=dot",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      {
        cwd: dir,
        env: { ...process.env, COINTAP_FUZZ_RUNS: String(FUZZ_RUNS) },
        timeoutMs: TIMEOUT_MS,
      },
    );
    const files = await readReport(report);
    const runs = files.reduce((sum, file) => sum + (file.runs ?? 0), 0);
    const passed = run.code === 0 && files.length === found.length && files.every((f) => f.passed);
    const result: FuzzPackageResult = { name, files, found, passed, runs, seconds: run.ms / 1000 };
    if (!passed) {
      const why = run.timedOut ? `timed out after ${TIMEOUT_MS / 1000} s\n` : "";
      result.failure = why + tail(`${run.stdout}\n${run.stderr}`);
    }
    return result;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function fuzzFiles(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, "test")).catch(() => [] as string[]);
  return names.filter((file) => /^fuzz.*\.test\.ts$/.test(file)).sort();
}

interface VitestReport {
  testResults?: {
    name: string;
    status: string;
    assertionResults: {
      fullName?: string;
      title: string;
      status: string;
      failureMessages?: string[];
    }[];
  }[];
}

async function readReport(path: string): Promise<FuzzFileResult[]> {
  let report: VitestReport;
  try {
    report = JSON.parse(await readFile(path, "utf8")) as VitestReport;
  } catch {
    return [];
  }
  return (report.testResults ?? []).map((file) => {
    const budget = file.assertionResults.find((test) => /ran at least \d+ times/.test(test.title));
    const stated = budget && /ran at least (\d+) times/.exec(budget.title)?.[1];
    return {
      file: file.name.replace(/^.*\/packages\//, "packages/"),
      passed: file.status === "passed",
      tests: file.assertionResults.length,
      failedTests: file.assertionResults.filter((test) => test.status === "failed").length,
      runs: budget?.status === "passed" && stated ? Number(stated) : undefined,
      failures: file.assertionResults
        .filter((test) => test.status === "failed")
        .map(
          (test) =>
            `${test.fullName ?? test.title}\n${firstLines(test.failureMessages?.[0] ?? "")}`,
        ),
    };
  });
}

function passedValue(entry: FuzzPackageResult): string {
  const time = `${entry.seconds.toFixed(0)} s`;
  const unstated = entry.files.filter((file) => file.runs === undefined).length;
  if (unstated > 0) {
    return `${entry.files.length} file(s) passed, but ${unstated} state no run count (${time})`;
  }
  return `${entry.files.length} file(s) passed, ${integer(entry.runs)} runs (${time})`;
}

function whyFailed(entry: FuzzPackageResult): string {
  if (entry.found.length === 0) return "no test/fuzz*.test.ts";
  const failed = entry.files.reduce((sum, file) => sum + file.failedTests, 0);
  const tests = entry.files.reduce((sum, file) => sum + file.tests, 0);
  if (failed > 0) return `${failed} of ${tests} tests failed (${entry.seconds.toFixed(0)} s)`;
  return entry.failure?.split("\n")[0] ?? "vitest failed, see below";
}

/** The first lines of an error: the message and the counterexample, not the stack. */
function firstLines(message: string, lines = 6): string {
  return (
    stripColours(message)
      .split("\n")
      // Stack frames, fast-check's hint and blank lines say nothing about what failed.
      .filter((line) => line.trim() !== "" && !/^\s*(❯|at |Hint:)/.test(line))
      .slice(0, lines)
      .join("\n")
  );
}

function stripColours(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes.
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/** The last lines of a command's output, without colour codes. */
function tail(output: string, lines = 40): string {
  return stripColours(output).trim().split("\n").slice(-lines).join("\n");
}

export function fuzzReport(result: FuzzResult): Section {
  const checks: Check[] = result.packages.map((entry) => ({
    figure: `Fuzz @cointap/${entry.name}`,
    value: entry.passed ? passedValue(entry) : `failed: ${whyFailed(entry)}`,
    target: `every fuzz file passes, each ≥ ${integer(result.runsRequested)} runs`,
    pass:
      entry.passed &&
      entry.files.every((file) => file.runs !== undefined && file.runs >= result.runsRequested),
  }));
  const rows = result.packages.flatMap((entry) =>
    entry.files.length === 0
      ? [[`@cointap/${entry.name}`, "—", "—", "—", entry.failure ?? "not run"]]
      : entry.files.map((file) => [
          `@cointap/${entry.name}`,
          `\`${file.file}\``,
          `${file.tests - file.failedTests}/${file.tests}`,
          file.runs === undefined ? "not reported" : integer(file.runs),
          file.passed ? "passed" : "failed",
        ]),
  );
  const failures = result.packages
    .filter((entry) => !entry.passed)
    .map((entry) => {
      const tests = entry.files.flatMap((file) => file.failures);
      const detail = tests.length > 0 ? tests.join("\n\n") : (entry.failure ?? "no detail");
      return `Failures in @cointap/${entry.name}:\n\n\`\`\`\n${detail}\n\`\`\``;
    });
  const body = [
    `\`COINTAP_FUZZ_RUNS=${result.runsRequested} pnpm exec vitest run test/fuzz*.test.ts\` in each package. Runs are those the file's own budget test states it made (the properties of a file together).`,
    "",
    table(["package", "file", "tests passed", "runs", "result"], rows),
    ...(failures.length > 0 ? ["", ...failures] : []),
  ].join("\n");
  return { title: `Fuzz at ${integer(result.runsRequested)} runs`, checks, body };
}

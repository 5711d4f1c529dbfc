/**
 * The run budget the fuzz tests share, set by the environment variable `COINTAP_FUZZ_RUNS`.
 *
 * A fuzz file plans a default number of runs per property (together ≥ 500, what `pnpm test`
 * runs). With `COINTAP_FUZZ_RUNS=10000` (what `pnpm bench` asks for), every property of the file
 * is scaled by the same factor, rounded up, so that the file's properties together run at least
 * that many. The budget counts the runs of the properties that passed, so a file can prove it ran
 * what it promised.
 */

import fc from "fast-check";
import { expect, it } from "vitest";

/** The environment variable naming a fuzz file's total runs. */
export const FUZZ_RUNS_VARIABLE = "COINTAP_FUZZ_RUNS";

/** Runs `pnpm test` must make per fuzz file, whatever a file plans. */
export const MIN_DEFAULT_RUNS = 500;

// vitest.shared.ts's testTimeout: the time a property of the default size is allowed.
const DEFAULT_TEST_TIMEOUT = 15_000;

export interface FuzzBudget {
  /** Total runs the file's properties make together: its plan, or COINTAP_FUZZ_RUNS. */
  readonly target: number;
  /** Whether COINTAP_FUZZ_RUNS set the target. */
  readonly fromEnvironment: boolean;
  /** Runs of a property planned at `planned` runs by default (never fewer than 1). */
  runs(planned: number): number;
  /** A per-test timeout grown with the runs: ten thousand runs take longer, not slower. */
  readonly timeout: number;
  /** Runs `property` for its share of the budget (`planned` by default) and counts them. */
  assert<Ts>(property: fc.IRawProperty<Ts>, planned: number): Promise<void>;
  /** Runs made so far by properties that passed. */
  readonly ran: number;
}

/** Reads COINTAP_FUZZ_RUNS: unset or empty means the plan; anything but a whole number > 0 is refused. */
export function fuzzTarget(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const runs = Number(value);
  // Refused loudly: a typo in a bench script must not quietly fall back to a small default.
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(
      `${FUZZ_RUNS_VARIABLE} must be a whole number ≥ 1, got ${JSON.stringify(value)}`,
    );
  }
  return runs;
}

/**
 * The budget of a file whose properties plan `plannedTotal` runs together by default.
 * @param variable the value of COINTAP_FUZZ_RUNS (tests of this helper pass their own).
 */
export function fuzzBudget(
  plannedTotal: number,
  variable: string | undefined = process.env[FUZZ_RUNS_VARIABLE],
): FuzzBudget {
  if (!Number.isSafeInteger(plannedTotal) || plannedTotal < 1) {
    throw new RangeError(`a fuzz file plans a whole number of runs ≥ 1, got ${plannedTotal}`);
  }
  const fromEnvironment = fuzzTarget(variable);
  const target = fromEnvironment ?? plannedTotal;
  const factor = target / plannedTotal;
  const runs = (planned: number) => Math.max(1, Math.ceil(planned * factor));
  let ran = 0;
  return {
    target,
    fromEnvironment: fromEnvironment !== undefined,
    runs,
    timeout: Math.ceil(DEFAULT_TEST_TIMEOUT * Math.max(1, factor)),
    async assert(property, planned) {
      const numRuns = runs(planned);
      await fc.assert(property, { numRuns });
      ran += numRuns;
    },
    get ran() {
      return ran;
    },
  };
}

/**
 * The last test of a fuzz file: its properties together ran at least the target (and at least
 * {@link MIN_DEFAULT_RUNS} when COINTAP_FUZZ_RUNS is unset). Call it after every property.
 */
export function itRanTheBudget(budget: FuzzBudget): void {
  const least = budget.fromEnvironment ? budget.target : Math.max(budget.target, MIN_DEFAULT_RUNS);
  it(`the properties above ran at least ${least} times together`, () => {
    expect(budget.ran).toBeGreaterThanOrEqual(least);
  });
}

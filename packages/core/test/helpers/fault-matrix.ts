/**
 * The fault matrix's columns and the grammar of its cells: the sandbox faults every client call
 * meets (each once, `times: 1`, so a call that retries can then succeed), what each looks like in
 * the sandbox's request log, and how a cell reads. Also the driver that settles a call on a
 * virtual clock shared by the client and the sandbox: nothing waits in real time.
 *
 * Shared by the CoinImp and MixCoins matrices. It lives with the core, which both depend on, so
 * turbo reruns their tests when it changes; its error classes are the core's, which both re-export.
 */

import type { FaultSpec, RecordedRequest } from "@cointap/sandbox";
import { expect } from "vitest";
import {
  ConnectionError,
  OutcomeUnknownError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "../../src/index.js";
import { flushMicrotasks, type VirtualClock } from "./virtual-clock.js";

/** The per-attempt timeout of every call in the matrix (virtual ms). */
export const TIMEOUT = 5_000;

/** The faults, in the matrix's column order. */
export const COLUMNS = [
  "latency",
  "reset",
  "drop",
  "429",
  "503",
  "500",
  "html",
  "wrong-shape",
  "empty",
  "truncated",
] as const;

export type FaultName = (typeof COLUMNS)[number];

export interface Fault {
  /** What the sandbox does to the first request on the call's route. */
  spec: FaultSpec;
  /** How the sandbox logs that first request: proof the fault was met. */
  logged: RecordedRequest["outcome"];
}

export const FAULTS: Readonly<Record<FaultName, Fault>> = {
  // Ten times the timeout: the client gives up first, and the sandbox, seeing the abort during
  // its latency, never processes the request.
  latency: { spec: { latency: 10 * TIMEOUT, times: 1 }, logged: "aborted" },
  // Dropped before processing: nothing happened, though the client cannot know it.
  reset: { spec: { reset: true, times: 1 }, logged: "reset" },
  // Processed, then dropped: the effect happened once.
  drop: { spec: { applyThenDrop: true, times: 1 }, logged: "applied-then-dropped" },
  // Refusals that say "not processed", with a Retry-After of 1 s the client must honour.
  "429": { spec: { status: 429, retryAfter: 1, times: 1 }, logged: "injected-status" },
  "503": { spec: { status: 503, retryAfter: 1, times: 1 }, logged: "injected-status" },
  "500": { spec: { status: 500, times: 1 }, logged: "injected-status" },
  // A proxy's 502 page in front of the API: not processed.
  html: { spec: { malformed: "html", times: 1 }, logged: "malformed" },
  // A 2xx whose body is broken: the realistic case is the API's own success that got mangled on
  // the way back, so the request is processed (`apply`) and a mutation's effect happened once.
  "wrong-shape": {
    spec: { malformed: "wrong-shape", apply: true, times: 1 },
    logged: "applied-then-malformed",
  },
  empty: { spec: { malformed: "empty", apply: true, times: 1 }, logged: "applied-then-malformed" },
  truncated: {
    spec: { malformed: "truncated", apply: true, times: 1 },
    logged: "applied-then-malformed",
  },
};

/** Error classes, as cells name them. */
const CLASSES = {
  RVE: ResponseValidationError,
  SE: ServerError,
  TO: TimeoutError,
  CE: ConnectionError,
  RL: RateLimitError,
} as const;

type Code = keyof typeof CLASSES;

/**
 * One cell: `<outcome> <requests> +<effects>`.
 *
 * - outcome `ok`: resolved, with what the same call returns on a twin sandbox (same seed) without
 *   the fault; `RVE`: rejected with exactly that class (see `CLASSES`); `?SE`: rejected with
 *   `OutcomeUnknownError` whose `cause` is exactly that class;
 * - requests: how many the sandbox received;
 * - effects: withdrawals, deletions or mixes in the sandbox's state afterwards.
 */
export type Cell = `${"ok" | Code | `?${Code}`} ${1 | 2 | 3} +${0 | 1}`;

/** One cell per element of `T` (a mapped type over a type parameter keeps a tuple a tuple). */
type CellsOf<T extends readonly unknown[]> = { readonly [Index in keyof T]: Cell };

/** A row of cells, one per column, in `COLUMNS` order. */
export type Row = CellsOf<typeof COLUMNS>;

export interface Expected {
  outcome: "ok" | "error" | "unknown";
  /** The error's class (`error`), or its cause's (`unknown`). */
  errorClass: (typeof CLASSES)[Code] | undefined;
  requests: number;
  effects: number;
}

/** Reads a cell. */
export function parseCell(cell: Cell): Expected {
  const match = /^(ok|\??[A-Z]+) (\d) \+(\d)$/.exec(cell);
  if (!match) throw new Error(`unreadable cell ${JSON.stringify(cell)}`);
  const [, outcome = "", requests = "", effects = ""] = match;
  const code = outcome.replace(/^\?/, "") as Code;
  return {
    outcome: outcome === "ok" ? "ok" : outcome.startsWith("?") ? "unknown" : "error",
    errorClass: outcome === "ok" ? undefined : CLASSES[code],
    requests: Number(requests),
    effects: Number(effects),
  };
}

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Asserts the outcome part of a cell: the value (equal to what `twin` resolves with), the exact
 * error class, or an `OutcomeUnknownError` for `method path` whose cause is of the exact class.
 * Returns the error, if any.
 */
export async function expectOutcome(
  settled: Settled,
  expected: Expected,
  twin: () => Promise<unknown>,
  call: { method: string; path: string },
): Promise<unknown> {
  if (expected.outcome === "ok") {
    if (!settled.ok) throw settled.error;
    expect(settled.value).toStrictEqual(await twin());
    return undefined;
  }
  if (settled.ok) throw new Error(`expected a rejection, got ${JSON.stringify(settled.value)}`);
  const { error } = settled;
  if (expected.outcome === "error") {
    expect(error).toBeInstanceOf(expected.errorClass);
    expect((error as Error).constructor).toBe(expected.errorClass);
    return error;
  }
  expect(error).toBeInstanceOf(OutcomeUnknownError);
  expect(error).toMatchObject({ method: call.method, path: call.path });
  const cause = (error as OutcomeUnknownError).cause;
  expect(cause).toBeInstanceOf(expected.errorClass);
  expect((cause as Error).constructor).toBe(expected.errorClass);
  return error;
}

/** Virtual ms per step of the driver: a tenth of the timeout at most. */
const STEP = 250;
/** Event-loop turns let run between steps, so in-process I/O is done before time moves. */
const TURNS = 50;
/** A hung call fails the test after this many steps (100 s of virtual time). */
const MAX_STEPS = 400;

/**
 * Settles `start()` on `clock`. Between two steps of virtual time, pending in-process work (the
 * sandbox handling a request, the client reading it) gets `TURNS` turns of the event loop, so
 * time never moves under a request that is merely being processed: only the waits the test is
 * about (a latency, a backoff, a Retry-After, a timeout) are on the clock.
 */
export async function settleOn(
  clock: VirtualClock,
  start: () => Promise<unknown>,
): Promise<Settled> {
  const state: { settled?: Settled } = {};
  start().then(
    (value) => {
      state.settled = { ok: true, value };
    },
    (error: unknown) => {
      state.settled = { ok: false, error };
    },
  );
  for (let step = 0; step < MAX_STEPS; step++) {
    for (let turn = 0; turn < TURNS && !state.settled; turn++) await flushMicrotasks();
    if (state.settled) return state.settled;
    await clock.advance(STEP);
  }
  throw new Error(`the call did not settle within ${MAX_STEPS * STEP} virtual ms`);
}

/**
 * The fault matrix (issue #7): `mixes.create` for btc, bch and eth meets every fault the sandbox
 * injects, once — and the table below says what the caller must get. A mix is sent again only
 * after an answer MixCoins documents as "not processed" (429, its 503); after anything else it is
 * an `OutcomeUnknownError`, never a second request, and the sandbox holds the mix at most once.
 * Each case runs the real client against a fresh in-process sandbox on a virtual clock and checks
 * the outcome, the requests the sandbox received, the mixes in its state, and that no rendering
 * of the error holds the token.
 */

import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Cell,
  COLUMNS,
  expectOutcome,
  FAULTS,
  parseCell,
  type Row,
  settleOn,
  TIMEOUT,
} from "../../core/test/helpers/fault-matrix.js";
import { expectNoSecrets } from "../../core/test/helpers/leaks.js";
import { VirtualClock } from "../../core/test/helpers/virtual-clock.js";
import { type CreateMixParams, MixCoins } from "../src/index.js";

/** One mix per currency, to payout addresses valid on mainnet. */
const MIXES = {
  btc: {
    currency: "btc",
    addresses: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    amount: "0.5",
  },
  bch: {
    currency: "bch",
    addresses: ["bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"],
    amount: "1.25",
  },
  eth: {
    currency: "eth",
    addresses: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
    amount: "0.000000000000000001",
  },
} satisfies Record<string, CreateMixParams>;

type Currency = keyof typeof MIXES;

/*
 * call × fault → outcome. A cell is `<outcome> <requests> +<effects>` (see `Cell`): `ok` resolved
 * with what the call gives without the fault; `?X` an OutcomeUnknownError caused by X
 * (TO TimeoutError, CE ConnectionError, SE ServerError, RVE ResponseValidationError); requests the
 * sandbox received; effects mixes in its state afterwards.
 *
 * Columns: `latency` past the timeout (never processed: the sandbox sees the abort first), `reset`
 * before processing, `drop` after applying, `429` / `503` with Retry-After (both documented as
 * answered before anything is done), `500`, an `html` 502 page from a proxy (not processed), and
 * three broken 2xx bodies after the mix was created. A 500 or a reset was not processed either,
 * but the client cannot know that: unknown, 0 mixes.
 */
// biome-ignore format: a table is read down its columns
const MATRIX: Record<`create ${Currency}`, Row> = {
  //             latency     reset       drop        429         503         500         html        wrong-shape  empty        truncated
  "create btc": ["?TO 1 +0", "?CE 1 +0", "?CE 1 +1", "ok 2 +1",  "ok 2 +1",  "?SE 1 +0", "?SE 1 +0", "?RVE 1 +1", "?RVE 1 +1", "?RVE 1 +1"],
  "create bch": ["?TO 1 +0", "?CE 1 +0", "?CE 1 +1", "ok 2 +1",  "ok 2 +1",  "?SE 1 +0", "?SE 1 +0", "?RVE 1 +1", "?RVE 1 +1", "?RVE 1 +1"],
  "create eth": ["?TO 1 +0", "?CE 1 +0", "?CE 1 +1", "ok 2 +1",  "ok 2 +1",  "?SE 1 +0", "?SE 1 +0", "?RVE 1 +1", "?RVE 1 +1", "?RVE 1 +1"],
};

/** A sandbox and its client sharing one virtual clock; `seed` decides the deposit addresses. */
function setup(seed: string, faults: Sandbox["faults"] = {}) {
  const clock = new VirtualClock(1_000_000);
  const sandbox = createSandbox({
    seed,
    quota: false,
    clock: { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) },
    faults,
  });
  const client = new MixCoins({ ...sandbox.credentials.mixcoins, fetch: sandbox.fetch, clock });
  return { clock, sandbox, client };
}

/** The table, one case per cell. */
const CASES = (Object.keys(MIXES) as Currency[]).flatMap((currency) =>
  COLUMNS.map((fault, column) => ({
    currency,
    fault,
    cell: MATRIX[`create ${currency}`][column] as Cell,
  })),
);

beforeAll(async () => {
  // Loads what the client loads on first use (schemas, the HTTP layer) once, on the real clock
  // (nothing here waits), so that no case moves virtual time while a module is read from disk.
  const sandbox = createSandbox({ seed: "fault-matrix-warm-up", quota: false });
  const client = new MixCoins({ ...sandbox.credentials.mixcoins, fetch: sandbox.fetch });
  await client.mixes.create(MIXES.btc);
});

describe("the table", () => {
  it("has a row for every currency, and a cell for every fault", () => {
    expect(Object.keys(MATRIX)).toEqual(["btc", "bch", "eth"].map((c) => `create ${c}`));
    for (const row of Object.values(MATRIX)) expect(row).toHaveLength(COLUMNS.length);
    expect(Object.keys(FAULTS).sort()).toEqual([...COLUMNS].sort());
  });
});

describe("mixes.create", () => {
  it.each(CASES)("$currency × $fault → $cell", async ({ currency, fault, cell }) => {
    const expected = parseCell(cell);
    const seed = `fault-matrix-${currency}-${fault}`;
    const { clock, sandbox, client } = setup(seed, { "mixcoins:mix": { ...FAULTS[fault].spec } });
    const options = { timeout: TIMEOUT };

    const settled = await settleOn(clock, () => client.mixes.create(MIXES[currency], options));

    const error = await expectOutcome(
      settled,
      expected,
      async () => {
        // The same mix on a twin world (same seed) that nothing goes wrong in.
        const twin = setup(seed);
        const result = await settleOn(twin.clock, () =>
          twin.client.mixes.create(MIXES[currency], options),
        );
        if (!result.ok) throw result.error;
        return result.value;
      },
      { method: "POST", path: `/${currency}/mix` },
    );
    expect(sandbox.requests.map((request) => request.route)).toEqual(
      Array(expected.requests).fill("mixcoins:mix"),
    );
    // The fault was met by the first request, and only by it.
    expect(sandbox.requests.map((request) => request.outcome)).toEqual([
      FAULTS[fault].logged,
      ...Array(expected.requests - 1).fill("answered"),
    ]);
    expect(sandbox.state.mixcoins.mixes).toHaveLength(expected.effects);
    for (const mix of sandbox.state.mixcoins.mixes) {
      expect(mix).toMatchObject({
        currency,
        addresses: MIXES[currency].addresses,
        amount: MIXES[currency].amount,
      });
    }
    if (error !== undefined) expectNoSecrets(error, [sandbox.credentials.mixcoins.token]);
  });
});

/**
 * The fault matrix (issue #7): every CoinImp call, in v2 and v1, meets every fault the sandbox
 * injects, once — and the table below says what the caller must get. A read is retried through
 * every transport failure, 5xx and quota answer, and fails with a `ResponseValidationError` on a
 * broken 2xx body; a withdrawal or deletion is sent again only after an answer that says "not
 * processed" (429, CoinImp's quota 503), and after anything else it is an `OutcomeUnknownError` —
 * never a second request. Each case runs the real client against a fresh in-process sandbox on a
 * virtual clock and checks the outcome, the requests the sandbox received, the effects in its
 * state, and that no rendering of the error holds a key.
 */

import { createSandbox, type RouteId, type Sandbox } from "@cointap/sandbox";
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
import { type CallOptions, CoinImp } from "../src/index.js";
import { type ApiVersion, firstUser, siteOf, VERSIONS } from "./helpers/sandbox-world.js";

/** What a call needs from the seeded world: a site of each currency and a user on one. */
interface World {
  mintme: string;
  xmr: string;
  user: string;
}

interface CallCase {
  method: "GET" | "POST" | "DELETE";
  /** The path `OutcomeUnknownError` names (relative to the base URL). */
  path: string;
  run(client: CoinImp, world: World, options: CallOptions): Promise<unknown>;
}

/** Every public call of the client, with arguments the seeded world answers. */
const CALLS = {
  hashes: {
    method: "GET",
    path: "/hashes",
    run: (c, _w, o) => c.hashes({ currency: "MINTME" }, o),
  },
  reward: {
    method: "GET",
    path: "/reward",
    run: (c, w, o) => c.reward({ currency: "XMR", siteKey: w.xmr }, o),
  },
  payout: {
    method: "GET",
    path: "/payout/1mhash",
    run: (c, _w, o) => c.payout({ currency: "XMR" }, o),
  },
  "users.balance": {
    method: "GET",
    path: "/user/balance",
    run: (c, w, o) => c.users.balance({ siteKey: w.mintme, user: w.user }, o),
  },
  "users.list": {
    method: "GET",
    path: "/user/list",
    run: (c, w, o) => c.users.list({ siteKey: w.mintme }, o),
  },
  "users.withdraw": {
    method: "POST",
    path: "/user/withdraw",
    run: (c, w, o) => c.users.withdraw({ siteKey: w.mintme, user: w.user, amount: 1 }, o),
  },
  "account.stats": {
    method: "GET",
    path: "/account/stats",
    run: (c, _w, o) => c.account.stats({ currency: "MINTME" }, o),
  },
  "account.sites": {
    method: "GET",
    path: "/account/sites",
    run: (c, _w, o) => c.account.sites({ currency: "XMR" }, o),
  },
  "account.payments": {
    method: "GET",
    path: "/account/payments",
    run: (c, _w, o) => c.account.payments({ currency: "MINTME" }, o),
  },
  "sites.stats": {
    method: "GET",
    path: "/site",
    run: (c, w, o) => c.sites.stats({ siteKey: w.xmr }, o),
  },
  "sites.delete": {
    method: "DELETE",
    path: "/site",
    run: (c, w, o) => c.sites.delete({ siteKey: w.mintme }, o),
  },
} satisfies Record<string, CallCase>;

type CallName = keyof typeof CALLS;

/*
 * call × fault → outcome. A cell is `<outcome> <requests> +<effects>` (see `Cell`): `ok` resolved
 * with what the call gives without the fault; `RVE` a ResponseValidationError; `?X` an
 * OutcomeUnknownError caused by X (TO TimeoutError, CE ConnectionError, SE ServerError, RVE);
 * requests the sandbox received; effects withdrawals or deletions in its state afterwards.
 *
 * Columns: `latency` past the timeout (never processed: the sandbox sees the abort first), `reset`
 * before processing, `drop` after applying, `429` / `503` with Retry-After (the 503 carries
 * CoinImp's failure body: its quota answer, documented as not processed), `500`, an `html` 502
 * page from a proxy (not processed), and three broken 2xx bodies after the API applied the call.
 * A 500 or a reset was not processed either, but the client cannot know that: unknown, 0 effects.
 */
// biome-ignore format: a table is read down its columns
const MATRIX: Record<CallName, Row> = {
  //                   latency     reset       drop        429         503         500         html        wrong-shape  empty        truncated
  hashes:             ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  reward:             ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  payout:             ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "users.balance":    ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "users.list":       ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "users.withdraw":   ["?TO 1 +0", "?CE 1 +0", "?CE 1 +1", "ok 2 +1",  "ok 2 +1",  "?SE 1 +0", "?SE 1 +0", "?RVE 1 +1", "?RVE 1 +1", "?RVE 1 +1"],
  "account.stats":    ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "account.sites":    ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "account.payments": ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "sites.stats":      ["ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "ok 2 +0",  "RVE 1 +0",  "RVE 1 +0",  "RVE 1 +0"],
  "sites.delete":     ["?TO 1 +0", "?CE 1 +0", "?CE 1 +1", "ok 2 +1",  "ok 2 +1",  "?SE 1 +0", "?SE 1 +0", "?RVE 1 +1", "?RVE 1 +1", "?RVE 1 +1"],
};

/** The sandbox route each call's requests are logged under. */
function routeOf(name: CallName): RouteId {
  if (name === "sites.delete") return "coinimp:site/delete";
  return `coinimp:${CALLS[name].path.slice(1)}` as RouteId;
}

function worldOf(sandbox: Sandbox): World {
  const mintme = siteOf(sandbox, "MINTME");
  return {
    mintme: mintme.siteKey,
    xmr: siteOf(sandbox, "XMR").siteKey,
    user: firstUser(mintme).name,
  };
}

/** Effects in the sandbox's state: withdrawals made plus sites deleted. */
function effectsIn(sandbox: Sandbox, sitesBefore: number): number {
  return (
    sandbox.state.coinimp.withdrawals.length + sitesBefore - sandbox.state.coinimp.sites.length
  );
}

/** A client of `sandbox` on `clock`: no quota of its own (the matrix is about faults). */
function clientOf(sandbox: Sandbox, version: ApiVersion, clock: VirtualClock): CoinImp {
  return new CoinImp({
    ...sandbox.credentials.coinimp,
    apiVersion: version,
    fetch: sandbox.fetch,
    rateLimit: false,
    clock,
  });
}

/** A sandbox and its client sharing one virtual clock; `seed` decides the world. */
function setup(seed: string, version: ApiVersion, faults: Sandbox["faults"] = {}) {
  const clock = new VirtualClock(1_000_000);
  const sandbox = createSandbox({
    seed,
    quota: false,
    clock: { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) },
    faults,
  });
  return { clock, sandbox, client: clientOf(sandbox, version, clock) };
}

/** The table, one case per cell. */
const CASES = (Object.keys(CALLS) as CallName[]).flatMap((call) =>
  COLUMNS.map((fault, column) => ({ call, fault, cell: MATRIX[call][column] as Cell })),
);

beforeAll(async () => {
  // Loads what the client loads on first use (schemas, the HTTP layer) once, on the real clock
  // (nothing here waits), so that no case moves virtual time while a module is read from disk.
  for (const version of VERSIONS) {
    const sandbox = createSandbox({ seed: "fault-matrix-warm-up", quota: false });
    const client = new CoinImp({
      ...sandbox.credentials.coinimp,
      apiVersion: version,
      fetch: sandbox.fetch,
      rateLimit: false,
    });
    const world = worldOf(sandbox);
    await CALLS.hashes.run(client, world, {});
    await CALLS["users.withdraw"].run(client, world, {});
  }
});

describe("the table", () => {
  it("has a row for every public call of the client, and a cell for every fault", () => {
    const { client } = setup("fault-matrix-calls", "v2");
    const methods = (target: object) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(target)).filter(
        (name) => name !== "constructor",
      );
    const calls = [
      ...methods(client),
      ...(["users", "account", "sites"] as const).flatMap((group) =>
        methods(client[group]).map((method) => `${group}.${method}`),
      ),
    ];
    expect(Object.keys(MATRIX).sort()).toEqual(calls.sort());
    for (const row of Object.values(MATRIX)) expect(row).toHaveLength(COLUMNS.length);
    expect(Object.keys(FAULTS).sort()).toEqual([...COLUMNS].sort());
  });
});

describe.each(VERSIONS)("CoinImp %s", (version) => {
  it.each(CASES)("$call × $fault → $cell", async ({ call, fault, cell }) => {
    const expected = parseCell(cell);
    const seed = `fault-matrix-${version}-${call}-${fault}`;
    const { clock, sandbox, client } = setup(seed, version, {
      [routeOf(call)]: { ...FAULTS[fault].spec },
    });
    const world = worldOf(sandbox);
    const sitesBefore = sandbox.state.coinimp.sites.length;
    const { method, path } = CALLS[call];
    const options = { timeout: TIMEOUT };

    const settled = await settleOn(clock, () => CALLS[call].run(client, world, options));

    const error = await expectOutcome(
      settled,
      expected,
      async () => {
        // The same call on a twin world (same seed) that nothing goes wrong in.
        const twin = setup(seed, version);
        const result = await settleOn(twin.clock, () =>
          CALLS[call].run(twin.client, world, options),
        );
        if (!result.ok) throw result.error;
        return result.value;
      },
      { method, path },
    );
    expect(sandbox.requests.map((request) => request.route)).toEqual(
      Array(expected.requests).fill(routeOf(call)),
    );
    // The fault was met by the first request, and only by it.
    expect(sandbox.requests.map((request) => request.outcome)).toEqual([
      FAULTS[fault].logged,
      ...Array(expected.requests - 1).fill("answered"),
    ]);
    expect(effectsIn(sandbox, sitesBefore)).toBe(expected.effects);
    if (error !== undefined) {
      const { publicKey, privateKey } = sandbox.credentials.coinimp;
      expectNoSecrets(error, [publicKey, privateKey]);
    }
  });
});

/**
 * Property tests of response parsing, through the client and a stub `fetch`: whatever the body,
 * every call either resolves with a value of its documented shape or rejects with a
 * `CointapError` — never a TypeError, RangeError or SyntaxError, never an `Invalid Date` or a
 * float where a decimal string belongs — and no error, however it is shown, holds the client's
 * keys, even when the body echoes them. And the lenient shapes (numbers ↔ strings, exponents,
 * lists keyed by index) always give the exact value.
 *
 * Runs by default: 11 calls × (30 JSON + 30 envelopes + 60 mutations) + 8 calls × 20 flips
 * + 2 × 150 text + 3 × 100 exact = 2080. `COINTAP_FUZZ_RUNS=N` scales every property by
 * N / 2080 (rounded up), so that together they run at least N (`pnpm bench` asks for 10 000); the
 * last test checks the total.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalDecimal, wireForms } from "../../core/test/helpers/decimal-forms.js";
import { fuzzBudget, itRanTheBudget } from "../../core/test/helpers/fuzz-runs.js";
import { expectNoSecrets } from "../../core/test/helpers/leaks.js";
import {
  CointapError,
  OutcomeUnknownError,
  ResponseValidationError,
  ServerError,
} from "../src/index.js";
import {
  CALLS,
  type CallCase,
  json,
  PRIVATE_KEY,
  PUBLIC_KEY,
  paymentMessage,
  SITE_KEY,
  settle,
  stubClient,
  success,
  text,
} from "./helpers/stub-fetch.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The keys `stubClient` sends: no error may hold them. */
const KEYS = [PUBLIC_KEY, PRIVATE_KEY];

/** Default runs of each property. */
const PLANNED = {
  json: 30,
  envelope: 30,
  mutated: 60,
  flips: 20,
  text: 150,
  nonJson: 150,
  exact: 100,
};

/** Mostly 200 (the parser's path), sometimes an error status. */
const status = fc.oneof(
  { weight: 4, arbitrary: fc.constant(200) },
  { weight: 1, arbitrary: fc.constantFrom(201, 400, 401, 403, 404, 410, 429, 500, 502, 503) },
);

/** Fails the property unless the call resolved with its shape or rejected with a typed error. */
async function expectTypedOutcome(call: CallCase, respond: () => Response): Promise<void> {
  const { api } = stubClient(respond);
  const outcome = await settle(() => call.run(api));
  if (outcome.ok) {
    if (!call.isShape(outcome.value)) {
      throw new Error(`${call.name} resolved with ${show(outcome.value)}`);
    }
    return;
  }
  const { error } = outcome;
  if (!(error instanceof CointapError)) {
    throw new Error(`${call.name} rejected with a non-cointap error: ${String(error)}`);
  }
  expectNoSecrets(error, KEYS, call.name);
  if (error instanceof ResponseValidationError && error.issues.length === 0) {
    throw new Error(`${call.name}: a ResponseValidationError without issues`);
  }
  if (error instanceof OutcomeUnknownError) {
    if (call.method === "GET") throw new Error(`${call.name}: OutcomeUnknownError on a GET`);
    if (!(error.cause instanceof CointapError)) {
      throw new Error(`${call.name}: OutcomeUnknownError caused by ${String(error.cause)}`);
    }
  }
}

function showOne(value: unknown): string {
  return value instanceof Date ? `Date(${value.getTime()})` : JSON.stringify(value);
}
const show = (value: unknown) =>
  Array.isArray(value) ? `[${value.map(showOne).join(",")}]` : showOne(value);

function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---- mutations of a valid body ----

/** Values near the edges of what the parsers accept. */
const EDGE_VALUES: Json[] = [
  -0,
  -1,
  1.5,
  2 ** 53,
  2 ** 60,
  9e15,
  8.64e12,
  1e21,
  1.5e-7,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  "",
  " ",
  "0x10",
  "0b1",
  "1e3",
  "1e400",
  "-0",
  " 7 ",
  "+5",
  ".5",
  "5.",
  "1,5",
  "NaN",
  "Infinity",
  "paid",
  "PAID ",
  "__proto__",
  "constructor",
  [],
  {},
  { 0: "a" },
  { x: 1 },
];

/** A key, alone or inside other text: what a careless API echoes back. */
const echoedKey: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...KEYS), fc.string({ maxLength: 20 }))
  .map(([before, key, after]) => `${before}${key}${after}`);

/** Values that hold a key, as a value, a field name or a list item. */
const SECRET_VALUES: fc.Arbitrary<Json> = fc.oneof(
  echoedKey,
  echoedKey.map((key): Json => ({ [key]: PUBLIC_KEY })),
  echoedKey.map((key): Json => [key]),
);

type MutationKind = "drop" | "replace" | "flip" | "wrapInArray" | "keyByIndex" | "emptyString";
interface Mutation {
  at: number;
  kind: MutationKind;
  value: Json;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<MutationKind>(
    "drop",
    "replace",
    "flip",
    "wrapInArray",
    "keyByIndex",
    "emptyString",
  ),
  value: fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
    { weight: 1, arbitrary: fc.constantFrom<Json>(...EDGE_VALUES) },
    { weight: 1, arbitrary: fc.maxSafeInteger() },
    { weight: 1, arbitrary: SECRET_VALUES },
  ),
});

/** Every place in `root` a mutation can hit: the parent and key of each node. */
function places(root: { body: Json }): [Record<string, Json> | Json[], string | number][] {
  const found: [Record<string, Json> | Json[], string | number][] = [];
  const visit = (parent: Record<string, Json> | Json[], key: string | number) => {
    found.push([parent, key]);
    const node = (parent as Record<string, Json>)[key as string];
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) visit(node, index);
    } else if (node !== null && typeof node === "object") {
      for (const child of Object.keys(node)) visit(node, child);
    }
  };
  visit(root as unknown as Record<string, Json>, "body");
  return found;
}

/** The same value with numbers as strings and numeric strings as numbers. */
function flip(value: Json): Json {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const number = Number(value);
    return value.trim() !== "" && Number.isFinite(number) ? number : value.length;
  }
  if (typeof value === "boolean" || value === null) return String(value);
  return JSON.stringify(value);
}

/** Paths of the numbers and numeric strings in `value`. */
function numericLeaves(value: Json, path: string[] = []): string[][] {
  if (typeof value === "number") return [path];
  if (typeof value === "string") {
    return value.trim() !== "" && Number.isFinite(Number(value)) ? [path] : [];
  }
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => numericLeaves(child, [...path, key]));
}

function mutate(body: Json, mutations: readonly Mutation[]): Json | undefined {
  const root = { body: clone(body) };
  for (const { at, kind, value } of mutations) {
    const spots = places(root);
    const [parent, key] = spots[at % spots.length] as [Record<string, Json>, string];
    const node = parent[key] as Json;
    switch (kind) {
      case "drop":
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case "replace":
        parent[key] = value;
        break;
      case "flip":
        parent[key] = flip(node);
        break;
      case "wrapInArray":
        parent[key] = [node];
        break;
      case "keyByIndex":
        parent[key] = Array.isArray(node) ? { ...node } : { 0: node };
        break;
      case "emptyString":
        parent[key] = "";
        break;
    }
    if (!("body" in root)) return undefined;
  }
  return root.body;
}

/** Valid bodies for a call: as documented, and with lists keyed by index. */
function validBodies(call: CallCase): Json[] {
  const message = call.message as Json;
  const bodies: Json[] = [{ status: "success", message }];
  if (Array.isArray(message)) bodies.push({ status: "success", message: { ...message } });
  return bodies;
}

// ---- the budget ----

/** Calls whose valid message holds numbers: each also gets the number↔string property. */
const FLIPPABLE = CALLS.filter(
  (call) => numericLeaves({ message: call.message as Json }).length > 0,
);

const budget = fuzzBudget(
  CALLS.length * (PLANNED.json + PLANNED.envelope + PLANNED.mutated) +
    FLIPPABLE.length * PLANNED.flips +
    PLANNED.text +
    PLANNED.nonJson +
    3 * PLANNED.exact,
);

// ---- the properties ----

for (const call of CALLS) {
  describe(`${call.name}`, () => {
    it("random JSON bodies → the documented shape or a CointapError", {
      timeout: budget.timeout,
    }, async () => {
      await budget.assert(
        fc.asyncProperty(fc.jsonValue(), status, async (body, code) => {
          await expectTypedOutcome(call, () => json(JSON.stringify(body), code));
        }),
        PLANNED.json,
      );
    });

    it("success envelopes around random messages → the shape or a CointapError", {
      timeout: budget.timeout,
    }, async () => {
      await budget.assert(
        fc.asyncProperty(fc.jsonValue(), async (message) => {
          await expectTypedOutcome(call, () => success(message));
        }),
        PLANNED.envelope,
      );
    });

    it("mutated valid bodies (drop, swap type, number↔string, nest) → shape or CointapError", {
      timeout: budget.timeout,
    }, async () => {
      await budget.assert(
        fc.asyncProperty(
          fc.constantFrom(...validBodies(call)),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          status,
          async (valid, mutations, code) => {
            const body = mutate(valid, mutations);
            await expectTypedOutcome(call, () =>
              json(body === undefined ? "" : JSON.stringify(body), code),
            );
          },
        ),
        PLANNED.mutated,
      );
    });

    const numeric = numericLeaves({ message: call.message as Json });
    if (FLIPPABLE.includes(call)) {
      it("numbers sent as strings and strings as numbers give the same value", {
        timeout: budget.timeout,
      }, async () => {
        const { api: reference } = stubClient(() => success(call.message));
        const expected = await call.run(reference);
        await budget.assert(
          fc.asyncProperty(fc.subarray(numeric, { minLength: 1 }), async (chosen) => {
            const body: Json = { status: "success", message: clone(call.message as Json) };
            for (const path of chosen) {
              const parent = path
                .slice(0, -1)
                .reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, body);
              const key = path[path.length - 1] as string;
              const target = parent as Record<string, Json>;
              target[key] = flip(target[key] as Json);
            }
            const { api } = stubClient(() => json(body));
            expect(await call.run(api)).toStrictEqual(expected);
          }),
          PLANNED.flips,
        );
      });
    }
  });
}

describe("non-JSON bodies", () => {
  const callIndex = fc.nat({ max: CALLS.length - 1 });

  it("random text at any status → the shape or a CointapError", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        callIndex,
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.string({ unit: "grapheme" }),
          echoedKey,
        ),
        status,
        async (index, body, code) => {
          const call = CALLS[index] as CallCase;
          await expectTypedOutcome(call, () => text(body, code));
        },
      ),
      PLANNED.text,
    );
  });

  it("text that cannot be JSON: ResponseValidationError at 2xx, ServerError at 5xx", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        callIndex,
        fc.oneof(fc.string(), echoedKey),
        fc.constantFrom(200, 500, 502, 503),
        async (index, tail, code) => {
          const call = CALLS[index] as CallCase;
          const { api } = stubClient(() => text(`<${tail}`, code));
          const outcome = await settle(() => call.run(api));
          expect(outcome.ok).toBe(false);
          const error = outcome.ok ? undefined : outcome.error;
          expectNoSecrets(error, KEYS, call.name);
          const mutation = call.method !== "GET";
          if (code === 200) {
            const invalid = mutation ? (error as OutcomeUnknownError).cause : error;
            if (mutation) expect(error).toBeInstanceOf(OutcomeUnknownError);
            expect(invalid).toBeInstanceOf(ResponseValidationError);
          } else {
            const failure = mutation ? (error as OutcomeUnknownError).cause : error;
            if (mutation) expect(error).toBeInstanceOf(OutcomeUnknownError);
            expect(failure).toBeInstanceOf(ServerError);
          }
        },
      ),
      PLANNED.nonJson,
    );
  });
});

// ---- exact values from generated lenient shapes ----

const decimals = canonicalDecimal({ maxWhole: 10n ** 20n, maxDecimals: 12 });

describe("exact values from generated lenient shapes", () => {
  it("reward: every wire form of a decimal → that decimal, exactly", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        decimals.chain((canonical) =>
          fc.tuple(fc.constant(canonical), fc.constantFrom(...wireForms(canonical))),
        ),
        async ([canonical, wire]) => {
          const { api } = stubClient(() => success(wire));
          expect(await api.reward({ currency: "XMR" })).toBe(canonical);
        },
      ),
      PLANNED.exact,
    );
  });

  it("hashes: any safe count, as a number or digits → that number", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        fc.maxSafeNat(),
        fc.boolean(),
        fc.constantFrom("users.balance", "account.stats", "sites.stats", "hashes"),
        async (count, asString, name) => {
          const call = CALLS.find((candidate) => candidate.name === name) as CallCase;
          const wire = asString ? String(count) : count;
          const message =
            name === "hashes" ? wire : { ...(call.message as Record<string, Json>), hashes: wire };
          const { api } = stubClient(() => success(message));
          const value = await call.run(api);
          expect(name === "hashes" ? value : (value as { hashes: number }).hashes).toBe(count);
        },
      ),
      PLANNED.exact,
    );
  });

  it("payments: any order of index keys, any valid timestamp → ordered, exact Dates", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 8_640_000_000_000 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        async (indexes, timestamps, asStrings) => {
          const entries = indexes.map((index, position) => {
            const seconds = timestamps[position] as number;
            return [
              String(index),
              {
                ...paymentMessage,
                tx_id: `tx${index}`,
                timestamp: asStrings[position] ? String(seconds) : seconds,
              },
            ] as const;
          });
          const body = `{"status":"success","message":{${entries
            .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
            .join(",")}}}`;
          const { api } = stubClient(() => json(body));
          const payments = await api.account.payments({ currency: "XMR" });
          const sorted = [...entries].sort(([a], [b]) => Number(a) - Number(b));
          expect(payments.map((payment) => payment.txId)).toStrictEqual(
            sorted.map(([, value]) => value.tx_id),
          );
          expect(payments.map((payment) => payment.timestamp.getTime())).toStrictEqual(
            sorted.map(([, value]) => Number(value.timestamp) * 1000),
          );
        },
      ),
      PLANNED.exact,
    );
  });

  it("the site key of a listed site comes back as sent", async () => {
    const { api } = stubClient(() =>
      success({ 0: { name: "a", "site-key": SITE_KEY, hashes: 1 } }),
    );
    await expect(api.account.sites({ currency: "XMR" })).resolves.toStrictEqual([
      { name: "a", siteKey: SITE_KEY },
    ]);
  });
});

itRanTheBudget(budget);

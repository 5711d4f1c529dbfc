/**
 * Property tests of everything the MixCoins client reads from outside, through the public API and
 * a stub `fetch`:
 *
 * - whatever MixCoins answers to `mixes.create` — a valid reply mutated (fields dropped, types
 *   swapped, values replaced by other currencies' addresses, text cut short), random replies of
 *   the right keys, random JSON, random text, HTML, at any status — the call resolves with a mix
 *   of the documented shape whose deposit address is valid for the currency and network, or
 *   rejects with a `CointapError` subclass of the class the status names (a 503 without MixCoins'
 *   error body: `OutcomeUnknownError`); it is sent exactly
 *   once; and no error, however it is shown, holds the token, even when the reply echoes it;
 * - a reply in any lenient form the client accepts gives exactly that mix;
 * - `checkAddress` / `isValidAddress` never throw on any value — random strings, mutated test
 *   vectors, non-strings, unknown currencies and networks — and agree with each other; one
 *   character changed in an accepted btc or bch address is always refused (its checksum).
 *
 * Runs by default: mixes 200 mutated + 150 random replies + 100 JSON + 100 text + 100 exact;
 * addresses 150 random + 150 mutated vectors + 100 one-character changes = 1050.
 * `COINTAP_FUZZ_RUNS=N` scales every property by N / 1050 (rounded up), so that together they run
 * at least N (`pnpm bench` asks for 10 000); the last test checks the total.
 */

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalDecimal, wireForms } from "../../core/test/helpers/decimal-forms.js";
import { fuzzBudget, itRanTheBudget } from "../../core/test/helpers/fuzz-runs.js";
import { expectNoSecrets } from "../../core/test/helpers/leaks.js";
import { stubFetch } from "../../core/test/helpers/stub-fetch.js";
import {
  ApiError,
  CointapError,
  checkAddress,
  isValidAddress,
  type Mix,
  MixCoins,
  type MixCurrency,
  type Network,
  OutcomeUnknownError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  ValidationError,
} from "../src/index.js";
import { FRESH_PAYOUT, PAYOUT } from "./helpers/payout-addresses.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Distinctive, with characters that URL- and form-encoding change.
const TOKEN = "FUZZTOKEN+sentinel/5d6e&7f81=92a3 b4c5";
const SECRETS = [TOKEN];

const CURRENCIES: readonly MixCurrency[] = ["btc", "bch", "eth"];
const NETWORKS: readonly Network[] = ["mainnet", "testnet"];

/** Default runs of each property. */
const PLANNED = {
  mutated: 200,
  randomReply: 150,
  json: 100,
  text: 100,
  exact: 100,
  randomAddress: 150,
  mutatedVector: 150,
  oneCharacter: 100,
};

const budget = fuzzBudget(Object.values(PLANNED).reduce((sum, runs) => sum + runs, 0));

// ---- the test vectors ----

const vectors: Record<string, unknown> = JSON.parse(
  readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
);

/** Every address-like string of a currency's vectors: valid, invalid, legacy forms, encodings. */
function vectorStrings(currency: MixCurrency): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, key: string) => {
    if (typeof node === "string") {
      if (["address", "string", "legacy", "cashaddr", "checksummedForm", "strings"].includes(key))
        found.add(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
    } else if (node !== null && typeof node === "object") {
      for (const [child, value] of Object.entries(node)) visit(value, child);
    }
  };
  visit(vectors[currency], currency);
  return [...found];
}

const VECTOR_STRINGS = Object.fromEntries(
  CURRENCIES.map((currency) => [currency, vectorStrings(currency)]),
) as Record<MixCurrency, string[]>;
const ALL_VECTOR_STRINGS = CURRENCIES.flatMap((currency) => VECTOR_STRINGS[currency]);

// ---- replies ----

/** A valid reply per currency and network: the mutations start from these. */
const VALID_REPLY: Record<MixCurrency, Record<Network, Record<string, Json>>> = {
  btc: {
    mainnet: {
      currency: "btc",
      amount: "0.5",
      address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      address_legacy: null,
    },
    testnet: {
      currency: "btc",
      amount: 0.5,
      address: "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
    },
  },
  bch: {
    mainnet: {
      currency: "bch",
      amount: "1.25",
      address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      address_legacy: "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
    },
    testnet: {
      currency: "bch",
      amount: "1.25",
      address: "bchtest:qr7fzmep8g7h7ymfxy74lgc0v950j3r295pdnvy3hr",
      address_legacy: null,
    },
  },
  eth: {
    mainnet: {
      currency: "eth",
      amount: "0.000000000000000001",
      address: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
      address_legacy: null,
    },
    testnet: {
      currency: "ETH",
      amount: 2,
      address: "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb",
    },
  },
};

const REPLY_FIELDS = ["currency", "amount", "address", "address_legacy"];

const SUCCESS = fc.constantFrom(200, 201);
const ERROR_STATUS = fc.constantFrom(
  204,
  400,
  401,
  403,
  404,
  405,
  406,
  410,
  422,
  429,
  500,
  502,
  503,
  504,
);

/** Half success (the parser's path), half other statuses (a body-less 204 among them). */
const status = fc.oneof(SUCCESS, ERROR_STATUS);

/** Mostly success: a mutated reply is worth reading through to its deposit address. */
const mostlySuccess = fc.oneof(
  { weight: 4, arbitrary: SUCCESS },
  { weight: 1, arbitrary: ERROR_STATUS },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/html; charset=UTF-8",
  "text/plain",
  "application/octet-stream",
  undefined,
);

/** A response; statuses that may not have a body (204) get none, as a server would send. */
function respond(body: string, code: number, type: string | undefined): Response {
  const headers: Record<string, string> = type === undefined ? {} : { "content-type": type };
  const nullBody = code === 204 || code === 205 || code === 304;
  return new Response(nullBody ? null : body, { status: code, headers });
}

/** The token as an echo may write it: raw, URL-encoded, form-encoded. */
const TOKEN_FORMS = [
  TOKEN,
  encodeURIComponent(TOKEN),
  new URLSearchParams({ t: TOKEN }).toString().slice(2),
];

/** The token alone or inside other text: what a careless API echoes back. */
const echoedToken: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...TOKEN_FORMS),
    fc.string({ maxLength: 12 }),
  )
  .map(([before, token, after]) => `${before}${token}${after}`);

/** Values a field may be replaced with: anything, near-misses, other addresses, the token. */
const fieldValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>(
      "",
      " ",
      "0",
      "-1",
      "0.00000000",
      "1e400",
      "1e-7",
      " 2 ",
      "NaN",
      "Infinity",
      "0x10",
      "1,5",
      "0.5 BTC",
      0,
      -0,
      -1,
      1e21,
      1e-7,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      2 ** 53 + 2,
      "BTC",
      "Bch",
      "eth ",
      "__proto__",
      [],
      {},
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom(...ALL_VECTOR_STRINGS) },
  { weight: 1, arbitrary: echoedToken },
  { weight: 1, arbitrary: echoedToken.map((token): Json => ({ [token]: TOKEN })) },
);

/** Number ↔ string and other type swaps of one value. */
function swapType(value: Json | undefined): Json {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    const number = Number(value);
    return value.trim() !== "" && Number.isFinite(number) ? number : [value];
  }
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return Number(value);
  return JSON.stringify(value);
}

type Mutation =
  | { kind: "drop"; field: string }
  | { kind: "replace"; field: string; value: Json }
  | { kind: "swapType"; field: string }
  | { kind: "recase"; field: string; upper: boolean }
  | { kind: "add"; field: string; value: Json }
  | { kind: "nest"; wrapper: "array" | "data" | "error" }
  | { kind: "truncate"; at: number };

const field = fc.constantFrom(...REPLY_FIELDS);
// Weighted towards mutations that keep a reply readable, so that many runs reach the deposit checks.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), field }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("replace" as const), field, value: fieldValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("swapType" as const), field }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("recase" as const), field, upper: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      field: fc.oneof(fc.constantFrom("error", "message", "status", "amount "), fc.string()),
      value: fieldValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("nest" as const),
      wrapper: fc.constantFrom("array" as const, "data" as const, "error" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
);

/** The text of `reply` after `mutations`, in order (a truncation cuts the text built so far). */
function mutate(reply: Record<string, Json>, mutations: readonly Mutation[]): string {
  let body: Json = structuredClone(reply);
  let cutAt: number | undefined;
  for (const change of mutations) {
    const object =
      body !== null && typeof body === "object" && !Array.isArray(body) ? body : undefined;
    switch (change.kind) {
      case "drop":
        if (object) delete object[change.field];
        break;
      case "replace":
        if (object) object[change.field] = change.value;
        break;
      case "swapType":
        if (object) object[change.field] = swapType(object[change.field]);
        break;
      case "recase": {
        const value = object?.[change.field];
        // An echoed token is left as it is: recased, it is no longer a string the client could
        // recognise (the server's leak), yet most of its pieces would still be found.
        const echoesToken = TOKEN_FORMS.some((form) => String(value).includes(form));
        if (object && typeof value === "string" && !echoesToken) {
          object[change.field] = change.upper ? value.toUpperCase() : value.toLowerCase();
        }
        break;
      }
      case "add":
        if (object) object[change.field] = change.value;
        break;
      case "nest":
        body = change.wrapper === "array" ? [body] : { [change.wrapper]: body, status: "success" };
        break;
      case "truncate":
        cutAt = change.at;
        break;
    }
  }
  const text = JSON.stringify(body);
  return cutAt === undefined ? text : cutOutsideToken(text, cutAt % Math.max(1, text.length));
}

/**
 * `text` cut at `at`, or just before an echoed token the cut would split: half a token is the
 * server's leak, which no client can recognise, not the client's.
 */
function cutOutsideToken(text: string, at: number): string {
  let cut = at;
  for (const form of TOKEN_FORMS) {
    for (let start = text.indexOf(form); start !== -1; start = text.indexOf(form, start + 1)) {
      if (start < cut && cut < start + form.length) cut = start;
    }
  }
  return text.slice(0, cut);
}

/** Replies with the right keys and random values. */
const randomReply: fc.Arbitrary<Record<string, Json>> = fc.record(
  {
    currency: fc.oneof(fc.constantFrom("btc", "bch", "eth", "BTC", "Eth", "xmr"), fc.string()),
    amount: fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.constantFrom("0.5", "1e-8", "0.000000001", "1.25"),
    ),
    address: fc.oneof(fc.constantFrom(...ALL_VECTOR_STRINGS), fc.string(), echoedToken),
    address_legacy: fc.oneof(
      fc.constant(null),
      fc.constantFrom(...ALL_VECTOR_STRINGS),
      fc.string(),
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, Json>>;

// ---- the outcome of one create ----

const CANONICAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** Whether `value` is a `Mix` as documented, its deposit address one coins may be sent to. */
function isMix(value: unknown, currency: MixCurrency, network: Network): value is Mix {
  if (typeof value !== "object" || value === null) return false;
  const mix = value as Record<string, unknown>;
  return (
    Object.keys(mix).sort().join() === "address,addressLegacy,amount,currency,depositAddress" &&
    mix.address === mix.depositAddress &&
    mix.currency === currency &&
    typeof mix.amount === "string" &&
    CANONICAL_DECIMAL.test(mix.amount) &&
    mix.amount !== "0" &&
    isValidAddress(currency, mix.depositAddress, { network }) &&
    (mix.addressLegacy === null || isValidAddress(currency, mix.addressLegacy, { network }))
  );
}

/** Whether `body` is a JSON object with MixCoins' `error` field. */
function hasErrorField(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && "error" in value;
  } catch {
    return false;
  }
}

/** Fails unless `error` is the class the status names (the README's errors table). */
function expectClassForStatus(error: CointapError, code: number, body: string): void {
  if (code === 429) {
    expect(error).toBeInstanceOf(RateLimitError);
  } else if (code === 503) {
    // MixCoins' own 503 ("offline for maintenance", its error body) is answered before anything
    // is done; a bare one (a proxy's page) proves nothing, so the mix's outcome is unknown.
    const unknown = error instanceof OutcomeUnknownError;
    expect(unknown ? error.cause : error).toBeInstanceOf(ServerError);
    if (!hasErrorField(body)) expect(unknown, "a bare 503 taken as not processed").toBe(true);
  } else if (code >= 500) {
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(ServerError);
  } else if (code >= 400) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(code);
  } else {
    // A success status: an unreadable reply (the mix may exist), a refused deposit address, or
    // MixCoins' error envelope.
    const cause = error instanceof OutcomeUnknownError ? error.cause : error;
    const kinds = [ResponseValidationError, ApiError];
    expect(
      kinds.some((kind) => cause instanceof kind),
      `${error.name}: ${error.message}`,
    ).toBe(true);
  }
}

/**
 * Sends one mix whose reply is `body` and fails the property unless the call resolved with a
 * valid mix (at a success status) or rejected with the typed error the status names, after
 * exactly one request, with no trace of the token.
 */
async function expectTypedOutcome(
  currency: MixCurrency,
  network: Network,
  body: string,
  code: number,
  type: string | undefined = "application/json",
): Promise<void> {
  const stub = stubFetch(() => respond(body, code, type));
  const client = new MixCoins({ token: TOKEN, network, fetch: stub.fetch, retry: false });
  const outcome = await client.mixes
    .create({ currency, addresses: [PAYOUT[currency][network]], amount: "0.5" })
    .then(
      (mix) => ({ ok: true as const, mix }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  // Never sent twice, whatever came back (retries are off: only a bug could send again).
  expect(stub.calls).toHaveLength(1);
  if (outcome.ok) {
    expect(code, "an error status resolved").toBeLessThan(400);
    expect(isMix(outcome.mix, currency, network), JSON.stringify(outcome.mix)).toBe(true);
    return;
  }
  const { error } = outcome;
  if (!(error instanceof CointapError)) {
    throw new Error(`rejected with a non-cointap error: ${String(error)}`, { cause: error });
  }
  // The input was valid: whatever the reply, it is not the caller's fault.
  expect(error).not.toBeInstanceOf(ValidationError);
  expectNoSecrets(error, SECRETS);
  for (const failure of [error, error.cause]) {
    if (failure instanceof ResponseValidationError)
      expect(failure.issues.length).toBeGreaterThan(0);
  }
  if (error instanceof OutcomeUnknownError) expect(error.cause).toBeInstanceOf(CointapError);
  expectClassForStatus(error, code, body);
}

const where = fc.tuple(fc.constantFrom(...CURRENCIES), fc.constantFrom(...NETWORKS));

describe("mixes.create: whatever the reply → a valid mix or a typed error, sent once, no token", () => {
  it("the valid replies the mutations start from are accepted", async () => {
    for (const currency of CURRENCIES) {
      for (const network of NETWORKS) {
        const reply = JSON.stringify(VALID_REPLY[currency][network]);
        const stub = stubFetch(() => respond(reply, 200, "application/json"));
        const client = new MixCoins({ token: TOKEN, network, fetch: stub.fetch, retry: false });
        const mix = await client.mixes.create({
          currency,
          addresses: [PAYOUT[currency][network]],
          // The reply's own amount: a reply for another amount is refused.
          amount: String(VALID_REPLY[currency][network].amount),
        });
        expect(isMix(mix, currency, network)).toBe(true);
      }
    }
  });

  it("mutated valid replies (dropped, replaced, retyped, recased, nested, cut short)", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        where,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        mostlySuccess,
        async ([currency, network], mutations, code) => {
          const body = mutate(VALID_REPLY[currency][network], mutations);
          await expectTypedOutcome(currency, network, body, code);
        },
      ),
      PLANNED.mutated,
    );
  });

  it("replies with the right keys and random values", { timeout: budget.timeout }, async () => {
    await budget.assert(
      fc.asyncProperty(where, randomReply, status, async ([currency, network], reply, code) => {
        await expectTypedOutcome(currency, network, JSON.stringify(reply), code);
      }),
      PLANNED.randomReply,
    );
  });

  it("random JSON at any status and content type", { timeout: budget.timeout }, async () => {
    await budget.assert(
      fc.asyncProperty(
        where,
        fc.jsonValue(),
        status,
        contentType,
        async ([currency, network], body, code, type) => {
          await expectTypedOutcome(currency, network, JSON.stringify(body), code, type);
        },
      ),
      PLANNED.json,
    );
  });

  it("random text and HTML pages at any status and content type", {
    timeout: budget.timeout,
  }, async () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.string({ unit: "grapheme" }),
      echoedToken,
    );
    await budget.assert(
      fc.asyncProperty(
        where,
        fc.oneof(
          text,
          text.map(
            (inside) => `<html><head><title>502</title></head><body>${inside}</body></html>`,
          ),
        ),
        status,
        contentType,
        async ([currency, network], body, code, type) => {
          await expectTypedOutcome(currency, network, body, code, type);
        },
      ),
      PLANNED.text,
    );
  });
});

// ---- exact mixes from lenient replies ----

const canonicalAmount = canonicalDecimal({ maxWhole: 10n ** 12n, maxDecimals: 8, positive: true });

/** Deposit replies the client must accept: every accepted vector, bch cashaddrs with their legacy form. */
const ACCEPTED_DEPOSITS = CURRENCIES.flatMap((currency) =>
  NETWORKS.flatMap((network) => {
    const accepted = (address: unknown): address is string =>
      isValidAddress(currency, address, { network });
    const alone = VECTOR_STRINGS[currency]
      .filter(accepted)
      .map((address) => ({ currency, network, address, legacy: null as string | null }));
    const section = (vectors[currency] as Record<string, { valid?: Record<string, unknown>[] }>)[
      network
    ];
    const paired = (section?.valid ?? [])
      .filter((vector) => accepted(vector.address) && accepted(vector.legacy))
      .map((vector) => ({
        currency,
        network,
        address: vector.address as string,
        legacy: vector.legacy as string | null,
      }));
    return [...alone, ...paired];
  }),
);

describe("a reply in any form the client accepts → exactly that mix", () => {
  it("the vectors give deposits of every currency and network, bch legacy pairs among them", () => {
    for (const currency of CURRENCIES) {
      for (const network of NETWORKS) {
        expect(
          ACCEPTED_DEPOSITS.some((d) => d.currency === currency && d.network === network),
        ).toBe(true);
      }
    }
    expect(ACCEPTED_DEPOSITS.some((deposit) => deposit.legacy !== null)).toBe(true);
  });

  it("any accepted deposit address, amount form and currency case", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACCEPTED_DEPOSITS),
        canonicalAmount.chain((canonical) =>
          fc.tuple(fc.constant(canonical), fc.constantFrom(...wireForms(canonical))),
        ),
        fc.constantFrom("lower", "upper", "title"),
        fc.constantFrom("null", "absent"),
        async ({ currency, network, address, legacy }, [canonical, wire], letters, noLegacy) => {
          const reply: Record<string, Json> = {
            currency:
              letters === "lower"
                ? currency
                : letters === "upper"
                  ? currency.toUpperCase()
                  : `${currency.charAt(0).toUpperCase()}${currency.slice(1)}`,
            amount: wire,
            address,
          };
          if (legacy !== null || noLegacy === "null") reply.address_legacy = legacy;
          const stub = stubFetch(() => respond(JSON.stringify(reply), 200, "application/json"));
          const client = new MixCoins({ token: TOKEN, network, fetch: stub.fetch, retry: false });
          const mix = await client.mixes.create({
            currency,
            // In no vector list: never the same destination as the drawn deposit address.
            addresses: [FRESH_PAYOUT[currency][network]],
            amount: canonical,
          });
          expect(mix).toStrictEqual({
            currency,
            amount: canonical,
            depositAddress: address,
            address,
            addressLegacy: legacy,
          });
        },
      ),
      PLANNED.exact,
    );
  });
});

// ---- address checks ----

/** Fails unless both checks answered, consistently, without throwing. */
function expectCheckResult(currency: string, address: unknown, options: unknown): void {
  const check = checkAddress(currency, address, options as { network?: Network });
  const valid = isValidAddress(currency, address, options as { network?: Network });
  expect(typeof check.valid).toBe("boolean");
  expect(valid).toBe(check.valid);
  if (check.valid) {
    // Accepted means a bare address: a string of printable ASCII, short enough to be one.
    expect(typeof address).toBe("string");
    expect(address as string).toMatch(/^[\x21-\x7e]{1,200}$/);
  } else {
    expect(typeof check.reason).toBe("string");
    expect(check.reason.length).toBeGreaterThan(0);
  }
}

const anyCurrency = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<string>(...CURRENCIES) },
  { weight: 1, arbitrary: fc.constantFrom("BTC", "xmr", "", "__proto__", "toString") },
);
const anyOptions = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NETWORKS).map((network) => ({ network })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      {},
      { network: "regtest" },
      { network: "__proto__" },
      { network: 1 },
    ),
  },
);

/** Edits of one string: the slips of a user or a server copying an address. */
const edit = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant("flipCase" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("wrap" as const),
    before: fc.constantFrom("", " ", "\t", "bitcoin:", "ethereum:", "bitcoincash:", "0x", "\u200b"),
    after: fc.constantFrom("", " ", "\n", "?amount=1", "/", "\u0000", "é"),
  }),
  fc.record({ kind: fc.constant("repeat" as const) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, change: Edit): string {
  const at = "at" in change ? change.at % (text.length + 1) : 0;
  switch (change.kind) {
    case "insert":
      return text.slice(0, at) + change.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + change.length);
    case "replace":
      return text.slice(0, at) + change.text + text.slice(at + 1);
    case "flipCase": {
      const char = text.charAt(at);
      const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
      return text.slice(0, at) + flipped + text.slice(at + 1);
    }
    case "truncate":
      return text.slice(0, at);
    case "wrap":
      return `${change.before}${text}${change.after}`;
    case "repeat":
      return text + text;
  }
}

/** Addresses accepted for a currency on a network, among the vectors (btc and bch: checksummed). */
function acceptedVectors(currency: "btc" | "bch"): [Network, string][] {
  return NETWORKS.flatMap((network) =>
    VECTOR_STRINGS[currency]
      .filter((address) => isValidAddress(currency, address, { network }))
      .map((address): [Network, string] => [network, address]),
  );
}

const CHECKSUMMED = (["btc", "bch"] as const).flatMap((currency) =>
  acceptedVectors(currency).map(([network, address]) => ({ currency, network, address })),
);

describe("checkAddress / isValidAddress never throw, and agree", () => {
  it("the vectors hold accepted btc and bch addresses on both networks to mutate", () => {
    for (const currency of ["btc", "bch"]) {
      for (const network of NETWORKS) {
        const count = CHECKSUMMED.filter(
          (vector) => vector.currency === currency && vector.network === network,
        ).length;
        expect(count, `${currency} ${network}`).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("random strings and values, any currency or network", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.property(
        anyCurrency,
        fc.oneof(
          { weight: 4, arbitrary: fc.string({ maxLength: 130 }) },
          { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 130 }) },
          {
            weight: 2,
            arbitrary: fc.string({
              unit: fc.constantFrom(..."qpzry9x8gf2tvdw0s3jn54khce6mua7l:1bc0xABCDEF"),
              maxLength: 110,
            }),
          },
          { weight: 1, arbitrary: fc.string({ minLength: 190, maxLength: 100_000 }) },
          { weight: 1, arbitrary: fc.anything() },
        ),
        anyOptions,
        (currency, address, options) => expectCheckResult(currency, address, options),
      ),
      PLANNED.randomAddress,
    );
  });

  it("test vectors of any currency, edited, on any currency and network", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.property(
        anyCurrency,
        fc.constantFrom(...ALL_VECTOR_STRINGS),
        fc.array(edit, { maxLength: 3 }),
        anyOptions,
        (currency, vector, edits, options) => {
          const address = edits.reduce(applyEdit, vector);
          expectCheckResult(currency, address, options);
        },
      ),
      PLANNED.mutatedVector,
    );
  });

  it("one character changed in an accepted btc or bch address → refused", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.property(
        fc.constantFrom(...CHECKSUMMED),
        fc.nat(),
        fc.integer({ min: 0x21, max: 0x7e }),
        ({ currency, network, address }, position, code) => {
          const at = position % address.length;
          // Another printable character: the same one would not be a change.
          const replacement = String.fromCharCode(
            code === address.charCodeAt(at) ? (code === 0x7e ? 0x21 : code + 1) : code,
          );
          const changed = address.slice(0, at) + replacement + address.slice(at + 1);
          const check = checkAddress(currency, changed, { network });
          expect(check.valid, `${changed} (${currency} ${network}) was accepted`).toBe(false);
        },
      ),
      PLANNED.oneCharacter,
    );
  });
});

itRanTheBudget(budget);

/**
 * `@cointap/coinimp/schemas`: the zod/mini schemas the client runs, importable on their own. They
 * validate a body through the Standard Schema interface and through zod alike, giving exactly the
 * value the client returns for the same body; the public types of `@cointap/coinimp` are their
 * `z.output` / `z.input`. And whatever is refused — a bad input to any call, a bad answer — every
 * issue says so in an English sentence of cointap's own, never zod's default "Invalid input", and
 * a bad input sends nothing.
 */

import * as exported from "@cointap/coinimp/schemas";
import {
  accountStats,
  count,
  currency,
  hashes,
  inputs,
  money,
  payment,
  paymentStatus,
  rate,
  responses,
  siteKey,
  siteStats,
  siteSummary,
  unixTime,
  user,
  userBalance,
} from "@cointap/coinimp/schemas";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { parseExactJson } from "../../core/src/exact-json.js";
import type { Schema } from "../../core/src/parse.js";
import {
  type AccountStats,
  type CoinImp,
  type Currency,
  type CurrencyParams,
  type CurrencySiteParams,
  type Issue,
  OutcomeUnknownError,
  type Payment,
  type PaymentStatus,
  ResponseValidationError,
  type SiteParams,
  type SiteStats,
  type SiteSummary,
  type UserBalance,
  type UserParams,
  ValidationError,
  type WithdrawParams,
} from "../src/index.js";
import * as local from "../src/schemas/index.js";
import {
  balanceMessage,
  CALLS,
  json,
  paymentMessage,
  SITE_KEY,
  settle,
  stubClient,
  success,
} from "./helpers/stub-fetch.js";

type ResponseName = keyof typeof responses;

/** Each call of `CALLS` by its response schema's name. */
const RESPONSE_OF: Record<string, ResponseName> = {
  hashes: "hashes",
  reward: "reward",
  payout: "payout",
  "users.balance": "userBalance",
  "users.list": "userList",
  "users.withdraw": "userWithdraw",
  "account.stats": "accountStats",
  "account.sites": "accountSites",
  "account.payments": "accountPayments",
  "sites.stats": "siteStats",
  "sites.delete": "siteDelete",
};

/** The output of `schema` for `value` through `~standard.validate`; fails on issues or a promise. */
function standardOutput(schema: Schema<unknown>, value: unknown): unknown {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) throw new Error("the schema is asynchronous");
  if (result.issues) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** The output of `schema` for `value` through `z.safeParse`; fails on issues. */
function zodOutput(schema: z.ZodMiniType, value: unknown): unknown {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new Error(`refused: ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

describe("the subpath export", () => {
  it("@cointap/coinimp/schemas is the module the client runs", () => {
    expect(Object.keys(exported).sort()).toEqual(
      [
        "accountStats",
        "count",
        "currency",
        "hashes",
        "inputs",
        "money",
        "payment",
        "paymentStatus",
        "rate",
        "responses",
        "siteKey",
        "siteStats",
        "siteSummary",
        "unixTime",
        "user",
        "userBalance",
      ].sort(),
    );
    expect(exported.responses).toBe(local.responses);
    expect(exported.inputs).toBe(local.inputs);
  });

  it("inputs and responses have one schema per endpoint, all Standard Schemas", () => {
    const names = Object.values(RESPONSE_OF).sort();
    expect(Object.keys(responses).sort()).toEqual(names);
    expect(Object.keys(inputs).sort()).toEqual(names);
    for (const schema of [...Object.values(responses), ...Object.values(inputs)]) {
      expect(typeof schema["~standard"].validate).toBe("function");
      expect(schema["~standard"].vendor).toBe("zod");
    }
  });
});

describe("a response schema gives what the client returns for the same body", () => {
  /** Bodies per call: as documented, and lenient forms the client normalises. */
  const lenient: Record<ResponseName, unknown[]> = {
    hashes: ["16136111", 0, " 7 "],
    reward: [1.5e-7, "0.1000000000000000055511151231257827", "42.000"],
    payout: [{ result: 0.0005, currency: "MINTME" }, { result: "1.50" }],
    userBalance: [
      {
        name: "alice",
        pending: "0.1000000000000000055511151231257827",
        withdrawn: "876051",
        hashes: 2344703,
        hashRate: 12.5,
        extra: true,
      },
    ],
    userList: [{ 1: "bob", 0: "alice", 10: "zed" }, []],
    userWithdraw: [{ ...balanceMessage, pending: 1.5e-7 }],
    accountStats: [
      { hashrate: "8184.5", hashes: "16136111", reward: 0.00012345, "reward-pending": "1.50" },
    ],
    accountSites: [{ 0: { name: "blog.example", "site-key": SITE_KEY, hashes: 5 } }, {}],
    accountPayments: [
      { 1: { ...paymentMessage, status: "paid", timestamp: "1700000123" }, 0: paymentMessage },
      [{ ...paymentMessage, amount: "12345678901234567890.123456789012345678" }],
    ],
    siteStats: [{ name: "x", hashrate: "4145", hashes: "7941713", reward: 1.5e-7 }],
    siteDelete: ["Site deleted", 1],
  };

  const cases = CALLS.flatMap((call) => {
    const name = RESPONSE_OF[call.name] as ResponseName;
    return [call.message, ...lenient[name]].map((message, index) => ({
      label: `${call.name} #${index}`,
      call,
      name,
      body: { status: "success", message },
    }));
  });

  it.each(cases)(
    "$label: ~standard.validate ≡ z.safeParse ≡ the client",
    async ({ call, name, body }) => {
      const schema = responses[name];
      const viaStandard = standardOutput(schema as Schema<unknown>, structuredClone(body));
      const viaZod = zodOutput(schema as z.ZodMiniType, structuredClone(body));
      const { api } = stubClient(() => json(body));
      const viaClient = await call.run(api);
      expect(viaStandard).toStrictEqual(viaClient);
      expect(viaZod).toStrictEqual(viaClient);
      expect(call.isShape(viaClient)).toBe(true);
    },
  );

  it("a raw body with long numbers: the schema on the exact JSON ≡ the client on the text", async () => {
    const text =
      '{"status":"success","message":{"name":"alice","pending":0.1000000000000000055511151231257827,' +
      '"withdrawn":876051,"hashes":2344703,"hashRate":12.30000000000000000001}}';
    const { api } = stubClient(() => json(text));
    const viaClient = await api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    const exact = parseExactJson(text);
    expect(standardOutput(responses.userBalance as Schema<unknown>, exact)).toStrictEqual(
      viaClient,
    );
    expect(zodOutput(responses.userBalance, exact)).toStrictEqual(viaClient);
    expect(viaClient).toStrictEqual({
      name: "alice",
      pending: "0.1000000000000000055511151231257827",
      withdrawn: 876051,
      hashes: 2344703,
      hashRate: "12.30000000000000000001",
    });
  });
});

describe("the records and pieces on their own", () => {
  it("userBalance: one item, camelCase and exact", () => {
    const item = { ...balanceMessage, pending: 0.00012345, withdrawn: "5" };
    const expected = { ...balanceMessage, pending: "0.00012345", withdrawn: 5 };
    expect(standardOutput(userBalance as Schema<unknown>, item)).toStrictEqual(expected);
    expect(zodOutput(userBalance, item)).toStrictEqual(expected);
  });

  it("accountStats: reward-pending → rewardPending", () => {
    const item = { hashrate: 1, hashes: 2, reward: "3.50", "reward-pending": 4e-8 };
    expect(zodOutput(accountStats, item)).toStrictEqual({
      hashrate: 1,
      hashes: 2,
      reward: "3.5",
      rewardPending: "0.00000004",
    });
  });

  it("siteSummary, siteStats, payment, paymentStatus", () => {
    expect(zodOutput(siteSummary, { name: "a", "site-key": SITE_KEY })).toStrictEqual({
      name: "a",
      siteKey: SITE_KEY,
    });
    expect(
      zodOutput(siteStats, { name: "a", hashrate: "1.5", hashes: 3, reward: 0 }),
    ).toStrictEqual({ name: "a", hashrate: 1.5, hashes: 3, reward: "0" });
    expect(zodOutput(payment, paymentMessage)).toStrictEqual({
      amount: "0.06102",
      fee: "0.000201",
      status: "PENDING",
      walletAddress: "499cWalletAddress",
      txId: "630dTransactionId",
      timestamp: new Date(1_700_000_000_000),
    });
    expect(zodOutput(paymentStatus, "error")).toBe("ERROR");
  });

  it("money, count, rate, unixTime", () => {
    expect(zodOutput(money, "0.1000000000000000055511151231257827")).toBe(
      "0.1000000000000000055511151231257827",
    );
    expect(zodOutput(money, 1.5e-7)).toBe("0.00000015");
    expect(zodOutput(count, "12")).toBe(12);
    expect(zodOutput(rate, "2.5")).toBe(2.5);
    expect(zodOutput(unixTime, 1)).toStrictEqual(new Date(1000));
    for (const [schema, bad] of [
      [money, -1],
      [money, Number.POSITIVE_INFINITY],
      [count, "12345678901234567890"],
      [count, 1.5],
      [rate, Number.NaN],
      [unixTime, -1],
    ] as const) {
      expect(z.safeParse(schema, bad).success).toBe(false);
    }
  });

  it("the input pieces: currency, siteKey, user, hashes", () => {
    expect(zodOutput(currency, "xmr")).toBe("XMR");
    expect(zodOutput(siteKey, SITE_KEY)).toBe(SITE_KEY);
    expect(zodOutput(user, "alice")).toBe("alice");
    expect(zodOutput(hashes, "1000")).toBe(1000);
    expect(
      zodOutput(inputs.userWithdraw, { siteKey: SITE_KEY, user: "a", amount: 5 }),
    ).toStrictEqual({ "site-key": SITE_KEY, user: "a", amount: 5 });
    expect(z.safeParse(currency, "BTC").success).toBe(false);
    expect(z.safeParse(hashes, 0).success).toBe(false);
  });
});

describe("the public types are the schemas' types", () => {
  it("results: z.output of the records", () => {
    expectTypeOf<UserBalance>().toEqualTypeOf<z.output<typeof userBalance>>();
    expectTypeOf<AccountStats>().toEqualTypeOf<z.output<typeof accountStats>>();
    expectTypeOf<SiteSummary>().toEqualTypeOf<z.output<typeof siteSummary>>();
    expectTypeOf<SiteStats>().toEqualTypeOf<z.output<typeof siteStats>>();
    expectTypeOf<Payment>().toEqualTypeOf<z.output<typeof payment>>();
    expectTypeOf<PaymentStatus>().toEqualTypeOf<z.output<typeof paymentStatus>>();
    expectTypeOf<Currency>().toEqualTypeOf<z.output<typeof currency>>();
    expectTypeOf<exported.UserBalance>().toEqualTypeOf<UserBalance>();
    expectTypeOf<exported.Payment>().toEqualTypeOf<Payment>();
    // And concretely what they say.
    expectTypeOf<UserBalance>().toEqualTypeOf<{
      name: string;
      pending: string;
      withdrawn: number;
      hashes: number;
      hashRate: string;
    }>();
    expectTypeOf<Payment["timestamp"]>().toEqualTypeOf<Date>();
    expectTypeOf<PaymentStatus>().toEqualTypeOf<"PAID" | "ERROR" | "PENDING">();
    expect(Object.keys(balanceMessage).sort()).toEqual(
      ["hashRate", "hashes", "name", "pending", "withdrawn"].sort(),
    );
  });

  it("parameters: z.input of the input schemas", () => {
    expectTypeOf<CurrencyParams>().toEqualTypeOf<z.input<typeof inputs.payout>>();
    expectTypeOf<CurrencyParams>().toEqualTypeOf<z.input<typeof inputs.accountStats>>();
    expectTypeOf<CurrencySiteParams>().toEqualTypeOf<z.input<typeof inputs.hashes>>();
    expectTypeOf<CurrencySiteParams>().toEqualTypeOf<z.input<typeof inputs.reward>>();
    expectTypeOf<SiteParams>().toEqualTypeOf<z.input<typeof inputs.userList>>();
    expectTypeOf<SiteParams>().toEqualTypeOf<z.input<typeof inputs.siteDelete>>();
    expectTypeOf<UserParams>().toEqualTypeOf<z.input<typeof inputs.userBalance>>();
    expectTypeOf<WithdrawParams>().toEqualTypeOf<z.input<typeof inputs.userWithdraw>>();
    expectTypeOf<WithdrawParams["amount"]>().toEqualTypeOf<number | string>();
    expect(Object.keys(inputs)).toContain("userWithdraw");
  });

  it("every method takes z.input of its input schema and resolves to z.output of its response", () => {
    type In<Name extends ResponseName> = z.input<(typeof inputs)[Name]>;
    type Out<Name extends ResponseName> = z.output<(typeof responses)[Name]>;
    expectTypeOf<CoinImp["hashes"]>().parameter(0).toEqualTypeOf<In<"hashes">>();
    expectTypeOf<CoinImp["hashes"]>().returns.resolves.toEqualTypeOf<Out<"hashes">>();
    expectTypeOf<CoinImp["reward"]>().returns.resolves.toEqualTypeOf<Out<"reward">>();
    expectTypeOf<CoinImp["payout"]>().parameter(0).toEqualTypeOf<In<"payout">>();
    expectTypeOf<CoinImp["payout"]>().returns.resolves.toEqualTypeOf<Out<"payout">>();
    expectTypeOf<CoinImp["users"]["balance"]>().parameter(0).toEqualTypeOf<In<"userBalance">>();
    expectTypeOf<CoinImp["users"]["balance"]>().returns.resolves.toEqualTypeOf<
      Out<"userBalance">
    >();
    expectTypeOf<CoinImp["users"]["list"]>().returns.resolves.toEqualTypeOf<Out<"userList">>();
    expectTypeOf<CoinImp["users"]["withdraw"]>().parameter(0).toEqualTypeOf<In<"userWithdraw">>();
    expectTypeOf<CoinImp["users"]["withdraw"]>().returns.resolves.toEqualTypeOf<
      Out<"userWithdraw">
    >();
    expectTypeOf<CoinImp["account"]["stats"]>().returns.resolves.toEqualTypeOf<
      Out<"accountStats">
    >();
    expectTypeOf<CoinImp["account"]["sites"]>().returns.resolves.toEqualTypeOf<
      Out<"accountSites">
    >();
    expectTypeOf<CoinImp["account"]["payments"]>().returns.resolves.toEqualTypeOf<
      Out<"accountPayments">
    >();
    expectTypeOf<CoinImp["sites"]["stats"]>().returns.resolves.toEqualTypeOf<Out<"siteStats">>();
    expectTypeOf<CoinImp["sites"]["delete"]>().returns.resolves.toEqualTypeOf<Out<"siteDelete">>();
    expectTypeOf<Out<"accountPayments">>().toEqualTypeOf<Payment[]>();
    expectTypeOf<Out<"accountSites">>().toEqualTypeOf<SiteSummary[]>();
    expect(Object.keys(responses)).toHaveLength(11);
  });
});

// ---- every message is cointap's own English ----

/** zod's message when no locale is loaded — what a schema without its own text would say. */
const ZOD_DEFAULT = /^Invalid input\b/;

/** Fails unless `message` is a non-empty English sentence of cointap's, not zod's default. */
function expectEnglish(message: unknown, where: string): void {
  expect(typeof message, where).toBe("string");
  const text = message as string;
  expect(text.trim(), where).toBe(text);
  expect(text, where).not.toMatch(ZOD_DEFAULT);
  // Starts with a word, and has at least two words of letters.
  expect(text, where).toMatch(/^[A-Za-z]+ [A-Za-z"]/);
  expect(text, where).not.toMatch(/invalid_type|invalid_value|too_small|too_big|custom/);
}

const expectEnglishIssues = (issues: readonly Issue[], where: string) => {
  expect(issues.length, where).toBeGreaterThan(0);
  for (const issue of issues) expectEnglish(issue.message, `${where} at ${issue.path.join(".")}`);
};

type ParamsKind = "currency" | "siteKey" | "optionalSiteKey" | "user" | "amount";

interface InputCall {
  name: string;
  fields: Partial<Record<string, ParamsKind>>;
  valid: Record<string, unknown>;
  run: (api: CoinImp, params: unknown) => Promise<unknown>;
}

const p = <T>(params: unknown) => params as T;

const INPUT_CALLS: InputCall[] = [
  {
    name: "hashes",
    fields: { currency: "currency", siteKey: "optionalSiteKey" },
    valid: { currency: "XMR", siteKey: SITE_KEY },
    run: (api, params) => api.hashes(p(params)),
  },
  {
    name: "reward",
    fields: { currency: "currency", siteKey: "optionalSiteKey" },
    valid: { currency: "MINTME" },
    run: (api, params) => api.reward(p(params)),
  },
  {
    name: "payout",
    fields: { currency: "currency" },
    valid: { currency: "xmr" },
    run: (api, params) => api.payout(p(params)),
  },
  {
    name: "users.balance",
    fields: { siteKey: "siteKey", user: "user" },
    valid: { siteKey: SITE_KEY, user: "alice" },
    run: (api, params) => api.users.balance(p(params)),
  },
  {
    name: "users.list",
    fields: { siteKey: "siteKey" },
    valid: { siteKey: SITE_KEY },
    run: (api, params) => api.users.list(p(params)),
  },
  {
    name: "users.withdraw",
    fields: { siteKey: "siteKey", user: "user", amount: "amount" },
    valid: { siteKey: SITE_KEY, user: "alice", amount: 1000 },
    run: (api, params) => api.users.withdraw(p(params)),
  },
  {
    name: "account.stats",
    fields: { currency: "currency" },
    valid: { currency: "MINTME" },
    run: (api, params) => api.account.stats(p(params)),
  },
  {
    name: "account.sites",
    fields: { currency: "currency" },
    valid: { currency: "MINTME" },
    run: (api, params) => api.account.sites(p(params)),
  },
  {
    name: "account.payments",
    fields: { currency: "currency" },
    valid: { currency: "XMR" },
    run: (api, params) => api.account.payments(p(params)),
  },
  {
    name: "sites.stats",
    fields: { siteKey: "siteKey" },
    valid: { siteKey: SITE_KEY },
    run: (api, params) => api.sites.stats(p(params)),
  },
  {
    name: "sites.delete",
    fields: { siteKey: "siteKey" },
    valid: { siteKey: SITE_KEY },
    run: (api, params) => api.sites.delete(p(params)),
  },
];

const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

/** Values no field takes: wrong types, objects, BigInt, Symbols, lone-surrogate text. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constant(10n),
  fc.bigInt(),
  fc.string({ maxLength: 8 }).map((description) => Symbol(description)),
  fc.constant(Symbol.iterator),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.constant(new Date(0)),
  fc.constant(new Map([["currency", "XMR"]])),
  fc.constant(() => "XMR"),
  fc.constant(Object.create(null)),
);

/** A string holding a lone surrogate (fast-check's strings are ASCII: nothing pairs it). */
const loneSurrogateText = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom(...LONE_SURROGATES),
    fc.string({ maxLength: 6 }),
  )
  .map(([before, lone, after]) => `${before}${lone}${after}`);

const BAD: Record<ParamsKind, fc.Arbitrary<unknown>> = {
  currency: fc.oneof(
    wrongType,
    fc.constant(undefined),
    fc.double(),
    fc.string().filter((text) => !["MINTME", "XMR"].includes(text.toUpperCase())),
    loneSurrogateText,
    fc.constantFrom(" XMR", "XMR\0", "btc", ""),
  ),
  siteKey: fc.oneof(
    wrongType,
    fc.constant(undefined),
    fc.integer(),
    fc.string().filter((text) => !/^[0-9a-fA-F]{64}$/.test(text)),
    loneSurrogateText,
    fc.constantFrom(
      SITE_KEY.slice(1),
      `${SITE_KEY}0`,
      ` ${SITE_KEY}`,
      `${SITE_KEY.slice(1)}\uD800`,
    ),
  ),
  optionalSiteKey: fc.oneof(
    wrongType,
    fc.integer(),
    fc.string().filter((text) => !/^[0-9a-fA-F]{64}$/.test(text)),
    loneSurrogateText,
  ),
  user: fc.oneof(
    wrongType,
    fc.constant(undefined),
    fc.double(),
    loneSurrogateText,
    fc.string({ maxLength: 8 }).map((name) => ` ${name}`),
    fc.string({ maxLength: 8 }).map((name) => `${name}\n`),
    fc.string({ maxLength: 8 }).map((name) => `a${name}\u0085`),
    fc.constantFrom("", "u".repeat(129), "\uDC00", "a\uD800b", "\u0000"),
  ),
  amount: fc.oneof(
    wrongType,
    fc.constant(undefined),
    fc.integer({ max: 0 }),
    fc.double().filter((value) => !(Number.isSafeInteger(value) && value > 0)),
    fc
      .string()
      .filter(
        (text) => !/^\d+$/.test(text) || !(Number(text) > 0) || !Number.isSafeInteger(Number(text)),
      ),
    fc.constantFrom("0", "-5", "1.0", "1e3", "9007199254740993", " 5"),
  ),
};

/** A bad value for one field of a call, or bad params as a whole. */
const badInput = fc.constantFrom(...INPUT_CALLS).chain((call) => {
  const fieldNames = Object.keys(call.fields);
  const wholeParams = fc.oneof(
    wrongType.filter(
      (value) => typeof value !== "object" || Array.isArray(value) || value === null,
    ),
    fc.constant(undefined),
    fc.double(),
    fc.string(),
  );
  const oneField = fc.constantFrom(...fieldNames).chain((field) =>
    BAD[call.fields[field] as ParamsKind].map((value) => {
      const params: Record<string, unknown> = { ...call.valid, [field]: value };
      if (value === undefined) delete params[field];
      return params;
    }),
  );
  return fc.record({
    call: fc.constant(call),
    params: fc.oneof({ weight: 1, arbitrary: wholeParams }, { weight: 4, arbitrary: oneField }),
  });
});

describe("every issue is an English sentence of cointap's own", () => {
  it("the check itself: a bare zod/mini schema says zod's default, and it is refused", () => {
    const bare = z.safeParse(z.object({ a: z.string() }), { a: 1 });
    const message = bare.error?.issues[0]?.message;
    expect(message).toMatch(ZOD_DEFAULT);
    expect(() => expectEnglish(message, "bare zod")).toThrow();
    expect(() => expectEnglish("", "empty")).toThrow();
    expect(() => expectEnglish("must be a string, got 1", "ours")).not.toThrow();
  });

  it("a valid input of every call is sent (the property below refuses only bad ones)", async () => {
    for (const call of INPUT_CALLS) {
      const message = CALLS.find((known) => known.name === call.name)?.message;
      const { api, calls } = stubClient(() => success(message));
      await call.run(api, call.valid);
      expect(calls, call.name).toHaveLength(1);
    }
  });

  it("property: a bad input to any call → ValidationError, English issues, nothing sent", async () => {
    await fc.assert(
      fc.asyncProperty(badInput, async ({ call, params }) => {
        const { api, calls } = stubClient(() => success(1));
        const outcome = await settle(() => call.run(api, params));
        expect(outcome.ok, `${call.name} accepted ${String(params)}`).toBe(false);
        const { error } = outcome as { error: unknown };
        expect(error).toBeInstanceOf(ValidationError);
        expectEnglishIssues((error as ValidationError).issues, call.name);
        expect(calls).toHaveLength(0);
      }),
      { numRuns: 600 },
    );
  });

  it("property: the input schemas alone give the same English issues", () => {
    fc.assert(
      fc.property(badInput, ({ call, params }) => {
        const name = RESPONSE_OF[call.name] as ResponseName;
        let result: ReturnType<typeof z.safeParse>;
        try {
          result = z.safeParse(inputs[name], params);
        } catch {
          // A Proxy or getter would throw here; the client turns that into a ValidationError.
          return;
        }
        expect(result.success).toBe(false);
        for (const issue of result.error?.issues ?? []) expectEnglish(issue.message, call.name);
      }),
      { numRuns: 300 },
    );
  });

  it("property: a bad answer to any call → refused with English issues, or a valid result", async () => {
    let refused = 0;
    const message = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("NaN", "Infinity", "-1", "1e400", "0x10", "", null, [], {}, -1, 1.5, 2 ** 60),
    );
    const answer = fc.record({
      call: fc.constantFrom(...CALLS),
      at: fc.nat(),
      replacement: message,
      whole: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(answer, async ({ call, at, replacement, whole }) => {
        // Either a random message, or the valid one with one field (or list item field) replaced.
        const valid = structuredClone(call.message);
        let wire: unknown = replacement;
        if (!whole && valid !== null && typeof valid === "object") {
          const first: unknown = Array.isArray(valid) ? valid[0] : valid;
          // A field of the record (of the first item of a list of records), or an item itself.
          const target = (typeof first === "object" && first !== null ? first : valid) as Record<
            string,
            unknown
          >;
          const keys = Object.keys(target);
          target[keys[at % keys.length] as string] = replacement;
          wire = valid;
        }
        const body = { status: "success", message: wire };
        const { api } = stubClient(() => json(body));
        const outcome = await settle(() => call.run(api));
        // What the exported schema says of the same body.
        const direct = z.safeParse(responses[RESPONSE_OF[call.name] as ResponseName], body);
        if (outcome.ok) {
          expect(call.isShape(outcome.value), call.name).toBe(true);
          expect(direct.success).toBe(true);
          expect(direct.data).toStrictEqual(outcome.value);
          return;
        }
        refused++;
        let error = outcome.error;
        if (call.method !== "GET") {
          expect(error).toBeInstanceOf(OutcomeUnknownError);
          error = (error as OutcomeUnknownError).cause;
        }
        expect(error).toBeInstanceOf(ResponseValidationError);
        expectEnglishIssues((error as ResponseValidationError).issues, call.name);
        expect(direct.success).toBe(false);
        for (const issue of direct.error?.issues ?? []) expectEnglish(issue.message, call.name);
      }),
      { numRuns: 600 },
    );
    expect(refused).toBeGreaterThan(100);
  });

  it("whole bodies that are not the envelope → English issues", async () => {
    for (const body of [null, 1, "x", [], {}, { status: "success" }, { status: 1, message: 1 }]) {
      for (const call of CALLS.filter((known) => known.method === "GET")) {
        const { api } = stubClient(() => json(JSON.stringify(body)));
        const outcome = await settle(() => call.run(api));
        expect(outcome.ok).toBe(false);
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(ResponseValidationError);
        expectEnglishIssues(
          (error as ResponseValidationError).issues,
          `${call.name} ${JSON.stringify(body)}`,
        );
      }
    }
  });
});

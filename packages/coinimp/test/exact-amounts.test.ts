/**
 * Money is exact end to end (DESIGN rule 1), through the client and a stub `fetch` answering raw
 * JSON text — so the digits reach the parser as the API wrote them: an amount sent as a JSON
 * number a double would round comes back as its exact decimal text; a count a double would round
 * is refused, not rounded; a number too large for a double (`1e400`, read as `Infinity`) and the
 * strings "NaN" / "Infinity" are refused in every numeric field of every endpoint — never a value
 * holding "Infinity" or "NaN".
 */

import { describe, expect, it } from "vitest";
import { type CoinImp, OutcomeUnknownError, ResponseValidationError } from "../src/index.js";
import {
  balanceMessage,
  json,
  paymentMessage,
  rejection,
  SITE_KEY,
  stubClient,
} from "./helpers/stub-fetch.js";

/** Stands for the raw token in a message before it is written out. */
const MARK = "\u0000raw\u0000";

/** `{"status":"success","message":…}` as text, `raw` written verbatim where `MARK` stands. */
function body(message: unknown, raw: string): string {
  const text = JSON.stringify({ status: "success", message });
  const marked = JSON.stringify(MARK);
  if (!text.includes(marked)) throw new Error("the message holds no mark");
  return text.replace(marked, raw);
}

/** A client answering every call with `body(message, raw)`, and its recorded calls. */
function answeringRaw(message: unknown, raw: string) {
  const text = body(message, raw);
  return stubClient(() => json(text));
}

/** Whether a resolved value holds, anywhere, a non-finite number or its text. */
function holdsNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (typeof value === "string") return /Infinity|NaN/.test(value);
  if (value instanceof Date) return Number.isNaN(value.getTime());
  if (Array.isArray(value)) return value.some(holdsNonFinite);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsNonFinite);
  return false;
}

type Kind = "money" | "count" | "rate" | "text" | "time";

interface Field {
  /** The call and the field, for the test's name. */
  name: string;
  kind: Kind;
  run: (api: CoinImp) => Promise<unknown>;
  /** The message with `MARK` where the field's value goes. */
  message: unknown;
  /** Where the issue must point. */
  path: (string | number)[];
  /** The field in the call's result. */
  pick: (result: unknown) => unknown;
  /** A POST or DELETE: an unreadable answer is an `OutcomeUnknownError` caused by the refusal. */
  mutation?: boolean;
}

/**
 * The `ResponseValidationError` a call was refused with: itself for a read, the `cause` of the
 * `OutcomeUnknownError` for a mutation (it was sent, and may have been applied).
 */
function invalidAnswer(error: unknown, mutation = false): ResponseValidationError {
  if (mutation) {
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    error = (error as OutcomeUnknownError).cause;
  }
  expect(error).toBeInstanceOf(ResponseValidationError);
  return error as ResponseValidationError;
}

const at =
  (...keys: (string | number)[]) =>
  (value: unknown): unknown =>
    keys.reduce<unknown>((inner, key) => (inner as Record<string | number, unknown>)[key], value);

const balance = (api: CoinImp) => api.users.balance({ siteKey: SITE_KEY, user: "alice" });
const withdraw = (api: CoinImp) =>
  api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 1000 });
const accountStats = {
  hashrate: 8184,
  hashes: 16136111,
  reward: "5.133574625762",
  "reward-pending": "0.08",
};
const siteStats = { name: "blog.example", hashrate: 4145, hashes: 7941713, reward: "2.5" };

function balanceFields(
  call: string,
  run: (api: CoinImp) => Promise<unknown>,
  mutation = false,
): Field[] {
  return (
    [
      ["pending", "money"],
      ["withdrawn", "count"],
      ["hashes", "count"],
      ["hashRate", "text"],
    ] as const
  ).map(([key, kind]) => ({
    name: `${call} ${key}`,
    kind,
    run,
    message: { ...balanceMessage, [key]: MARK },
    path: ["message", key],
    pick: at(key),
    mutation,
  }));
}

/** Every numeric field of every endpoint. */
const FIELDS: Field[] = [
  {
    name: "hashes",
    kind: "count",
    run: (api) => api.hashes({ currency: "MINTME" }),
    message: MARK,
    path: ["message"],
    pick: (value) => value,
  },
  {
    name: "reward",
    kind: "money",
    run: (api) => api.reward({ currency: "XMR", siteKey: SITE_KEY }),
    message: MARK,
    path: ["message"],
    pick: (value) => value,
  },
  {
    name: "payout result",
    kind: "money",
    run: (api) => api.payout({ currency: "MINTME" }),
    message: { result: MARK },
    path: ["message", "result"],
    pick: (value) => value,
  },
  ...balanceFields("users.balance", balance),
  ...balanceFields("users.withdraw", withdraw, true),
  ...(
    [
      ["hashrate", "rate", "hashrate"],
      ["hashes", "count", "hashes"],
      ["reward", "money", "reward"],
      ["reward-pending", "money", "rewardPending"],
    ] as const
  ).map(
    ([key, kind, output]): Field => ({
      name: `account.stats ${key}`,
      kind,
      run: (api) => api.account.stats({ currency: "MINTME" }),
      message: { ...accountStats, [key]: MARK },
      path: ["message", key],
      pick: at(output),
    }),
  ),
  ...(
    [
      ["hashrate", "rate"],
      ["hashes", "count"],
      ["reward", "money"],
    ] as const
  ).map(
    ([key, kind]): Field => ({
      name: `sites.stats ${key}`,
      kind,
      run: (api) => api.sites.stats({ siteKey: SITE_KEY }),
      message: { ...siteStats, [key]: MARK },
      path: ["message", key],
      pick: at(key),
    }),
  ),
  ...(
    [
      ["amount", "money"],
      ["fee", "money"],
      ["timestamp", "time"],
    ] as const
  ).map(
    ([key, kind]): Field => ({
      name: `account.payments ${key}`,
      kind,
      run: (api) => api.account.payments({ currency: "XMR" }),
      // The second payment carries the value: its issue is at index 1.
      message: [paymentMessage, { ...paymentMessage, [key]: MARK }],
      path: ["message", 1, key],
      pick: at(1, key),
    }),
  ),
];

const MONEY_FIELDS = FIELDS.filter((field) => field.kind === "money");
const COUNT_FIELDS = FIELDS.filter((field) => field.kind === "count" || field.kind === "time");

it("the table covers every numeric field of every endpoint that has one", () => {
  expect(FIELDS.map((field) => field.name)).toEqual(
    expect.arrayContaining([
      "hashes",
      "reward",
      "payout result",
      "users.balance pending",
      "users.balance withdrawn",
      "users.balance hashes",
      "users.balance hashRate",
      "users.withdraw pending",
      "account.stats hashrate",
      "account.stats hashes",
      "account.stats reward",
      "account.stats reward-pending",
      "sites.stats hashrate",
      "sites.stats hashes",
      "sites.stats reward",
      "account.payments amount",
      "account.payments fee",
      "account.payments timestamp",
    ]),
  );
  expect(FIELDS).toHaveLength(21);
});

describe("an amount sent as a JSON number a double would round → its exact decimal text", () => {
  const CASES: [string, string][] = [
    ["0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827"],
    ["12345678901234567890", "12345678901234567890"],
    ["12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"],
    ["0.000000000000000000123456789012345678901", "0.000000000000000000123456789012345678901"],
    ["1.00000000000000000001e5", "100000.000000000000001"],
    ["1.2345678901234567890123E-10", "0.00000000012345678901234567890123"],
    ["5.133574625762000000000000000001", "5.133574625762000000000000000001"],
  ];

  for (const field of MONEY_FIELDS) {
    it.each(CASES)(`${field.name}: %s → %j`, async (raw, exact) => {
      const { api, calls } = answeringRaw(field.message, raw);
      const result = await field.run(api);
      expect(field.pick(result)).toBe(exact);
      expect(calls).toHaveLength(1);
    });
  }

  it("the digits are really on the wire: JSON.parse alone would have rounded them", () => {
    const text = body({ result: MARK }, "0.1000000000000000055511151231257827");
    expect(text).toContain(":0.1000000000000000055511151231257827}");
    expect((JSON.parse(text) as { message: { result: number } }).message.result).toBe(0.1);
  });

  it("the rest of the body is unchanged around a long amount", async () => {
    const { api } = answeringRaw(
      [paymentMessage, { ...paymentMessage, amount: MARK, tx_id: "tx 12345678901234567890" }],
      "0.06102000000000000000000001",
    );
    const payments = await api.account.payments({ currency: "XMR" });
    expect(payments[1]).toStrictEqual({
      amount: "0.06102000000000000000000001",
      fee: "0.000201",
      status: "PENDING",
      walletAddress: "499cWalletAddress",
      txId: "tx 12345678901234567890",
      timestamp: new Date(1_700_000_000_000),
    });
    expect(payments[0]?.amount).toBe("0.06102");
  });

  it("a negative long amount is refused, not rounded to a negative number", async () => {
    for (const field of MONEY_FIELDS) {
      const { api } = answeringRaw(field.message, "-0.1000000000000000055511151231257827");
      const error = invalidAnswer(await rejection(() => field.run(api)), field.mutation);
      expect(
        error.issues.map((issue) => issue.path),
        field.name,
      ).toContainEqual(field.path);
    }
  });

  it("a hash rate shown as text keeps its long digits exactly", async () => {
    const { api } = answeringRaw({ ...balanceMessage, hashRate: MARK }, "12.30000000000000000001");
    const result = await balance(api);
    expect(result.hashRate).toBe("12.30000000000000000001");
  });

  it("a rate (a number in the result) with long digits is read as the nearest number", async () => {
    const { api } = answeringRaw({ ...siteStats, hashrate: MARK }, "4145.0000000000000000001");
    await expect(api.sites.stats({ siteKey: SITE_KEY })).resolves.toMatchObject({ hashrate: 4145 });
  });
});

describe("a count a double would round is refused, never rounded", () => {
  for (const field of COUNT_FIELDS) {
    it.each([
      "12345678901234567890",
      "9007199254740993",
      "-12345678901234567890",
      "12345678901234567.5",
    ])(`${field.name}: %s → ResponseValidationError at its path`, async (raw) => {
      const { api } = answeringRaw(field.message, raw);
      const error = invalidAnswer(await rejection(() => field.run(api)), field.mutation);
      expect(error.issues.map((issue) => issue.path)).toContainEqual(field.path);
    });
  }

  it("the largest safe integer, written out, is still a count", async () => {
    const { api } = answeringRaw(MARK, "9007199254740991");
    await expect(api.hashes({ currency: "XMR" })).resolves.toBe(Number.MAX_SAFE_INTEGER);
  });

  it("a whole count written with many zeros after the point is that count", async () => {
    const { api } = answeringRaw(MARK, "1234.00000000000000000000");
    await expect(api.hashes({ currency: "XMR" })).resolves.toBe(1234);
  });
});

describe("numbers beyond a double, and non-finite text, are refused in every numeric field", () => {
  const RAW = [
    ["1e400", "1e400"],
    ["-1e400", "-1e400"],
    ["1E+400", "1E+400"],
    ['the string "NaN"', '"NaN"'],
    ['the string "Infinity"', '"Infinity"'],
    ['the string "-Infinity"', '"-Infinity"'],
  ] as const;

  for (const field of FIELDS) {
    for (const [label, raw] of RAW) {
      it(`${field.name}: ${label} → ResponseValidationError, never Infinity`, async () => {
        const { api } = answeringRaw(field.message, raw);
        const outcome = await field.run(api).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        if (outcome.ok) {
          expect.fail(
            `${field.name} resolved with ${String(field.pick(outcome.value))}` +
              (holdsNonFinite(outcome.value) ? " (holds a non-finite value)" : ""),
          );
        }
        const error = invalidAnswer(outcome.error, field.mutation);
        expect(error.issues.map((issue) => issue.path)).toContainEqual(field.path);
        for (const issue of error.issues) {
          expect(issue.message.length).toBeGreaterThan(0);
          expect(issue.message).not.toBe("Invalid input");
        }
      });
    }
  }

  it('sites.delete: a message of 1e400 is refused, not the text "Infinity"', async () => {
    for (const raw of ["1e400", "-1e400"]) {
      const { api } = answeringRaw(MARK, raw);
      const error = invalidAnswer(
        await rejection(() => api.sites.delete({ siteKey: SITE_KEY })),
        true,
      );
      expect(error.issues.map((issue) => issue.path)).toEqual([["message"]]);
    }
  });

  it("1e400 inside a list of payments refuses the whole answer", async () => {
    const { api } = answeringRaw(
      { 0: paymentMessage, 1: { ...paymentMessage, fee: MARK }, 2: paymentMessage },
      "1e400",
    );
    const error = invalidAnswer(await rejection(() => api.account.payments({ currency: "XMR" })));
    expect(error.issues.map((issue) => issue.path)).toContainEqual(["message", 1, "fee"]);
  });
});

/**
 * Lenient in, exact out (DESIGN rules 1-2): every shape the real API is known to send — numbers as
 * strings, strings as numbers, exponent notation, lists as objects keyed by index, unix-seconds
 * timestamps as numbers or digits, lower-case statuses, extra fields — becomes the exact documented
 * value, with camelCase names.
 */

import { describe, expect, it } from "vitest";
import {
  balanceMessage,
  CALLS,
  json,
  PUBLIC_KEY,
  paymentMessage,
  SITE_KEY,
  stubClient,
  success,
} from "./helpers/stub-fetch.js";

/** A client whose every call is answered with `success(message)`. */
function answering(message: unknown) {
  return stubClient(() => success(message));
}

describe("every call, on the documented wire shape", () => {
  it.each(CALLS)("$name: $method $path → the documented shape", async (call) => {
    const { api, calls } = answering(call.message);
    const value = await call.run(api);
    expect(call.isShape(value)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe(call.method);
    expect(calls[0]?.url.pathname).toBe(`/api/v2${call.path}`);
    expect(calls[0]?.headers.get("x-api-id")).toBe(PUBLIC_KEY);
  });
});

describe("hashes: a count", () => {
  it.each([
    ["a JSON number", 123, 123],
    ["a digit string", "123", 123],
    ["digits with surrounding spaces", " 123 ", 123],
    ["zero", 0, 0],
    ["zero as a string", "0", 0],
    ["the largest safe integer", Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ["a whole number written with an exponent", 1e3, 1000],
  ])("%s → %j", async (_, wire, expected) => {
    const { api } = answering(wire);
    await expect(api.hashes({ currency: "MINTME" })).resolves.toBe(expected);
  });
});

const MONEY: [string, unknown, string][] = [
  ["a number", 0.00012345, "0.00012345"],
  ["a number JavaScript prints with an exponent", 1.5e-7, "0.00000015"],
  ["a string with an exponent", "1.5e-7", "0.00000015"],
  ["a string with a trailing zero", "1.50", "1.5"],
  ["a decimal string", "5.133574625762", "5.133574625762"],
  ["a whole number", 42, "42"],
  ["a whole-number string with zeros after the point", "42.000", "42"],
  ["zero", 0, "0"],
  ["zero as a string", "0.00000000", "0"],
  ["a large number", 1e21, "1000000000000000000000"],
  ["a string with surrounding spaces", " 0.5 ", "0.5"],
];

describe("reward: an exact decimal string", () => {
  it.each(MONEY)("%s (%j) → %j", async (_, wire, expected) => {
    const { api } = answering(wire);
    await expect(api.reward({ currency: "MINTME" })).resolves.toBe(expected);
  });
});

describe("payout: { result } → an exact decimal string", () => {
  it.each(MONEY)("%s (%j) → %j", async (_, wire, expected) => {
    const { api } = answering({ result: wire });
    await expect(api.payout({ currency: "XMR" })).resolves.toBe(expected);
  });

  it('the real-world shape { result: "0.0005" } → "0.0005", extra fields ignored', async () => {
    const { api } = answering({ result: "0.0005", currency: "MINTME", note: "per 1M hashes" });
    await expect(api.payout({ currency: "MINTME" })).resolves.toBe("0.0005");
  });
});

describe("users.balance and users.withdraw: UserBalance", () => {
  const wire = {
    name: "alice",
    pending: 0.00012345,
    withdrawn: "876051",
    hashes: "2344703",
    hashRate: 12.5,
    extra: { unknown: true },
    "site-key": SITE_KEY,
  };
  const expected = {
    name: "alice",
    pending: "0.00012345",
    withdrawn: 876051,
    hashes: 2344703,
    hashRate: "12.5",
  };

  it("numbers as strings and strings as numbers; extra fields ignored", async () => {
    const { api } = answering(wire);
    const balance = await api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    expect(balance).toStrictEqual(expected);
  });

  it("the same body answering a withdrawal", async () => {
    const { api } = answering(wire);
    const balance = await api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 1000 });
    expect(balance).toStrictEqual(expected);
  });

  it("the documented shape passes through unchanged", async () => {
    const { api } = answering(balanceMessage);
    await expect(api.users.balance({ siteKey: SITE_KEY, user: "alice" })).resolves.toStrictEqual(
      balanceMessage,
    );
  });

  it.each([
    [1.5e-7, "0.00000015"],
    ["1.50", "1.5"],
    [0, "0"],
  ])("pending %j → %j", async (pending, expectedPending) => {
    const { api } = answering({ ...balanceMessage, pending });
    const balance = await api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    expect(balance.pending).toBe(expectedPending);
  });

  it.each([
    [12, "12"],
    ["12.3", "12.3"],
    [0, "0"],
    [0.5, "0.5"],
  ])("hashRate %j → %j", async (hashRate, expectedRate) => {
    const { api } = answering({ ...balanceMessage, hashRate });
    const balance = await api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    expect(balance.hashRate).toBe(expectedRate);
  });
});

describe("users.list: names, from an array or an object keyed by index", () => {
  it("an array", async () => {
    const { api } = answering(["alice", "bob"]);
    await expect(api.users.list({ siteKey: SITE_KEY })).resolves.toStrictEqual(["alice", "bob"]);
  });

  it("an empty array, and an empty object (PHP's empty array)", async () => {
    const empty = answering([]);
    await expect(empty.api.users.list({ siteKey: SITE_KEY })).resolves.toStrictEqual([]);
    const emptyObject = answering({});
    await expect(emptyObject.api.users.list({ siteKey: SITE_KEY })).resolves.toStrictEqual([]);
  });

  it('an object keyed "0","1","10","2" → ordered numerically, not lexically', async () => {
    // Written as raw text so the key order on the wire is the lexical one.
    const body = '{"status":"success","message":{"10":"k","2":"c","1":"b","0":"a"}}';
    const { api } = stubClient(() => json(body));
    await expect(api.users.list({ siteKey: SITE_KEY })).resolves.toStrictEqual([
      "a",
      "b",
      "c",
      "k",
    ]);
  });

  it("index keys beyond the array-index range are ordered numerically too", async () => {
    // JavaScript enumerates only keys below 2³² - 1 in numeric order; these keep text order.
    const body =
      '{"status":"success","message":{"10000000000":"z","9999999999":"y","4294967296":"x","0":"a"}}';
    const { api } = stubClient(() => json(body));
    await expect(api.users.list({ siteKey: SITE_KEY })).resolves.toStrictEqual([
      "a",
      "x",
      "y",
      "z",
    ]);
  });
});

describe("account.stats: camelCase, numbers and strings both ways", () => {
  it("reward-pending → rewardPending; strings as numbers, numbers as strings", async () => {
    const { api } = answering({
      hashrate: "8184.5",
      hashes: "16136111",
      reward: 0.00012345,
      "reward-pending": 1.5e-7,
      currency: "MINTME",
    });
    await expect(api.account.stats({ currency: "mintme" })).resolves.toStrictEqual({
      hashrate: 8184.5,
      hashes: 16136111,
      reward: "0.00012345",
      rewardPending: "0.00000015",
    });
  });

  it("the real-world shape: rewards as strings, counts as numbers", async () => {
    const { api } = answering({
      hashrate: 8184,
      hashes: 16136111,
      reward: "5.133574625762",
      "reward-pending": "1.50",
    });
    await expect(api.account.stats({ currency: "MINTME" })).resolves.toStrictEqual({
      hashrate: 8184,
      hashes: 16136111,
      reward: "5.133574625762",
      rewardPending: "1.5",
    });
  });
});

describe("account.sites: site-key → siteKey, array or keyed object", () => {
  const first = { name: "blog.example", "site-key": SITE_KEY, hashes: 5 };
  const second = { name: "shop.example", "site-key": "f".repeat(64) };
  const expected = [
    { name: "blog.example", siteKey: SITE_KEY },
    { name: "shop.example", siteKey: "f".repeat(64) },
  ];

  it("an array", async () => {
    const { api } = answering([first, second]);
    await expect(api.account.sites({ currency: "MINTME" })).resolves.toStrictEqual(expected);
  });

  it("an object keyed by index", async () => {
    const { api } = answering({ 1: second, 0: first });
    await expect(api.account.sites({ currency: "MINTME" })).resolves.toStrictEqual(expected);
  });
});

describe("account.payments: Payment[]", () => {
  const wire = (overrides: Record<string, unknown> = {}) => ({ ...paymentMessage, ...overrides });

  it("the real-world shape: strings for money, unix seconds, wire names → camelCase", async () => {
    const { api } = answering([wire({ extra: "ignored" })]);
    const payments = await api.account.payments({ currency: "XMR" });
    expect(payments).toStrictEqual([
      {
        amount: "0.06102",
        fee: "0.000201",
        status: "PENDING",
        walletAddress: "499cWalletAddress",
        txId: "630dTransactionId",
        timestamp: new Date(1_700_000_000_000),
      },
    ]);
    expect(payments[0]?.timestamp).toBeInstanceOf(Date);
    expect(payments[0]?.timestamp.getTime()).toBe(1_700_000_000_000);
  });

  it("money as numbers (exponent included) → exact decimal strings", async () => {
    const { api } = answering([wire({ amount: 0.00012345, fee: 1.5e-7 })]);
    const [payment] = await api.account.payments({ currency: "XMR" });
    expect(payment?.amount).toBe("0.00012345");
    expect(payment?.fee).toBe("0.00000015");
  });

  it.each([
    ["a number", 1_700_000_123, 1_700_000_123_000],
    ["a digit string", "1700000123", 1_700_000_123_000],
    ["zero", 0, 0],
  ])("timestamp as %s → Date with the exact ms", async (_, timestamp, ms) => {
    const { api } = answering([wire({ timestamp })]);
    const [payment] = await api.account.payments({ currency: "XMR" });
    expect(payment?.timestamp).toBeInstanceOf(Date);
    expect(payment?.timestamp.getTime()).toBe(ms);
  });

  it.each([
    ["paid", "PAID"],
    ["Paid", "PAID"],
    ["PAID", "PAID"],
    ["error", "ERROR"],
    ["pending", "PENDING"],
  ])("status %j → %j", async (status, expected) => {
    const { api } = answering([wire({ status })]);
    const [payment] = await api.account.payments({ currency: "XMR" });
    expect(payment?.status).toBe(expected);
  });

  it('an object keyed "0","1","10" → ordered numerically', async () => {
    const payment = (n: number) => wire({ tx_id: `tx${n}`, timestamp: 1_700_000_000 + n });
    const body = `{"status":"success","message":{${[10, 2, 1, 0]
      .map((n) => `"${n}":${JSON.stringify(payment(n))}`)
      .join(",")}}}`;
    const { api } = stubClient(() => json(body));
    const payments = await api.account.payments({ currency: "XMR" });
    expect(payments.map((p) => p.txId)).toStrictEqual(["tx0", "tx1", "tx2", "tx10"]);
    expect(payments.map((p) => p.timestamp.getTime())).toStrictEqual([
      1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_000, 1_700_000_010_000,
    ]);
  });

  it("an array and the same list keyed by index give the same payments", async () => {
    const list = [wire({ tx_id: "a" }), wire({ tx_id: "b", status: "paid" })];
    const asArray = await answering(list).api.account.payments({ currency: "XMR" });
    const asObject = await answering({ 0: list[0], 1: list[1] }).api.account.payments({
      currency: "XMR",
    });
    expect(asObject).toStrictEqual(asArray);
    expect(asArray.map((p) => p.status)).toStrictEqual(["PENDING", "PAID"]);
  });

  it("no payments: an empty array or an empty object", async () => {
    await expect(answering([]).api.account.payments({ currency: "XMR" })).resolves.toStrictEqual(
      [],
    );
    await expect(answering({}).api.account.payments({ currency: "XMR" })).resolves.toStrictEqual(
      [],
    );
  });
});

describe("sites.stats: SiteStats", () => {
  it("strings as numbers, numbers as strings, extra fields ignored", async () => {
    const { api } = answering({
      name: "blog.example",
      hashrate: "4145",
      hashes: "7941713",
      reward: 1.5e-7,
      "site-key": SITE_KEY,
    });
    await expect(api.sites.stats({ siteKey: SITE_KEY })).resolves.toStrictEqual({
      name: "blog.example",
      hashrate: 4145,
      hashes: 7941713,
      reward: "0.00000015",
    });
  });
});

describe("sites.delete: the API's message", () => {
  it("a string message", async () => {
    const { api, calls } = answering("Site deleted");
    await expect(api.sites.delete({ siteKey: SITE_KEY })).resolves.toBe("Site deleted");
    expect(calls[0]?.url.searchParams.get("site-key")).toBe(SITE_KEY);
  });

  it("a number message → its text", async () => {
    const { api } = answering(1);
    await expect(api.sites.delete({ siteKey: SITE_KEY })).resolves.toBe("1");
  });
});

describe("the envelope", () => {
  it("extra top-level fields are ignored", async () => {
    const { api } = stubClient(() =>
      json({ status: "success", message: 7, code: 200, time: "2024-01-01" }),
    );
    await expect(api.hashes({ currency: "XMR" })).resolves.toBe(7);
  });

  it("a JSON body without a JSON content type is still read", async () => {
    const { api } = stubClient(
      () =>
        new Response('{"status":"success","message":"42"}', {
          status: 200,
          headers: { "content-type": "text/html" },
        }),
    );
    await expect(api.hashes({ currency: "XMR" })).resolves.toBe(42);
  });
});

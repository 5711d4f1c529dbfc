/**
 * The public types: what every call resolves to, the exact fields of its results, the parameters
 * it refuses at compile time, and the exported error classes. The `expectTypeOf` lines are checked
 * by `tsc -p tsconfig.json`; every test also asserts something at run time.
 */

import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AccountStats,
  ApiError,
  AuthenticationError,
  BadRequestError,
  type CallOptions,
  CoinImp,
  CointapError,
  ConnectionError,
  type Currency,
  type CurrencyParams,
  type CurrencySiteParams,
  type Issue,
  NotFoundError,
  OutcomeUnknownError,
  type Payment,
  type PaymentStatus,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  type SiteParams,
  type SiteStats,
  type SiteSummary,
  TimeoutError,
  type UserBalance,
  type UserParams,
  ValidationError,
  type WithdrawParams,
} from "../src/index.js";
import {
  balanceMessage,
  paymentMessage,
  rejection,
  SITE_KEY,
  stubClient,
  success,
} from "./helpers/stub-fetch.js";

const expectedBalance: UserBalance = {
  name: "alice",
  pending: "0.745948501826",
  withdrawn: 876051,
  hashes: 2344703,
  hashRate: "12.3",
};

describe("every call's resolved type", () => {
  it("hashes → Promise<number>", async () => {
    const { api } = stubClient(() => success("123"));
    const result = api.hashes({ currency: "MINTME" });
    expectTypeOf(result).toEqualTypeOf<Promise<number>>();
    expectTypeOf(api.hashes).parameter(0).toEqualTypeOf<CurrencySiteParams>();
    expectTypeOf(api.hashes).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expect(await result).toBe(123);
  });

  it("reward → Promise<string>", async () => {
    const { api } = stubClient(() => success(1.5e-7));
    const result = api.reward({ currency: "xmr", siteKey: SITE_KEY });
    expectTypeOf(result).toEqualTypeOf<Promise<string>>();
    expectTypeOf(api.reward).parameter(0).toEqualTypeOf<CurrencySiteParams>();
    expect(await result).toBe("0.00000015");
  });

  it("payout → Promise<string>", async () => {
    const { api } = stubClient(() => success({ result: "0.0005" }));
    const result = api.payout({ currency: "MINTME" });
    expectTypeOf(result).toEqualTypeOf<Promise<string>>();
    expectTypeOf(api.payout).parameter(0).toEqualTypeOf<CurrencyParams>();
    expect(await result).toBe("0.0005");
  });

  it("users.balance → Promise<UserBalance>", async () => {
    const { api } = stubClient(() => success(balanceMessage));
    const result = api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    expectTypeOf(result).toEqualTypeOf<Promise<UserBalance>>();
    expectTypeOf(api.users.balance).parameter(0).toEqualTypeOf<UserParams>();
    expect(await result).toStrictEqual(expectedBalance);
  });

  it("users.withdraw → Promise<UserBalance>", async () => {
    const { api } = stubClient(() => success(balanceMessage));
    const result = api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: "1000" });
    expectTypeOf(result).toEqualTypeOf<Promise<UserBalance>>();
    expectTypeOf(api.users.withdraw).parameter(0).toEqualTypeOf<WithdrawParams>();
    expect(await result).toStrictEqual(expectedBalance);
  });

  it("users.list → Promise<string[]>", async () => {
    const { api } = stubClient(() => success({ 0: "alice", 1: "bob" }));
    const result = api.users.list({ siteKey: SITE_KEY });
    expectTypeOf(result).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(api.users.list).parameter(0).toEqualTypeOf<SiteParams>();
    expect(await result).toStrictEqual(["alice", "bob"]);
  });

  it("account.stats → Promise<AccountStats>", async () => {
    const { api } = stubClient(() =>
      success({ hashrate: 1, hashes: 2, reward: "3", "reward-pending": "4" }),
    );
    const result = api.account.stats({ currency: "MINTME" });
    expectTypeOf(result).toEqualTypeOf<Promise<AccountStats>>();
    expect(await result).toStrictEqual({ hashrate: 1, hashes: 2, reward: "3", rewardPending: "4" });
  });

  it("account.sites → Promise<SiteSummary[]>", async () => {
    const { api } = stubClient(() => success([{ name: "a", "site-key": SITE_KEY }]));
    const result = api.account.sites({ currency: "MINTME" });
    expectTypeOf(result).toEqualTypeOf<Promise<SiteSummary[]>>();
    expect(await result).toStrictEqual([{ name: "a", siteKey: SITE_KEY }]);
  });

  it("account.payments → Promise<Payment[]>", async () => {
    const { api } = stubClient(() => success([paymentMessage]));
    const result = api.account.payments({ currency: "XMR" });
    expectTypeOf(result).toEqualTypeOf<Promise<Payment[]>>();
    const [payment] = await result;
    expect(payment?.timestamp).toStrictEqual(new Date(1_700_000_000_000));
  });

  it("sites.stats → Promise<SiteStats>", async () => {
    const { api } = stubClient(() => success({ name: "a", hashrate: 1, hashes: 2, reward: "3" }));
    const result = api.sites.stats({ siteKey: SITE_KEY });
    expectTypeOf(result).toEqualTypeOf<Promise<SiteStats>>();
    expect(await result).toStrictEqual({ name: "a", hashrate: 1, hashes: 2, reward: "3" });
  });

  it("sites.delete → Promise<string>", async () => {
    const { api, calls } = stubClient(() => success("Site deleted"));
    const result = api.sites.delete({ siteKey: SITE_KEY });
    expectTypeOf(result).toEqualTypeOf<Promise<string>>();
    expectTypeOf(api.sites.delete).parameter(0).toEqualTypeOf<SiteParams>();
    expect(await result).toBe("Site deleted");
    expect(calls[0]?.method).toBe("DELETE");
  });
});

describe("the exact shapes of the results", () => {
  it("UserBalance: money a string, counts numbers, hashRate a string", async () => {
    expectTypeOf<UserBalance>().toEqualTypeOf<{
      name: string;
      pending: string;
      withdrawn: number;
      hashes: number;
      hashRate: string;
    }>();
    const { api } = stubClient(() => success({ ...balanceMessage, hashRate: 7 }));
    const balance = await api.users.balance({ siteKey: SITE_KEY, user: "alice" });
    expectTypeOf(balance.hashRate).toEqualTypeOf<string>();
    expect(typeof balance.hashRate).toBe("string");
    expect(typeof balance.pending).toBe("string");
  });

  it("Payment: decimal strings, a status union, a Date", async () => {
    expectTypeOf<PaymentStatus>().toEqualTypeOf<"PAID" | "ERROR" | "PENDING">();
    expectTypeOf<Payment>().toEqualTypeOf<{
      amount: string;
      fee: string;
      status: "PAID" | "ERROR" | "PENDING";
      walletAddress: string;
      txId: string;
      timestamp: Date;
    }>();
    const { api } = stubClient(() => success([{ ...paymentMessage, status: "paid" }]));
    const [payment] = await api.account.payments({ currency: "XMR" });
    expectTypeOf(payment?.timestamp).toEqualTypeOf<Date | undefined>();
    expect(payment?.timestamp).toBeInstanceOf(Date);
    expect(payment?.status).toBe("PAID");
  });

  it("AccountStats, SiteStats, SiteSummary", async () => {
    expectTypeOf<AccountStats>().toEqualTypeOf<{
      hashrate: number;
      hashes: number;
      reward: string;
      rewardPending: string;
    }>();
    expectTypeOf<SiteStats>().toEqualTypeOf<{
      name: string;
      hashrate: number;
      hashes: number;
      reward: string;
    }>();
    expectTypeOf<SiteSummary>().toEqualTypeOf<{ name: string; siteKey: string }>();
    const { api } = stubClient(() =>
      success({ hashrate: "5", hashes: "6", reward: 7, "reward-pending": 0 }),
    );
    const stats = await api.account.stats({ currency: "MINTME" });
    expect(stats).toStrictEqual({ hashrate: 5, hashes: 6, reward: "7", rewardPending: "0" });
  });

  it("Currency is MINTME | XMR; any case is accepted as input", async () => {
    expectTypeOf<Currency>().toEqualTypeOf<"MINTME" | "XMR">();
    expectTypeOf<"mintme">().toExtend<CurrencyParams["currency"]>();
    const { api, calls } = stubClient(() => success(1));
    await api.hashes({ currency: "mintme" });
    expect(calls[0]?.url.searchParams.get("currency")).toBe("MINTME");
  });
});

describe("parameters of the wrong type do not compile, and are refused at run time", () => {
  it("hashes({}) — no currency", async () => {
    const { api, calls } = stubClient(() => success(1));
    // @ts-expect-error currency is required
    const error = await rejection(() => api.hashes({}));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("hashes({ currency: 5 }) — not a string", async () => {
    const { api, calls } = stubClient(() => success(1));
    // @ts-expect-error currency is a string
    const error = await rejection(() => api.hashes({ currency: 5 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("withdraw({ siteKey, user }) — no amount", async () => {
    const { api, calls } = stubClient(() => success(balanceMessage));
    // @ts-expect-error amount is required
    const error = await rejection(() => api.users.withdraw({ siteKey: SITE_KEY, user: "alice" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual([
      ["amount"],
    ]);
    expect(calls).toHaveLength(0);
  });

  it("withdraw({ …, amount: true }) — not a number or string", async () => {
    const { api, calls } = stubClient(() => success(balanceMessage));
    const error = await rejection(() =>
      // @ts-expect-error amount is a number or a string
      api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: true }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("users.balance({ siteKey }) — no user", async () => {
    const { api, calls } = stubClient(() => success(balanceMessage));
    // @ts-expect-error user is required
    const error = await rejection(() => api.users.balance({ siteKey: SITE_KEY }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("sites.delete({ site: … }) — the wrong name", async () => {
    const { api, calls } = stubClient(() => success("deleted"));
    // @ts-expect-error the parameter is siteKey
    const error = await rejection(() => api.sites.delete({ site: SITE_KEY }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("account.stats() — no parameters", async () => {
    const { api, calls } = stubClient(() => success({}));
    // @ts-expect-error params are required
    const error = await rejection(() => api.account.stats());
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("the call options: signal, timeout, cache", async () => {
    const { api } = stubClient(() => success(1));
    // @ts-expect-error timeout is a number of ms
    expectTypeOf(api.hashes).toBeCallableWith({ currency: "XMR" }, { timeout: "5s" });
    expectTypeOf(api.hashes).toBeCallableWith({ currency: "XMR" }, { cache: { ttl: 5 } });
    const value = await api.hashes(
      { currency: "XMR" },
      { signal: new AbortController().signal, timeout: 1000, cache: false },
    );
    expect(value).toBe(1);
  });

  it("new CoinImp needs both keys", () => {
    // @ts-expect-error privateKey is required
    expect(() => new CoinImp({ publicKey: "public-key" })).toThrow(ValidationError);
    const v3 = () =>
      // @ts-expect-error apiVersion is "v1" or "v2"
      new CoinImp({ publicKey: "a-key", privateKey: "b-key", apiVersion: "v3" });
    expect(v3).toThrow(ValidationError);
  });
});

describe("the error classes are exported", () => {
  const classes = {
    CointapError,
    ValidationError,
    ApiError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ResponseValidationError,
    TimeoutError,
    ConnectionError,
    OutcomeUnknownError,
  };

  it("every class is a CointapError; the status classes are ApiErrors", () => {
    for (const [name, ErrorClass] of Object.entries(classes)) {
      expect(typeof ErrorClass, name).toBe("function");
      expect(ErrorClass.prototype instanceof CointapError || ErrorClass === CointapError).toBe(
        true,
      );
    }
    for (const ErrorClass of [
      BadRequestError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      RateLimitError,
      ServerError,
    ]) {
      expect(ErrorClass.prototype).toBeInstanceOf(ApiError);
    }
  });

  it("their fields are typed", () => {
    expectTypeOf<ApiError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ApiError["apiMessage"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ResponseValidationError["issues"]>().toEqualTypeOf<readonly Issue[]>();
    expectTypeOf<ValidationError["issues"]>().toEqualTypeOf<readonly Issue[]>();
    expectTypeOf<OutcomeUnknownError["method"]>().toEqualTypeOf<string>();
    expectTypeOf<CointapError["code"]>().toEqualTypeOf<string>();
    expectTypeOf<NotFoundError>().toExtend<ApiError>();
    const error = new RateLimitError({ status: 503, retryAfter: 5000 });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryAfter).toBe(5000);
    expect(error.code).toBe("rate_limited");
  });
});

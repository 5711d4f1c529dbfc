/**
 * Anything but the documented shapes is a typed error (DESIGN rule 2): a `ResponseValidationError`
 * with its issues and the redacted body — or, for a withdrawal or a deletion answered 2xx with an
 * unreadable body, an `OutcomeUnknownError` (it may have been applied). A failure envelope is an
 * `ApiError` named by its status; the quota 503 is a `RateLimitError`; a bare 503 is not the quota.
 */

import { describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CointapError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RateLimiter,
  ResponseValidationError,
  ServerError,
} from "../src/index.js";
import {
  balanceMessage,
  CALLS,
  type CallCase,
  json,
  paymentMessage,
  rejection,
  SITE_KEY,
  stubClient,
  success,
  text,
} from "./helpers/stub-fetch.js";

const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body>";

const isMutation = (call: CallCase) => call.method !== "GET";

function callNamed(name: string): CallCase {
  const call = CALLS.find((candidate) => candidate.name === name);
  if (!call) throw new Error(`no call ${name}`);
  return call;
}

/**
 * The `ResponseValidationError` a call failed with: itself for a read, the cause of an
 * `OutcomeUnknownError` for a mutation (which must not have been repeated).
 */
function validationErrorOf(call: CallCase, error: unknown): ResponseValidationError {
  if (isMutation(call)) {
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const outcome = error as OutcomeUnknownError;
    expect(outcome.method).toBe(call.method);
    expect(outcome.path).toBe(call.path);
    expect(outcome.cause).toBeInstanceOf(ResponseValidationError);
    return outcome.cause as ResponseValidationError;
  }
  expect(error).toBeInstanceOf(ResponseValidationError);
  return error as ResponseValidationError;
}

function expectIssues(error: ResponseValidationError) {
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(Array.isArray(issue.path)).toBe(true);
    expect(typeof issue.message).toBe("string");
    expect(issue.message.length).toBeGreaterThan(0);
  }
}

describe("bodies that are not a success envelope", () => {
  const cases: { label: string; respond: () => Response; body: unknown }[] = [
    { label: "an HTML page at 200", respond: () => text(HTML), body: HTML },
    { label: "an empty body", respond: () => json(""), body: "" },
    {
      label: "truncated JSON",
      respond: () => json('{"status":"success","message":{"na'),
      body: '{"status":"success","message":{"na',
    },
    { label: "null", respond: () => json("null"), body: null },
    { label: "[]", respond: () => json("[]"), body: [] },
    { label: "a bare string", respond: () => json('"success"'), body: "success" },
    {
      label: '{"status":"success"} without message',
      respond: () => json({ status: "success" }),
      body: { status: "success" },
    },
    {
      label: "a message without status",
      respond: () => json({ message: 5 }),
      body: { message: 5 },
    },
    {
      label: "an unknown status",
      respond: () => json({ status: "ok", message: 5 }),
      body: { status: "ok", message: 5 },
    },
  ];

  for (const call of CALLS) {
    describe(`${call.name} (${call.method})`, () => {
      it.each(cases)("$label → typed error with issues and the body", async ({ respond, body }) => {
        const { api, calls } = stubClient(respond);
        const error = await rejection(() => call.run(api));
        const invalid = validationErrorOf(call, error);
        expectIssues(invalid);
        expect(invalid.status).toBe(200);
        expect(invalid.body).toStrictEqual(body);
        expect(calls).toHaveLength(1);
      });
    });
  }

  it("a mutation is not retried after an unreadable 2xx, even with retries on", async () => {
    for (const call of CALLS.filter(isMutation)) {
      const { api, calls } = stubClient(() => text(HTML), { retry: { retries: 3, baseDelay: 0 } });
      const error = await rejection(() => call.run(api));
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(calls).toHaveLength(1);
    }
  });

  it("a long HTML page is kept only in part", async () => {
    const page = `<html>${"x".repeat(10_000)}</html>`;
    const { api } = stubClient(() => text(page));
    const error = await rejection(() => api.hashes({ currency: "XMR" }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const body = (error as ResponseValidationError).body;
    expect(typeof body).toBe("string");
    expect((body as string).length).toBeLessThan(page.length);
    expect(page.startsWith((body as string).replace(/…$/, ""))).toBe(true);
  });
});

interface WrongType {
  call: string;
  label: string;
  message: unknown;
  /** The path of the issue that names the problem. */
  path: (string | number)[];
  /** What its message says. */
  says?: RegExp;
}

const payment = (overrides: Record<string, unknown>) => ({ ...paymentMessage, ...overrides });
const balance = (overrides: Record<string, unknown>) => ({ ...balanceMessage, ...overrides });
const accountStats = (overrides: Record<string, unknown>) => ({
  hashrate: 10,
  hashes: 10,
  reward: "1",
  "reward-pending": "0",
  ...overrides,
});
const siteStats = (overrides: Record<string, unknown>) => ({
  name: "blog.example",
  hashrate: 10,
  hashes: 10,
  reward: "1",
  ...overrides,
});

const WRONG_TYPES: WrongType[] = [
  { call: "hashes", label: 'hashes "abc"', message: "abc", path: ["message"], says: /count/ },
  { call: "hashes", label: "hashes 1.5", message: 1.5, path: ["message"], says: /count/ },
  { call: "hashes", label: "hashes -1", message: -1, path: ["message"], says: /count/ },
  { call: "hashes", label: 'hashes "1.5"', message: "1.5", path: ["message"], says: /count/ },
  { call: "hashes", label: "hashes 2**60", message: 2 ** 60, path: ["message"], says: /count/ },
  {
    call: "hashes",
    label: "hashes as an unsafe digit string",
    message: "99999999999999999999",
    path: ["message"],
    says: /count/,
  },
  { call: "hashes", label: "hashes true", message: true, path: ["message"] },
  { call: "hashes", label: "hashes null", message: null, path: ["message"] },
  { call: "hashes", label: "hashes {}", message: {}, path: ["message"] },
  { call: "reward", label: "negative reward", message: -0.5, path: ["message"], says: /negative/ },
  { call: "reward", label: 'reward "-1"', message: "-1", path: ["message"], says: /negative/ },
  { call: "reward", label: 'reward "abc"', message: "abc", path: ["message"], says: /decimal/ },
  { call: "reward", label: 'reward ""', message: "", path: ["message"], says: /decimal/ },
  { call: "reward", label: 'reward "0x10"', message: "0x10", path: ["message"], says: /decimal/ },
  { call: "reward", label: 'reward "NaN"', message: "NaN", path: ["message"], says: /decimal/ },
  {
    call: "reward",
    label: 'reward "Infinity"',
    message: "Infinity",
    path: ["message"],
    says: /decimal/,
  },
  { call: "reward", label: 'reward "1,5"', message: "1,5", path: ["message"], says: /decimal/ },
  { call: "reward", label: "reward [1]", message: [1], path: ["message"] },
  {
    call: "payout",
    label: "negative result",
    message: { result: -1 },
    path: ["message", "result"],
    says: /negative/,
  },
  {
    call: "payout",
    label: 'result "abc"',
    message: { result: "abc" },
    path: ["message", "result"],
    says: /decimal/,
  },
  { call: "payout", label: "no result", message: {}, path: ["message", "result"] },
  { call: "payout", label: "a bare amount", message: "0.0005", path: ["message"] },
  {
    call: "users.balance",
    label: 'hashes "abc"',
    message: balance({ hashes: "abc" }),
    path: ["message", "hashes"],
    says: /count/,
  },
  {
    call: "users.balance",
    label: "hashes 1.5",
    message: balance({ hashes: 1.5 }),
    path: ["message", "hashes"],
    says: /count/,
  },
  {
    call: "users.balance",
    label: "withdrawn 2**60",
    message: balance({ withdrawn: 2 ** 60 }),
    path: ["message", "withdrawn"],
    says: /count/,
  },
  {
    call: "users.balance",
    label: "negative pending",
    message: balance({ pending: -0.1 }),
    path: ["message", "pending"],
    says: /negative/,
  },
  {
    call: "users.balance",
    label: "no name",
    message: { ...balanceMessage, name: undefined },
    path: ["message", "name"],
  },
  {
    call: "users.balance",
    label: "hashRate null",
    message: balance({ hashRate: null }),
    path: ["message", "hashRate"],
  },
  {
    call: "users.balance",
    label: "a list instead of a balance",
    message: [balanceMessage],
    path: ["message"],
  },
  {
    call: "users.withdraw",
    label: 'hashes "abc"',
    message: balance({ hashes: "abc" }),
    path: ["message", "hashes"],
    says: /count/,
  },
  {
    call: "users.withdraw",
    label: "negative pending",
    message: balance({ pending: "-5" }),
    path: ["message", "pending"],
    says: /negative/,
  },
  {
    call: "users.withdraw",
    label: "withdrawn 1.5",
    message: balance({ withdrawn: 1.5 }),
    path: ["message", "withdrawn"],
    says: /count/,
  },
  {
    call: "users.list",
    label: "a number among the names",
    message: ["alice", 1],
    path: ["message", 1],
  },
  {
    call: "users.list",
    label: "an object with a non-index key",
    message: { 0: "alice", first: "bob" },
    path: ["message"],
    says: /keyed by index/,
  },
  {
    call: "users.list",
    label: "a key that is a signed number",
    message: { 0: "alice", "-1": "bob" },
    path: ["message"],
    says: /keyed by index/,
  },
  { call: "users.list", label: "a single name", message: "alice", path: ["message"] },
  {
    call: "account.stats",
    label: 'hashrate "fast"',
    message: accountStats({ hashrate: "fast" }),
    path: ["message", "hashrate"],
    says: /rate/,
  },
  {
    call: "account.stats",
    label: 'hashrate "0x10" (hex is not a decimal)',
    message: accountStats({ hashrate: "0x10" }),
    path: ["message", "hashrate"],
    says: /rate/,
  },
  {
    call: "account.stats",
    label: "negative hashrate",
    message: accountStats({ hashrate: -1 }),
    path: ["message", "hashrate"],
    says: /rate/,
  },
  {
    call: "account.stats",
    label: "hashes 1.5",
    message: accountStats({ hashes: 1.5 }),
    path: ["message", "hashes"],
    says: /count/,
  },
  {
    call: "account.stats",
    label: "negative reward",
    message: accountStats({ reward: -1 }),
    path: ["message", "reward"],
    says: /negative/,
  },
  {
    call: "account.stats",
    label: 'reward-pending "abc"',
    message: accountStats({ "reward-pending": "abc" }),
    path: ["message", "reward-pending"],
    says: /decimal/,
  },
  {
    call: "account.stats",
    label: "rewardPending in camelCase only (not the wire name)",
    message: { hashrate: 1, hashes: 1, reward: "1", rewardPending: "0" },
    path: ["message", "reward-pending"],
  },
  {
    call: "account.sites",
    label: "a site without site-key",
    message: [{ name: "blog.example" }],
    path: ["message", 0, "site-key"],
  },
  {
    call: "account.sites",
    label: "a site key that is a number",
    message: [
      { name: "a", "site-key": SITE_KEY },
      { name: "b", "site-key": 5 },
    ],
    path: ["message", 1, "site-key"],
  },
  {
    call: "account.sites",
    label: "an object with a non-index key",
    message: { blog: { name: "blog.example", "site-key": SITE_KEY } },
    path: ["message"],
    says: /keyed by index/,
  },
  {
    call: "account.payments",
    label: 'timestamp "yesterday"',
    message: [payment({ timestamp: "yesterday" })],
    path: ["message", 0, "timestamp"],
    says: /unix time/,
  },
  {
    call: "account.payments",
    label: "timestamp 1.5",
    message: [payment({ timestamp: 1.5 })],
    path: ["message", 0, "timestamp"],
    says: /unix time/,
  },
  {
    call: "account.payments",
    label: "negative timestamp",
    message: [payment({ timestamp: -1 })],
    path: ["message", 0, "timestamp"],
    says: /unix time/,
  },
  {
    call: "account.payments",
    label: "a timestamp past the end of Date (would be an Invalid Date)",
    message: [payment({ timestamp: 9e15 })],
    path: ["message", 0, "timestamp"],
    says: /unix time/,
  },
  {
    call: "account.payments",
    label: "an unknown payment status",
    message: [payment({}), payment({ status: "refunded" })],
    path: ["message", 1, "status"],
    says: /PAID, ERROR or PENDING/,
  },
  {
    call: "account.payments",
    label: "a status that is a number",
    message: [payment({ status: 1 })],
    path: ["message", 0, "status"],
  },
  {
    call: "account.payments",
    label: "negative amount",
    message: [payment({ amount: -1 })],
    path: ["message", 0, "amount"],
    says: /negative/,
  },
  {
    call: "account.payments",
    label: 'fee "abc"',
    message: [payment({ fee: "abc" })],
    path: ["message", 0, "fee"],
    says: /decimal/,
  },
  {
    call: "account.payments",
    label: "no wallet_address",
    message: [{ ...paymentMessage, wallet_address: undefined }],
    path: ["message", 0, "wallet_address"],
  },
  {
    call: "account.payments",
    label: "a payments object with a non-index key",
    message: { 0: payment({}), latest: payment({}) },
    path: ["message"],
    says: /keyed by index/,
  },
  {
    call: "account.payments",
    label: "a bad payment in a keyed object",
    message: { 0: payment({}), 1: payment({ timestamp: "yesterday" }) },
    path: ["message", 1, "timestamp"],
    says: /unix time/,
  },
  {
    call: "account.payments",
    label: "a single payment, not a list",
    message: payment({}),
    path: ["message"],
  },
  {
    call: "sites.stats",
    label: 'hashes "abc"',
    message: siteStats({ hashes: "abc" }),
    path: ["message", "hashes"],
    says: /count/,
  },
  {
    call: "sites.stats",
    label: "negative reward",
    message: siteStats({ reward: -2 }),
    path: ["message", "reward"],
    says: /negative/,
  },
  {
    call: "sites.stats",
    label: 'hashrate ""',
    message: siteStats({ hashrate: "" }),
    path: ["message", "hashrate"],
    says: /rate/,
  },
  { call: "sites.delete", label: "an object message", message: { ok: 1 }, path: ["message"] },
  { call: "sites.delete", label: "a null message", message: null, path: ["message"] },
];

describe("wrong types in a success envelope → ResponseValidationError naming the field", () => {
  it.each(WRONG_TYPES)("$call: $label", async ({ call: name, message, path, says }) => {
    const call = callNamed(name);
    const sent = { status: "success", message };
    const { api } = stubClient(() => json(sent));
    const invalid = validationErrorOf(call, await rejection(() => call.run(api)));
    expectIssues(invalid);
    const issue = invalid.issues.find((candidate) => candidate.path.join() === path.join());
    expect(issue, JSON.stringify(invalid.issues)).toBeDefined();
    if (says) expect(issue?.message).toMatch(says);
    expect(invalid.message).toContain(path.join("."));
    // The body as sent (JSON round trip: `undefined` fields are not sent).
    expect(invalid.body).toStrictEqual(JSON.parse(JSON.stringify(sent)));
  });
});

describe("keys that are not indexes are never dropped silently", () => {
  it.each([
    ["__proto__", '{"0":"alice","__proto__":"bob"}'],
    ["a decimal index", '{"0":"alice","1.5":"bob"}'],
    ["a padded index", '{"0":"alice"," 1":"bob"}'],
    ["an empty key", '{"0":"alice","":"bob"}'],
  ])("users.list with %s → ResponseValidationError", async (_, message) => {
    const { api } = stubClient(() => json(`{"status":"success","message":${message}}`));
    const error = await rejection(() => api.users.list({ siteKey: SITE_KEY }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toContainEqual({
      path: ["message"],
      message: "expected a list, or an object keyed by index",
    });
  });
});

describe('the failure envelope {"status":"failure","message":"Invalid site"}', () => {
  const failure = { status: "failure", message: "Invalid site" };
  const byStatus: [number, typeof ApiError][] = [
    [200, ApiError],
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [410, NotFoundError],
    [422, ApiError],
    [500, ServerError],
  ];

  for (const call of CALLS) {
    it.each(byStatus)(`${call.name} at %i → %o`, async (status, ErrorClass) => {
      const { api, calls } = stubClient(() => json(failure, status));
      const error = await rejection(() => call.run(api));
      let apiError = error;
      if (isMutation(call) && status >= 500) {
        // Rule 4: a 5xx after a POST/DELETE was sent may have been applied.
        expect(error).toBeInstanceOf(OutcomeUnknownError);
        apiError = (error as OutcomeUnknownError).cause;
      }
      expect(apiError).toBeInstanceOf(ErrorClass);
      // Exactly that class, not a sibling or a more specific one.
      expect((apiError as object).constructor).toBe(ErrorClass);
      expect(apiError).toMatchObject({ status, apiMessage: "Invalid site", body: failure });
      expect((apiError as ApiError).message).toContain("Invalid site");
      expect(calls).toHaveLength(1);
    });
  }

  it("a failure envelope without a message is still an ApiError", async () => {
    const { api } = stubClient(() => json({ status: "failure" }));
    const error = await rejection(() => api.hashes({ currency: "MINTME" }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).apiMessage).toBe("The API reported a failure");
  });

  it("a failure envelope with a non-string message is still an ApiError", async () => {
    const { api } = stubClient(() => json({ status: "failure", message: { code: 7 } }, 400));
    const error = await rejection(() => api.users.list({ siteKey: SITE_KEY }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as ApiError).body).toStrictEqual({ status: "failure", message: { code: 7 } });
  });

  it("a 4xx failure on a mutation is the ApiError itself (the API refused it)", async () => {
    const { api } = stubClient(() => json(failure, 400, {}));
    const error = await rejection(() =>
      api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 5 }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
  });
});

describe("the quota answer: 503 with the failure envelope", () => {
  const quota = () => json({ status: "failure", message: "Too many requests" }, 503);

  for (const call of CALLS) {
    it(`${call.name}: with retry off → RateLimitError`, async () => {
      const { api, calls } = stubClient(quota);
      const error = await rejection(() => call.run(api));
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 503, apiMessage: "Too many requests" });
      expect(calls).toHaveLength(1);
    });

    it(`${call.name}: retried (not processed, whatever the method), then succeeds`, async () => {
      const { api, calls } = stubClient(
        (_, attempt) => (attempt === 1 ? quota() : success(call.message)),
        { retry: { retries: 1, baseDelay: 0 } },
      );
      const value = await call.run(api);
      expect(call.isShape(value)).toBe(true);
      expect(calls).toHaveLength(2);
      expect(calls[1]?.method).toBe(call.method);
    });
  }

  it("Retry-After is reported in ms", async () => {
    const { api } = stubClient(() =>
      json({ status: "failure", message: "quota" }, 503, { "retry-after": "7" }),
    );
    const error = await rejection(() => api.reward({ currency: "XMR" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(7000);
  });

  it("pauses the quota, unlike a bare 503", async () => {
    const quotaLimiter = new RateLimiter({ capacity: 10, refill: 3, interval: 60_000 });
    const quotaClient = stubClient(quota, { rateLimit: quotaLimiter });
    await rejection(() => quotaClient.api.hashes({ currency: "XMR" }));
    expect(quotaLimiter.expectedWait()).toBeGreaterThan(0);

    const bareLimiter = new RateLimiter({ capacity: 10, refill: 3, interval: 60_000 });
    const bareClient = stubClient(() => text(HTML, 503), { rateLimit: bareLimiter });
    await rejection(() => bareClient.api.hashes({ currency: "XMR" }));
    expect(bareLimiter.expectedWait()).toBe(0);
  });
});

describe("a bare HTML 503 (a proxy's page) is a server error, not the quota", () => {
  for (const call of CALLS) {
    it(`${call.name}`, async () => {
      const { api, calls } = stubClient(() => text(HTML, 503));
      const error = await rejection(() => call.run(api));
      const serverError = isMutation(call) ? (error as OutcomeUnknownError).cause : error;
      if (isMutation(call)) expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(serverError).toBeInstanceOf(ServerError);
      expect(serverError).not.toBeInstanceOf(RateLimitError);
      expect(serverError).toMatchObject({ status: 503, apiMessage: undefined });
      expect((serverError as ServerError).body).toContain("502 Bad Gateway");
      expect(calls).toHaveLength(1);
    });
  }

  it("a mutation is not repeated after it, even with retries on", async () => {
    const { api, calls } = stubClient(() => text(HTML, 503), {
      retry: { retries: 3, baseDelay: 0 },
    });
    const error = await rejection(() =>
      api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 5 }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it("a read is retried like any 5xx, then reported as ServerError", async () => {
    const { api, calls } = stubClient(() => text(HTML, 503), {
      retry: { retries: 2, baseDelay: 0 },
    });
    const error = await rejection(() => api.hashes({ currency: "XMR" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(3);
  });

  it("an empty 500 is a ServerError with an empty body", async () => {
    const { api } = stubClient(() => new Response("", { status: 500 }));
    const error = await rejection(() => api.account.stats({ currency: "XMR" }));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).body).toBe("");
  });
});

describe("never a TypeError or SyntaxError", () => {
  it("every failure above is a CointapError", async () => {
    const bodies = [
      () => text(HTML),
      () => json(""),
      () => json("{"),
      () => json("null"),
      () => json("[]"),
      () => json({ status: "success" }),
      () => json({ status: "failure", message: "x" }, 503),
      () => text(HTML, 503),
    ];
    for (const call of CALLS) {
      for (const respond of bodies) {
        const { api } = stubClient(respond);
        const error = await rejection(() => call.run(api));
        expect(error).toBeInstanceOf(CointapError);
        expect(error).not.toBeInstanceOf(TypeError);
        expect(error).not.toBeInstanceOf(SyntaxError);
      }
    }
  });
});

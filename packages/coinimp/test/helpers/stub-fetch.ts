/**
 * A `fetch` that answers from a function, recording what it was sent. No sandbox, no network: the
 * tests here decide every byte of every response.
 */

import { CoinImp, type CoinImpOptions } from "../../src/index.js";

export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type Responder = (request: SentRequest, attempt: number) => Response | Promise<Response>;

export function stubFetch(respond: Responder) {
  const calls: SentRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const sent: SentRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    };
    calls.push(sent);
    return respond(sent, calls.length);
  };
  return { fetch, calls };
}

/** A JSON response; `body` is serialised unless it already is a string. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A response with any text, e.g. a proxy's HTML page. */
export function text(body: string, status = 200, contentType = "text/html; charset=utf-8") {
  return new Response(body, { status, headers: { "content-type": contentType } });
}

/** CoinImp's success envelope around `message`. */
export function success(message: unknown): Response {
  return json({ status: "success", message });
}

export const PUBLIC_KEY = "test-public-key-0001";
export const PRIVATE_KEY = "test-private-key-0002";
export const SITE_KEY = "0123456789abcdef".repeat(4);

/** A client on the stub: no quota, no cache, no retries unless `options` says otherwise. */
export function stubClient(respond: Responder, options: Partial<CoinImpOptions> = {}) {
  const stub = stubFetch(respond);
  const api = new CoinImp({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseURL: "https://coinimp.test/api/v2",
    fetch: stub.fetch,
    rateLimit: false,
    cache: false,
    retry: false,
    ...options,
  });
  return { api, calls: stub.calls };
}

/** Every call of the client, with a valid wire `message` and the request it must make. */
export interface CallCase {
  name: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  run: (api: CoinImp) => Promise<unknown>;
  /** A valid `message` as the real API sends it. */
  message: unknown;
  /** Whether a value is of the documented result shape. */
  isShape: (value: unknown) => boolean;
}

const PAYMENT_STATUSES = new Set(["PAID", "ERROR", "PENDING"]);
const CANONICAL_DECIMAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

export const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
export const isDecimal = (value: unknown): value is string =>
  typeof value === "string" && CANONICAL_DECIMAL.test(value);
const isRate = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value >= 0;
const isString = (value: unknown) => typeof value === "string";

function hasExactly(value: unknown, checks: Record<string, (field: unknown) => boolean>): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  const expected = Object.keys(checks).sort();
  if (keys.join() !== expected.join()) return false;
  return Object.entries(checks).every(([key, check]) =>
    check((value as Record<string, unknown>)[key]),
  );
}

const isBalance = (value: unknown) =>
  hasExactly(value, {
    name: isString,
    pending: isDecimal,
    withdrawn: isCount,
    hashes: isCount,
    hashRate: isString,
  });

const isPayment = (value: unknown) =>
  hasExactly(value, {
    amount: isDecimal,
    fee: isDecimal,
    status: (status) => typeof status === "string" && PAYMENT_STATUSES.has(status),
    walletAddress: isString,
    txId: isString,
    timestamp: (time) =>
      time instanceof Date && Number.isSafeInteger(time.getTime()) && time.getTime() % 1000 === 0,
  });

const listOf = (check: (item: unknown) => boolean) => (value: unknown) =>
  Array.isArray(value) && value.every(check);

export const balanceMessage = {
  name: "alice",
  pending: "0.745948501826",
  withdrawn: 876051,
  hashes: 2344703,
  hashRate: "12.3",
};

export const paymentMessage = {
  amount: "0.06102",
  fee: "0.000201",
  status: "PENDING",
  wallet_address: "499cWalletAddress",
  tx_id: "630dTransactionId",
  timestamp: 1700000000,
};

export const CALLS: readonly CallCase[] = [
  {
    name: "hashes",
    method: "GET",
    path: "/hashes",
    run: (api) => api.hashes({ currency: "MINTME" }),
    message: 16136111,
    isShape: isCount,
  },
  {
    name: "reward",
    method: "GET",
    path: "/reward",
    run: (api) => api.reward({ currency: "XMR", siteKey: SITE_KEY }),
    message: "5.133574625762",
    isShape: isDecimal,
  },
  {
    name: "payout",
    method: "GET",
    path: "/payout/1mhash",
    run: (api) => api.payout({ currency: "MINTME" }),
    message: { result: "0.0005" },
    isShape: isDecimal,
  },
  {
    name: "users.balance",
    method: "GET",
    path: "/user/balance",
    run: (api) => api.users.balance({ siteKey: SITE_KEY, user: "alice" }),
    message: balanceMessage,
    isShape: isBalance,
  },
  {
    name: "users.list",
    method: "GET",
    path: "/user/list",
    run: (api) => api.users.list({ siteKey: SITE_KEY }),
    message: ["alice", "bob"],
    isShape: listOf(isString),
  },
  {
    name: "users.withdraw",
    method: "POST",
    path: "/user/withdraw",
    run: (api) => api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 1000 }),
    message: balanceMessage,
    isShape: isBalance,
  },
  {
    name: "account.stats",
    method: "GET",
    path: "/account/stats",
    run: (api) => api.account.stats({ currency: "MINTME" }),
    message: {
      hashrate: 8184,
      hashes: 16136111,
      reward: "5.133574625762",
      "reward-pending": "0.08",
    },
    isShape: (value) =>
      hasExactly(value, {
        hashrate: isRate,
        hashes: isCount,
        reward: isDecimal,
        rewardPending: isDecimal,
      }),
  },
  {
    name: "account.sites",
    method: "GET",
    path: "/account/sites",
    run: (api) => api.account.sites({ currency: "MINTME" }),
    message: [{ name: "blog.example", "site-key": SITE_KEY }],
    isShape: listOf((site) => hasExactly(site, { name: isString, siteKey: isString })),
  },
  {
    name: "account.payments",
    method: "GET",
    path: "/account/payments",
    run: (api) => api.account.payments({ currency: "XMR" }),
    message: [paymentMessage],
    isShape: listOf(isPayment),
  },
  {
    name: "sites.stats",
    method: "GET",
    path: "/site",
    run: (api) => api.sites.stats({ siteKey: SITE_KEY }),
    message: { name: "blog.example", hashrate: 4145, hashes: 7941713, reward: "2.526592457246" },
    isShape: (value) =>
      hasExactly(value, { name: isString, hashrate: isRate, hashes: isCount, reward: isDecimal }),
  },
  {
    name: "sites.delete",
    method: "DELETE",
    path: "/site",
    run: (api) => api.sites.delete({ siteKey: SITE_KEY }),
    message: "Site deleted",
    isShape: isString,
  },
];

/** The settled outcome of a call (a synchronous throw included), to inspect an error of any type. */
export async function settle<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What a call rejected (or threw) with; fails the test if it resolves. */
export async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  const outcome = await settle(call);
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

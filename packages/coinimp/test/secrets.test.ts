/**
 * Secrets never leak (DESIGN rule 6): with sentinel keys, sent as v2 headers or v1 query
 * parameters, no failing call — an API that echoes the keys, an HTML page that contains them, a
 * transport error whose message holds the full v1 URL, a timeout — lets a key reach an error's
 * message, stack, `toJSON()`, `util.inspect` output, its cause, or any hook payload.
 */

import { format, inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { expectNoSecretIn, expectNoSecrets } from "../../core/test/helpers/leaks.js";
import {
  type ApiError,
  AuthenticationError,
  CoinImp,
  CointapError,
  ConnectionError,
  type Hooks,
  OutcomeUnknownError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "../src/index.js";
import { json, type Responder, SITE_KEY, stubFetch, success, text } from "./helpers/stub-fetch.js";

interface Keys {
  version: "v1" | "v2";
  publicKey: string;
  privateKey: string;
}

const KEY_SETS: Keys[] = [
  {
    version: "v2",
    publicKey: "PUBLIC-SENTINEL-v2-3f9a1c77",
    privateKey: "PRIVATE-SENTINEL-v2-8d2e7b41",
  },
  // Characters that change when URL- or form-encoded: every encoding must be caught.
  {
    version: "v1",
    publicKey: "pub/SENTINEL+v1=5e0c 9b",
    privateKey: "priv&SENTINEL%v1?d4a1~f2",
  },
];

/** The two keys of a set: what no rendering may hold. */
const secretsOf = (keys: Keys): string[] => [keys.publicKey, keys.privateKey];

/** A client with sentinel keys whose hooks record every payload. */
function setup(
  keys: Keys,
  respond: Responder,
  options: { retries?: number; timeout?: number } = {},
) {
  const stub = stubFetch(respond);
  const payloads: { hook: keyof Hooks; payload: unknown }[] = [];
  const record =
    (hook: keyof Hooks) =>
    (payload: unknown): void => {
      payloads.push({ hook, payload });
    };
  const api = new CoinImp({
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    apiVersion: keys.version,
    baseURL: `https://www.coinimp.com/api/${keys.version}`,
    fetch: stub.fetch,
    rateLimit: false,
    cache: false,
    retry: options.retries ? { retries: options.retries, baseDelay: 0 } : false,
    ...(options.timeout ? { timeout: options.timeout } : {}),
    hooks: {
      onRequest: record("onRequest"),
      onResponse: record("onResponse"),
      onRetry: record("onRetry"),
      onError: record("onError"),
      onQueued: record("onQueued"),
    },
  });
  return { api, calls: stub.calls, payloads };
}

/** The full v1 URL of a call, keys in its query: what a transport error's message may quote. */
function v1URL(keys: Keys, path: string): string {
  const url = new URL(`https://www.coinimp.com/api/v1${path}`);
  url.searchParams.set("public", keys.publicKey);
  url.searchParams.set("private", keys.privateKey);
  return url.href;
}

function echo(keys: Keys): string {
  return `keys ${keys.publicKey} / ${keys.privateKey} (${encodeURIComponent(keys.privateKey)})`;
}

type Scenario = {
  name: string;
  respond: (keys: Keys) => Responder;
  /** The class of the error a read rejects with. */
  expected: abstract new (
    ...args: never[]
  ) => CointapError;
  retries?: number;
  timeout?: number;
};

const SCENARIOS: Scenario[] = [
  {
    name: "a 401 failure envelope echoing the keys",
    respond: (keys) => () =>
      json(
        {
          status: "failure",
          message: `Invalid ${echo(keys)}`,
          public: keys.publicKey,
          private: keys.privateKey,
          request: {
            headers: { "X-API-ID": keys.publicKey, "X-API-KEY": keys.privateKey },
            url: v1URL(keys, "/hashes"),
          },
          [keys.privateKey]: "a field named after the key",
        },
        401,
      ),
    expected: AuthenticationError,
  },
  {
    name: "a 500 HTML page containing the keys",
    respond: (keys) => () =>
      text(
        `<html><body><h1>500</h1><pre>${echo(keys)}\nGET ${v1URL(keys, "/hashes")}\n` +
          `X-API-KEY: ${keys.privateKey}</pre></body></html>`,
        500,
      ),
    expected: ServerError,
  },
  {
    name: "a 200 HTML page containing the keys",
    respond: (keys) => () => text(`<html>${echo(keys)} ${v1URL(keys, "/x")}</html>`),
    expected: ResponseValidationError,
  },
  {
    name: "a 200 success envelope whose message is the wrong shape and holds the keys",
    respond: (keys) => () =>
      success({
        name: keys.publicKey,
        pending: keys.privateKey,
        withdrawn: keys.publicKey,
        hashes: `${keys.privateKey}`,
        hashRate: [keys.privateKey],
        [keys.publicKey]: keys.privateKey,
        result: keys.privateKey,
        0: keys.privateKey,
      }),
    expected: ResponseValidationError,
  },
  {
    name: "the quota 503 echoing the keys",
    respond: (keys) => () => json({ status: "failure", message: `Quota of ${echo(keys)}` }, 503),
    expected: RateLimitError,
  },
  {
    name: "a thrown fetch error quoting the full v1 URL with the keys",
    respond: (keys) => (request) => {
      const cause = Object.assign(new Error(`socket hang up ${echo(keys)}`), {
        code: "ECONNRESET",
        url: v1URL(keys, request.url.pathname),
        headers: { "X-API-KEY": keys.privateKey },
      });
      throw new TypeError(`fetch failed: GET ${v1URL(keys, request.url.pathname)}`, { cause });
    },
    expected: ConnectionError,
    retries: 1,
  },
  {
    name: "a refused connection (never sent) quoting the keys, retried",
    respond: (keys) => () => {
      throw Object.assign(new TypeError(`connect ECONNREFUSED ${v1URL(keys, "/hashes")}`), {
        code: "ECONNREFUSED",
      });
    },
    expected: ConnectionError,
    retries: 1,
  },
  {
    name: "a timeout",
    respond: () => (request) =>
      new Promise<Response>((_, reject) => {
        // Rejects only when aborted, with a reason that quotes the request URL.
        setTimeout(() => reject(new Error(`stalled ${request.url.href}`)), 60_000).unref();
      }),
    expected: TimeoutError,
    timeout: 25,
  },
];

const CALLS: {
  name: string;
  mutation: boolean;
  run: (api: CoinImp) => Promise<unknown>;
}[] = [
  { name: "hashes", mutation: false, run: (api) => api.hashes({ currency: "MINTME" }) },
  {
    name: "users.balance",
    mutation: false,
    run: (api) => api.users.balance({ siteKey: SITE_KEY, user: "alice" }),
  },
  { name: "payout", mutation: false, run: (api) => api.payout({ currency: "XMR" }) },
  {
    name: "users.withdraw",
    mutation: true,
    run: (api) => api.users.withdraw({ siteKey: SITE_KEY, user: "alice", amount: 10 }),
  },
  {
    name: "sites.delete",
    mutation: true,
    run: (api) => api.sites.delete({ siteKey: SITE_KEY }),
  },
];

for (const keys of KEY_SETS) {
  describe(`${keys.version} keys`, () => {
    it("are really sent (so the checks below prove redaction)", async () => {
      const { api, calls } = setup(keys, () => success(1));
      await api.hashes({ currency: "XMR" });
      const request = calls[0];
      if (keys.version === "v2") {
        expect(request?.headers.get("x-api-id")).toBe(keys.publicKey);
        expect(request?.headers.get("x-api-key")).toBe(keys.privateKey);
      } else {
        expect(request?.url.searchParams.get("public")).toBe(keys.publicKey);
        expect(request?.url.searchParams.get("private")).toBe(keys.privateKey);
      }
    });

    for (const scenario of SCENARIOS) {
      for (const call of CALLS) {
        it(`${scenario.name}: ${call.name}`, async () => {
          const { api, payloads } = setup(keys, scenario.respond(keys), {
            ...(scenario.retries ? { retries: scenario.retries } : {}),
            ...(scenario.timeout ? { timeout: scenario.timeout } : {}),
          });
          let error: unknown;
          try {
            await call.run(api);
          } catch (caught) {
            error = caught;
          }
          // The failure happened, and is what the scenario says.
          expect(error).toBeInstanceOf(CointapError);
          const outcomeUnknown =
            call.mutation &&
            !(scenario.expected === RateLimitError) &&
            !(scenario.expected === AuthenticationError) &&
            !scenario.name.includes("never sent");
          if (outcomeUnknown) {
            expect(error).toBeInstanceOf(OutcomeUnknownError);
            expect((error as OutcomeUnknownError).cause).toBeInstanceOf(scenario.expected);
          } else {
            expect(error).toBeInstanceOf(scenario.expected);
          }

          expectNoSecrets(error, secretsOf(keys));

          // Every hook that fired, and what it was given.
          const hooks = new Set(payloads.map((entry) => entry.hook));
          expect(hooks.has("onRequest")).toBe(true);
          expect(hooks.has("onError")).toBe(true);
          if (scenario.retries && !call.mutation) expect(hooks.has("onRetry")).toBe(true);
          if (!scenario.timeout && scenario.expected !== ConnectionError) {
            expect(hooks.has("onResponse")).toBe(true);
          }
          for (const { hook, payload } of payloads) {
            const secrets = secretsOf(keys);
            expectNoSecretIn(JSON.stringify(payload), secrets, `${hook} payload (JSON)`);
            expectNoSecretIn(inspect(payload, { depth: 10 }), secrets, `${hook} payload (inspect)`);
            expectNoSecretIn(format("%o", payload), secrets, `${hook} payload (%o)`);
            const event = payload as { error?: unknown };
            if (event.error !== undefined) expectNoSecrets(event.error, secrets, `${hook} error`);
          }
        });
      }
    }

    it("onRequest shows where the keys went, as [REDACTED]", async () => {
      const { api, payloads } = setup(keys, () => success(1));
      await api.hashes({ currency: "XMR" });
      const request = payloads.find((entry) => entry.hook === "onRequest")?.payload as {
        url: string;
        headers: Record<string, string>;
      };
      if (keys.version === "v2") {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
        );
        expect(headers["x-api-id"]).toBe("[REDACTED]");
        expect(headers["x-api-key"]).toBe("[REDACTED]");
      } else {
        const url = new URL(request.url);
        expect(url.searchParams.get("public")).toBe("[REDACTED]");
        expect(url.searchParams.get("private")).toBe("[REDACTED]");
      }
      expectNoSecretIn(JSON.stringify(payloads), secretsOf(keys), "payloads of a successful call");
    });

    it("the API's echoed message is kept, the keys in it replaced", async () => {
      const { api } = setup(keys, () =>
        json({ status: "failure", message: `Invalid ${echo(keys)}` }, 401),
      );
      const error = (await api.hashes({ currency: "XMR" }).catch((caught) => caught)) as ApiError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.apiMessage).toMatch(/^Invalid keys \[REDACTED\] \/ \[REDACTED\]/);
    });
  });
}

/**
 * Credentials never follow a redirect (DESIGN rule 9): every request is sent with
 * `redirect: "manual"`, and any 3xx answer is a `RedirectError` (an `ApiError`, `code: "redirect"`,
 * its status kept, its `location` redacted) — never a request to the `Location`, with the keys or
 * the body, and never retried. For a POST, 307 and 308 ("send it there instead") are the
 * RedirectError itself; 301, 302 and 303 also answer a POST that was processed ("see the result
 * there"), so they are an `OutcomeUnknownError` whose `cause` is the RedirectError. Proven over real loopback servers: server A answers every request
 * with a 3xx pointing at server B (echoing the keys it received into the `Location`, the worst
 * case), and B must see nothing.
 */

import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as core from "../src/index.js";
import {
  ApiError,
  createHttpClient,
  type FetchFunction,
  type HttpClientOptions,
  OutcomeUnknownError,
} from "../src/index.js";
import { expectNoSecretIn, expectNoSecrets } from "./helpers/leaks.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "./helpers/loopback-server.js";
import { outcomeOf } from "./helpers/outcome.js";

// Sentinels: long, distinctive, with characters that URL-encoding changes.
const PUBLIC_KEY = "PUBLIC+redirect/7c1e9a2b4d6f8a0c";
const PRIVATE_KEY = "PRIVATE=redirect&5e3b1d9f7a2c4e6b";
const SECRETS = [PUBLIC_KEY, PRIVATE_KEY];

const AUTHS = [
  {
    name: "v2 headers X-API-ID / X-API-KEY",
    auth: { headers: { "X-API-ID": PUBLIC_KEY, "X-API-KEY": PRIVATE_KEY } },
  },
  {
    name: "v1 query public / private",
    auth: { query: { public: PUBLIC_KEY, private: PRIVATE_KEY } },
  },
] as const;

const STATUSES = [301, 302, 303, 307, 308] as const;

/**
 * The assertions every redirect shares: a RedirectError, redacted, for `status` — the error itself,
 * or for a POST answered 301, 302 or 303 the cause of an OutcomeUnknownError.
 */
function expectRedirectError(
  thrown: unknown,
  status: number,
  method: "GET" | "POST",
  hookPayloads: unknown[],
): void {
  // Read through the namespace: before RedirectError exists the rest of this file still runs.
  const RedirectError = core.RedirectError;
  expect(RedirectError, "@cointap/core exports RedirectError").toBeTypeOf("function");
  const mayHaveApplied = method === "POST" && [301, 302, 303].includes(status);
  if (mayHaveApplied) {
    expect(thrown).toBeInstanceOf(OutcomeUnknownError);
    expectNoSecrets(thrown, SECRETS, `${status} OutcomeUnknownError`);
  }
  const error = mayHaveApplied ? (thrown as Error).cause : thrown;
  expect(error).toBeInstanceOf(RedirectError);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).not.toBeInstanceOf(OutcomeUnknownError);
  const redirect = error as core.RedirectError;
  expect(redirect.code).toBe("redirect");
  expect(redirect.status).toBe(status);
  expect(typeof redirect.location).toBe("string");
  expect(redirect.location).toContain("/landing");
  expectNoSecretIn(String(redirect.location), SECRETS, "error.location");
  expectNoSecrets(error, SECRETS, `${status} RedirectError`);
  for (const payload of hookPayloads) {
    expectNoSecretIn(JSON.stringify(payload), SECRETS, "hook payload (JSON)");
    expectNoSecretIn(inspect(payload, { depth: 10 }), SECRETS, "hook payload (inspect)");
  }
}

describe("a 3xx from the API is a RedirectError and is never followed (loopback A → B)", () => {
  let a: LoopbackServer;
  let b: LoopbackServer;
  let redirectStatus = 307;

  beforeEach(async () => {
    b = await startLoopbackServer((_, response) => sendJson(response, 200, { stolen: true }));
    a = await startLoopbackServer((request, response) => {
      // The worst case: the redirect echoes every credential it received into the Location.
      const search = new URL(request.url, "http://a.invalid").search;
      const echoed = new URLSearchParams(search);
      echoed.set("echo-id", String(request.headers["x-api-id"] ?? ""));
      echoed.set("echo-key", String(request.headers["x-api-key"] ?? ""));
      response.writeHead(redirectStatus, {
        location: `${b.url}/landing?${echoed}`,
        "content-type": "application/json",
      });
      response.end(JSON.stringify({ moved: `${b.url}/landing?${echoed}` }));
    });
  });

  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  for (const { name, auth } of AUTHS) {
    for (const status of STATUSES) {
      for (const method of ["GET", "POST"] as const) {
        it(`${method} answered ${status} (${name}): B gets 0 requests, A exactly 1, RedirectError without keys`, async () => {
          redirectStatus = status;
          const hookPayloads: unknown[] = [];
          const record = (event: unknown) => hookPayloads.push(event);
          const api = createHttpClient({
            baseURL: `${a.url}/api/v1`,
            auth,
            rateLimit: false,
            cache: false,
            // Retries on, with tiny backoffs: were the client to retry, it would do so at once.
            retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
            hooks: { onRequest: record, onResponse: record, onRetry: record, onError: record },
          } as HttpClientOptions);
          const { value, error } = await outcomeOf(
            api.request({
              method,
              path: "/user/withdraw",
              query: { user: "alice" },
              form: method === "POST" ? { amount: 5, "site-key": "s" } : undefined,
            }),
          );
          expect(b.received, "requests that reached the Location's server").toHaveLength(0);
          expect(a.received, "requests sent to the API").toHaveLength(1);
          expect(value, "the call must not resolve").toBeUndefined();
          expectRedirectError(error, status, method, hookPayloads);
          // Nothing was retried.
          expect(
            hookPayloads.filter((event) => "delayMs" in (event as object)),
            "onRetry calls",
          ).toEqual([]);
        });
      }
    }
  }
});

describe("an https → http Location is not followed either", () => {
  let b: LoopbackServer;

  beforeEach(async () => {
    b = await startLoopbackServer((_, response) => sendJson(response, 200, { stolen: true }));
  });
  afterEach(async () => {
    await b?.close();
  });

  /**
   * An https API (in-process) that answers `status` with a Location on plain http (loopback B),
   * behind a `fetch` that behaves like the platform's: it follows the redirect unless the request
   * says `redirect: "manual"` (or `"error"`), re-sending the headers — keys included.
   */
  function downgradingFetch(status: number) {
    const modes: string[] = [];
    const fetch: FetchFunction = async (input, init) => {
      const request = new Request(input, init);
      modes.push(request.redirect);
      const location = `${b.url}/landing?private=${encodeURIComponent(PRIVATE_KEY)}`;
      if (request.redirect === "error") throw new TypeError("unexpected redirect");
      if (request.redirect === "manual") {
        return new Response(JSON.stringify({ moved: location }), {
          status,
          headers: { location, "content-type": "application/json" },
        });
      }
      // "follow": what fetch does with a 3xx (RFC 9110 §15.4, Fetch §4.4).
      const becomesGet =
        status === 303 || ((status === 301 || status === 302) && request.method === "POST");
      const method = becomesGet ? "GET" : request.method;
      const body = method === "GET" ? null : await request.arrayBuffer();
      return globalThis.fetch(location, { method, headers: request.headers, body });
    };
    return { fetch, modes };
  }

  for (const { name, auth } of AUTHS) {
    for (const status of [301, 308] as const) {
      for (const method of ["GET", "POST"] as const) {
        it(`${method} to https answered ${status} → http (${name}): not followed, sent with redirect "manual"`, async () => {
          const stub = downgradingFetch(status);
          const hookPayloads: unknown[] = [];
          const api = createHttpClient({
            baseURL: "https://api.example.test/api/v1",
            auth,
            fetch: stub.fetch,
            rateLimit: false,
            cache: false,
            retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
            hooks: { onError: (event) => hookPayloads.push(event) },
          } as HttpClientOptions);
          const { value, error } = await outcomeOf(
            api.request({
              method,
              path: "/user/withdraw",
              form: method === "POST" ? { amount: 5 } : undefined,
            }),
          );
          expect(b.received, "requests that reached the http Location").toHaveLength(0);
          expect(stub.modes, "redirect mode of each request sent").toEqual(["manual"]);
          expect(value, "the call must not resolve").toBeUndefined();
          expectRedirectError(error, status, method, hookPayloads);
        });
      }
    }
  }
});

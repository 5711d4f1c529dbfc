/**
 * Secrets never leak (DESIGN rule 6), at the core: with sentinel credentials sent as headers or as
 * query parameters, no failure — a server echoing them in a failure envelope or an HTML page, a
 * transport error quoting the URL, a timeout — lets one reach an error (its text, JSON,
 * `util.inspect`, stack, `toJSON()` or cause chain) or a hook payload, raw, encoded or in pieces.
 */

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createHttpClient,
  type FetchFunction,
  type HttpClientOptions,
  ValidationError,
} from "../src/index.js";
import { expectNoSecretIn, expectNoSecrets } from "./helpers/leaks.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

// Sentinels: long, distinctive, with characters that URL-encoding changes.
const PUBLIC_KEY = "PUBLIC+sentinel/3f9a1c77e2b4d5a6";
const PRIVATE_KEY = "PRIVATE=sentinel&9b8c7d6e5f4a3b2c";
const TOKEN = "TOKEN sentinel 0d1e2f3a4b5c6d7e";
const SECRETS = [PUBLIC_KEY, PRIVATE_KEY, TOKEN];

/** A server that echoes the credentials it received back in every answer, the worst case. */
function echoingFetch(status: number, contentType = "application/json"): FetchFunction {
  return async (input, init) => {
    const request = new Request(input, init);
    const echoed = `${request.url} ${[...request.headers].map(([k, v]) => `${k}: ${v}`).join(", ")}`;
    const body =
      contentType === "application/json"
        ? JSON.stringify({
            status: "failure",
            message: `bad request: ${echoed}`,
            "X-API-KEY": TOKEN,
            private: PRIVATE_KEY,
          })
        : `<html><body>Error for ${echoed}</body></html>`;
    return new Response(body, { status, headers: { "content-type": contentType } });
  };
}

/** A fetch that fails the way undici does, with the URL (and so the v1 keys) in its message. */
function throwingFetch(code: string): FetchFunction {
  return async (input) => {
    throw new TypeError(`fetch failed: ${String(input)}`, {
      cause: Object.assign(new Error(`${code} ${String(input)}`), { code }),
    });
  };
}

const failures: [string, Partial<HttpClientOptions>, "GET" | "POST"][] = [
  ["400 envelope", { fetch: echoingFetch(400) }, "GET"],
  ["401", { fetch: echoingFetch(401) }, "GET"],
  ["403", { fetch: echoingFetch(403) }, "GET"],
  ["404", { fetch: echoingFetch(404) }, "GET"],
  ["429", { fetch: echoingFetch(429), retry: false }, "GET"],
  ["500 on GET", { fetch: echoingFetch(500), retry: false }, "GET"],
  ["500 on POST (outcome unknown)", { fetch: echoingFetch(500) }, "POST"],
  ["failure envelope at 200", { fetch: echoingFetch(200) }, "GET"],
  ["HTML at 200", { fetch: echoingFetch(200, "text/html") }, "GET"],
  ["HTML at 502", { fetch: echoingFetch(502, "text/html"), retry: false }, "GET"],
  ["connection refused", { fetch: throwingFetch("ECONNREFUSED"), retry: false }, "POST"],
  ["reset after sending", { fetch: throwingFetch("ECONNRESET") }, "POST"],
  ["timeout", { fetch: () => new Promise<Response>(() => {}), timeout: 10, retry: false }, "GET"],
];

describe("secrets never leak", () => {
  for (const auth of [
    {
      name: "v2 headers",
      auth: { headers: { "X-API-ID": PUBLIC_KEY, "X-API-KEY": PRIVATE_KEY, "X-Api-Token": TOKEN } },
    },
    {
      name: "v1 query",
      auth: { query: { public: PUBLIC_KEY, private: PRIVATE_KEY, token: TOKEN } },
    },
  ]) {
    it(`no secret appears in String, JSON.stringify, util.inspect, stack or cause of any error (${auth.name})`, async () => {
      const clock = new VirtualClock();
      const hookPayloads: unknown[] = [];
      const record = (event: unknown) => hookPayloads.push(event);
      const seen: string[] = [];
      for (const [name, options, method] of failures) {
        const api = createHttpClient({
          baseURL: "https://api.example.test/api/v1",
          auth: auth.auth,
          clock: name === "timeout" ? undefined : clock,
          rateLimit: false,
          cache: false,
          retry: { retries: 0 },
          hooks: { onRequest: record, onResponse: record, onRetry: record, onError: record },
          responses: { failureMessage: (body) => (body as { message?: string }).message },
          ...options,
        } as HttpClientOptions);
        const error = await api
          .request({
            method,
            path: "/user/balance",
            query: { user: "alice" },
            form: method === "POST" ? { amount: 1 } : undefined,
          })
          .then(
            () => expect.unreachable(`${name} should fail`),
            (caught: unknown) => caught,
          );
        seen.push(`${name}: ${(error as Error).name}`);
        expectNoSecrets(error, SECRETS, name);
      }
      expect(seen).toHaveLength(failures.length);
      expect(hookPayloads.length).toBeGreaterThan(failures.length);
      for (const payload of hookPayloads) {
        expectNoSecretIn(JSON.stringify(payload), SECRETS, "hook payload (JSON)");
        expectNoSecretIn(inspect(payload, { depth: 10 }), SECRETS, "hook payload (inspect)");
        const { error } = payload as { error?: unknown };
        if (error !== undefined) expectNoSecrets(error, SECRETS, "hook payload's error");
      }
    });
  }

  it("an insecure base URL is refused before anything is sent", () => {
    expect(() => createHttpClient({ baseURL: "http://api.example.test" })).toThrow(ValidationError);
  });
});

it("the errors behind the secrets test are the expected classes", async () => {
  const kinds: string[] = [];
  for (const [, options, method] of failures) {
    const api = createHttpClient({
      baseURL: "https://api.example.test",
      rateLimit: false,
      cache: false,
      retry: { retries: 0 },
      responses: { failureMessage: (body) => (body as { message?: string }).message },
      ...options,
    } as HttpClientOptions);
    kinds.push(await api.request({ method, path: "/" }).then(String, (error: Error) => error.name));
  }
  expect(kinds).toEqual([
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "OutcomeUnknownError",
    "ApiError",
    "ResponseValidationError",
    "ServerError",
    "ConnectionError",
    "OutcomeUnknownError",
    "TimeoutError",
  ]);
});

/**
 * The MixCoins token never leaks: whatever goes wrong — a 401 that echoes it, an HTML error page
 * quoting it, a transport error carrying it, a timeout, a reply that repeats it in its fields — the
 * error (as text, JSON, `util.inspect`, stack, `toJSON()`, body, cause) and every hook payload are
 * free of it, raw, URL- or form-encoded, JSON-escaped, or any 10-character piece of it.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type { FetchFunction } from "../../core/src/index.js";
import { expectNoSecretIn, expectNoSecrets } from "../../core/test/helpers/leaks.js";
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  type Hooks,
  MixCoins,
  type MixCoinsOptions,
  OutcomeUnknownError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "../src/index.js";

// Distinctive, with characters that URL-encoding changes.
const TOKEN = "MIXTOKEN+sentinel/4e5f&6a7b=8c9d 0a1b";
const SECRETS = [TOKEN];

const MIX = {
  currency: "btc",
  addresses: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
  amount: "0.5",
} as const;

/** The request as text: URL and every header, what a careless server might echo. */
function echo(request: Request): string {
  return `${request.method} ${request.url} ${[...request.headers].map(([k, v]) => `${k}: ${v}`).join(", ")}`;
}

/** Answers every request with `status` and a body echoing the request (and the token). */
function echoing(status: number, kind: "json" | "html" = "json"): FetchFunction {
  return async (input, init) => {
    const request = new Request(input, init);
    expect(request.headers.get("x-api-token")).toBe(TOKEN);
    const text =
      kind === "json"
        ? JSON.stringify({ error: `Invalid API token ${TOKEN} (${echo(request)})`, token: TOKEN })
        : `<html><body><h1>Error</h1><pre>${echo(request)}</pre></body></html>`;
    const headers: Record<string, string> = {
      "content-type": kind === "json" ? "application/json" : "text/html",
    };
    if (status === 429) headers["retry-after"] = "0";
    return new Response(text, { status, headers });
  };
}

/** Fails the way undici does, quoting the token in the message and the cause. */
function throwing(code: string): FetchFunction {
  return async (input, init) => {
    const request = new Request(input, init);
    throw new TypeError(`fetch failed: ${echo(request)}`, {
      cause: Object.assign(new Error(`${code} token=${TOKEN}`), { code, token: TOKEN }),
    });
  };
}

/** A 200 reply that is not a mix, full of the token (as keys too). */
const echoingJunk: FetchFunction = async () =>
  new Response(JSON.stringify({ [TOKEN]: TOKEN, currency: "btc", note: `token ${TOKEN}` }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });

/** A reply that is a mix in shape, with the token where the deposit address should be. */
const tokenAsDeposit: FetchFunction = async () =>
  new Response(
    JSON.stringify({ currency: TOKEN, amount: "0.5", address: TOKEN, address_legacy: TOKEN }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

/**
 * Every rendering of the error and its causes (the shared leak finder), and the JSON of each body
 * down the cause chain: a body is where a server's echo of the token lands.
 */
function expectNoToken(error: unknown): void {
  expectNoSecrets(error, SECRETS);
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    const body = JSON.stringify((current as { body?: unknown })?.body) ?? "";
    expectNoSecretIn(body, SECRETS, `body of cause#${depth}`);
    current = (current as { cause?: unknown })?.cause;
  }
}

const cases: [string, Partial<MixCoinsOptions>, new (...args: never[]) => Error, unknown?][] = [
  ["401 echoing the token", { fetch: echoing(401) }, AuthenticationError],
  ["400 echoing the token", { fetch: echoing(400) }, Error],
  [
    "500 HTML page quoting the request",
    { fetch: echoing(500, "html") },
    OutcomeUnknownError,
    ServerError,
  ],
  ["500 JSON echoing the token", { fetch: echoing(500) }, OutcomeUnknownError, ServerError],
  [
    // Not MixCoins' maintenance answer, so no proof that nothing was made: never resent.
    "503 JSON echoing the token",
    { fetch: echoing(503), retry: { retries: 1, baseDelay: 1, maxDelay: 1 } },
    OutcomeUnknownError,
    ServerError,
  ],
  [
    "429 echoing the token, retried",
    { fetch: echoing(429), retry: { retries: 1, baseDelay: 1, maxDelay: 1 } },
    RateLimitError,
  ],
  [
    "200 HTML page quoting the request",
    { fetch: echoing(200, "html") },
    OutcomeUnknownError,
    ResponseValidationError,
  ],
  // MixCoins' error envelope is an error whatever the status.
  ["200 with the error envelope, echoing the token", { fetch: echoing(200) }, ApiError],
  [
    "200 JSON that is no mix, echoing the token",
    { fetch: echoingJunk },
    OutcomeUnknownError,
    ResponseValidationError,
  ],
  [
    "a reply naming the token as currency and deposit address",
    { fetch: tokenAsDeposit },
    ResponseValidationError,
  ],
  [
    "connection reset, the error quoting the token",
    { fetch: throwing("ECONNRESET") },
    OutcomeUnknownError,
    ConnectionError,
  ],
  [
    "connection refused, the error quoting the token",
    { fetch: throwing("ECONNREFUSED"), retry: { retries: 1, baseDelay: 1, maxDelay: 1 } },
    ConnectionError,
  ],
  [
    "timeout",
    { fetch: () => new Promise<Response>(() => {}), timeout: 20 },
    OutcomeUnknownError,
    TimeoutError,
  ],
];

describe("the token never appears in errors or hook payloads", () => {
  it.each(cases)("%s", async (_name, options, ErrorClass, CauseClass) => {
    const events: unknown[] = [];
    const record = (kind: string) => (event: unknown) => events.push({ kind, event });
    const hooks: Hooks = {
      onRequest: record("request"),
      onResponse: record("response"),
      onRetry: record("retry"),
      onError: record("error"),
    };
    const client = new MixCoins({ token: TOKEN, retry: false, hooks, ...options });
    const error = await client.mixes.create(MIX).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ErrorClass);
    if (CauseClass) expect((error as Error).cause).toBeInstanceOf(CauseClass);
    expectNoToken(error);

    const kinds = events.map((e) => (e as { kind: string }).kind);
    expect(kinds[0]).toBe("request");
    // The deposit address is checked after the HTTP call succeeded: its hooks end with the response.
    expect(kinds.at(-1)).toBe(options.fetch === tokenAsDeposit ? "response" : "error");
    expectNoSecretIn(inspect(events, { depth: 10 }), SECRETS, "hook events (inspect)");
    for (const event of events)
      expectNoSecretIn(JSON.stringify(event), SECRETS, "hook event (JSON)");
    // The request hook shows that the header was sent, not its value.
    const request = events[0] as { event: { headers: Record<string, string> } };
    expect(request.event.headers["X-Api-Token"]).toBe("[REDACTED]");
  });

  it("a 401's message still says what happened, with the token cut out", async () => {
    const client = new MixCoins({ token: TOKEN, fetch: echoing(401), retry: false });
    const error = (await client.mixes.create(MIX).catch((e: unknown) => e)) as AuthenticationError;
    expect(error.apiMessage).toMatch(/^Invalid API token \[REDACTED\]/);
    expect(error.body).toMatchObject({ token: "[REDACTED]" });
  });

  it("the client itself does not show the token when inspected", () => {
    const client = new MixCoins({ token: TOKEN });
    expectNoSecretIn(inspect(client, { depth: 10, showHidden: true }), SECRETS, "inspect(client)");
    expectNoSecretIn(JSON.stringify(client), SECRETS, "JSON.stringify(client)");
  });
});

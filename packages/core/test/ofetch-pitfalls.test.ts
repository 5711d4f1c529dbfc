/**
 * The pitfalls of ofetch 1.5.1 that the core owns (DESIGN, "@cointap/core"), proven end to end
 * whatever carries the request underneath: (a) with a timeout and retries, each retry gets a fresh
 * signal (ofetch's retries reuse the aborted one and fail at once); (b) a caller `signal` does not
 * disable the timeout (ofetch ignores `timeout` then); (c) `Retry-After` is honoured (ofetch's retry
 * ignores it); (d) a transport failure never exposes ofetch's `FetchError`, which carries the
 * request URL — v1 keys included — and options.
 */

import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  createHttpClient,
  type HttpClientOptions,
  OutcomeUnknownError,
  TimeoutError,
} from "../src/index.js";
import { expectNoSecretIn, expectNoSecrets } from "./helpers/leaks.js";
import {
  type LoopbackServer,
  refusedPortURL,
  sendJson,
  startLoopbackServer,
} from "./helpers/loopback-server.js";
import { outcomeOf } from "./helpers/outcome.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

let server: LoopbackServer | undefined;
const held: ServerResponse[] = [];
afterEach(async () => {
  held.length = 0;
  await server?.close();
  server = undefined;
});

describe("(a) timeout + retry: each retry gets a fresh signal", () => {
  it("first attempt hangs past timeout 200, the second answers: resolves with the second body, 2 requests", async () => {
    server = await startLoopbackServer((_, response) => {
      if ((server as LoopbackServer).received.length === 1) {
        held.push(response);
        return;
      }
      sendJson(response, 200, { attempt: (server as LoopbackServer).received.length });
    });
    const api = createHttpClient({
      baseURL: server.url,
      rateLimit: false,
      cache: false,
      timeout: 200,
      retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
    });
    const { value, error } = await outcomeOf(api.request({ method: "GET", path: "/stats" }));
    expect(error).toBeUndefined();
    expect(value).toEqual({ attempt: 2 });
    expect(server.received).toHaveLength(2);
  });
});

describe("(b) a caller signal does not switch the timeout off", () => {
  it("signal (never aborted) + timeout 200, the server never answers: TimeoutError in < 2 s", async () => {
    server = await startLoopbackServer((_, response) => {
      held.push(response);
    });
    const api = createHttpClient({
      baseURL: server.url,
      rateLimit: false,
      cache: false,
      retry: false,
    });
    const controller = new AbortController();
    const started = performance.now();
    const { error } = await outcomeOf(
      api.request({ method: "GET", path: "/stats", signal: controller.signal, timeout: 200 }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(controller.signal.aborted).toBe(false);
  });
});

describe("(c) Retry-After is honoured", () => {
  it("503 + Retry-After: 1 on a virtual clock: the second request is sent at exactly t = 1000", async () => {
    const clock = new VirtualClock();
    const stub = stubFetch(
      (_, index) =>
        index === 0 ? json(503, { message: "busy" }, { "retry-after": "1" }) : json(200, { ok: 1 }),
      () => clock.now(),
    );
    const retries: number[] = [];
    const api = createHttpClient({
      baseURL: "https://api.example.test/v2",
      fetch: stub.fetch,
      clock,
      cache: false,
      rateLimit: false,
      random: () => 0.5,
      hooks: { onRetry: ({ delayMs }) => retries.push(delayMs) },
    });
    const call = api.request({ method: "GET", path: "/reward" });
    await vi.waitFor(() => expect(retries).toEqual([1000]));
    await clock.advance(999);
    expect(stub.calls).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(stub.calls).toHaveLength(2));
    expect(stub.calls.map((sent) => sent.at)).toEqual([0, 1000]);
    expect(await call).toEqual({ ok: 1 });
  });
});

const PUBLIC_KEY = "PUBLIC+pitfall/1b2c3d4e5f607182";
const PRIVATE_KEY = "PRIVATE=pitfall&a9b8c7d6e5f40312";
const SECRETS = [PUBLIC_KEY, PRIVATE_KEY];

/** Paths (from the root) to every object reachable from `root` whose name is `name`. */
function objectsNamed(root: unknown, name: string): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number) => {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return;
    if (seen.has(value) || depth > 8) return;
    seen.add(value);
    const named = value as { name?: unknown; constructor?: { name?: unknown } };
    let ownName: unknown;
    try {
      ownName = named.name;
    } catch {
      ownName = undefined;
    }
    if (ownName === name || named.constructor?.name === name) found.push(path);
    for (const key of Object.getOwnPropertyNames(value)) {
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      visit(child, `${path}.${key}`, depth + 1);
    }
  };
  visit(root, "error", 0);
  return found;
}

function expectClean(error: unknown, payloads: unknown[]): void {
  expectNoSecrets(error, SECRETS, "transport failure");
  expect(objectsNamed(error, "FetchError"), "FetchError objects reachable from the error").toEqual(
    [],
  );
  expect(payloads.length, "hook payloads").toBeGreaterThan(0);
  for (const payload of payloads) {
    expectNoSecretIn(JSON.stringify(payload), SECRETS, "hook payload (JSON)");
    expectNoSecretIn(inspect(payload, { depth: 10 }), SECRETS, "hook payload (inspect)");
    expect(objectsNamed(payload, "FetchError"), "FetchError objects in a hook payload").toEqual([]);
    const { error: hooked } = payload as { error?: unknown };
    if (hooked !== undefined) expectNoSecrets(hooked, SECRETS, "hook payload's error");
  }
}

describe("(d) a transport failure never exposes the key or a FetchError", () => {
  const v1 = { query: { public: PUBLIC_KEY, private: PRIVATE_KEY } };

  for (const method of ["GET", "POST"] as const) {
    it(`connection refused, v1 query keys, ${method}: ConnectionError; error, causes, JSON and onError clean`, async () => {
      const payloads: unknown[] = [];
      const record = (event: unknown) => payloads.push(event);
      const api = createHttpClient({
        baseURL: `${await refusedPortURL()}/api/v1`,
        auth: v1,
        rateLimit: false,
        cache: false,
        retry: { retries: 1, baseDelay: 1, maxDelay: 1 },
        hooks: { onRetry: record, onError: record },
      } as HttpClientOptions);
      const { value, error } = await outcomeOf(
        api.request({
          method,
          path: "/user/withdraw",
          query: { user: "alice" },
          form: method === "POST" ? { amount: 1 } : undefined,
        }),
      );
      expect(value).toBeUndefined();
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).sent).toBe(false);
      expect(payloads.some((payload) => "error" in (payload as object))).toBe(true);
      expectClean(error, payloads);
    });
  }

  it("the connection dropped after a POST was sent, v1 query keys: OutcomeUnknownError; clean all the way down", async () => {
    server = await startLoopbackServer((_, response) => {
      response.socket?.destroy();
    });
    const payloads: unknown[] = [];
    const api = createHttpClient({
      baseURL: `${server.url}/api/v1`,
      auth: v1,
      rateLimit: false,
      cache: false,
      retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
      hooks: { onError: (event) => payloads.push(event) },
    } as HttpClientOptions);
    const { error } = await outcomeOf(
      api.request({ method: "POST", path: "/user/withdraw", form: { amount: 1 } }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(server.received).toHaveLength(1);
    expectClean(error, payloads);
  });
});

describe("hooks report the attempt that failed", () => {
  it("onError names the last attempt (3 after two retries), not the first", async () => {
    const attempts: number[] = [];
    const api = createHttpClient({
      baseURL: "https://api.example.test/v2",
      rateLimit: false,
      cache: false,
      retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
      fetch: async () => new Response(JSON.stringify({ error: "down" }), { status: 500 }),
      hooks: { onError: (event) => attempts.push(event.attempt) },
    });
    await expect(api.request({ method: "GET", path: "/reward" })).rejects.toThrow();
    expect(attempts).toEqual([3]);
  });
});

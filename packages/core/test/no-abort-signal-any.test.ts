/**
 * The core runs where `AbortSignal.any` does not exist (Node 20.0–20.2, older browsers and edge
 * runtimes): with it deleted, a cached GET with a caller signal, a `totalTimeout`, a per-call
 * timeout with a retry, and retries after a 500 all work — succeed or time out as they should —
 * and never throw a `TypeError`; aborting the caller's signal still aborts.
 */

import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions, TimeoutError } from "../src/index.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "./helpers/loopback-server.js";
import { outcomeOf } from "./helpers/outcome.js";

let server: LoopbackServer;
let savedAny: typeof AbortSignal.any | undefined;
/** Requests seen per path, to answer the first one differently. */
const seen = new Map<string, number>();
/** Responses held open (never answered); released when the server closes. */
const held: ServerResponse[] = [];

beforeEach(async () => {
  seen.clear();
  server = await startLoopbackServer((request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const count = (seen.get(path) ?? 0) + 1;
    seen.set(path, count);
    if (path === "/hang" || (path === "/slow-first" && count === 1)) {
      held.push(response);
      return;
    }
    if (path === "/flaky" && count === 1) return sendJson(response, 500, { message: "oops" });
    sendJson(response, 200, { ok: true, path });
  });
  savedAny = AbortSignal.any;
  Reflect.deleteProperty(AbortSignal, "any");
  expect((AbortSignal as { any?: unknown }).any, "AbortSignal.any is gone").toBeUndefined();
});

afterEach(async () => {
  if (savedAny) AbortSignal.any = savedAny;
  held.length = 0;
  await server.close();
});

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseURL: server.url,
    rateLimit: false,
    retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
    ...options,
  } as HttpClientOptions);
}

describe("without AbortSignal.any", () => {
  it("a cached GET with a caller signal succeeds", async () => {
    const api = client();
    const controller = new AbortController();
    const { value, error } = await outcomeOf(
      api.request({ method: "GET", path: "/ok", signal: controller.signal }),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ ok: true, path: "/ok" });
  });

  it("a totalTimeout ends a call whose server never answers: TimeoutError, not TypeError", async () => {
    const api = client({ cache: false, totalTimeout: 300, timeout: 10_000 });
    const started = performance.now();
    const { error } = await outcomeOf(api.request({ method: "GET", path: "/hang" }));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a per-call timeout (with a caller signal) ends the first attempt; the retry succeeds", async () => {
    const api = client({ cache: false });
    const controller = new AbortController();
    const { value, error } = await outcomeOf(
      api.request({ method: "GET", path: "/slow-first", timeout: 200, signal: controller.signal }),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ ok: true, path: "/slow-first" });
    expect(seen.get("/slow-first")).toBe(2);
  });

  it("a GET is retried after a 500, with a caller signal and a totalTimeout", async () => {
    const api = client({ cache: false, totalTimeout: 5000 });
    const controller = new AbortController();
    const { value, error } = await outcomeOf(
      api.request({ method: "GET", path: "/flaky", signal: controller.signal }),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ ok: true, path: "/flaky" });
    expect(seen.get("/flaky")).toBe(2);
  });

  for (const [kind, options] of [
    ["cached", {}],
    ["uncached", { cache: false }],
  ] as const) {
    it(`aborting the caller's signal still aborts a ${kind} GET (with totalTimeout and timeout)`, async () => {
      const api = client({ ...options, totalTimeout: 10_000, timeout: 10_000 });
      const controller = new AbortController();
      const reason = new Error("caller left");
      const abort = setTimeout(() => controller.abort(reason), 50);
      try {
        const started = performance.now();
        const { error } = await outcomeOf(
          api.request({ method: "GET", path: "/hang", signal: controller.signal }),
        );
        expect(error).toBe(reason);
        expect(performance.now() - started).toBeLessThan(2000);
      } finally {
        clearTimeout(abort);
      }
    });
  }
});

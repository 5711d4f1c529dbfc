/**
 * A GET that joins an identical cached GET already in flight is still bounded by its own `timeout`
 * and its own `signal` (DESIGN rule 8: every call is cancellable): it gives up on its own terms,
 * while the call it joined goes on and gets its body. One request reaches the server.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHttpClient, TimeoutError } from "../src/index.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "./helpers/loopback-server.js";

/** The server answers after this long: longer than the joiner may wait, shorter than A's timeout. */
const ANSWER_AFTER = 2500;
const READ = { method: "GET", path: "/account/stats", query: { currency: "MINTME" } } as const;

let server: LoopbackServer;
const answers = new Set<ReturnType<typeof setTimeout>>();

beforeEach(async () => {
  server = await startLoopbackServer((_, response) => {
    const timer = setTimeout(() => {
      answers.delete(timer);
      sendJson(response, 200, { hashes: 42 });
    }, ANSWER_AFTER);
    answers.add(timer);
  });
});

afterEach(async () => {
  for (const timer of answers) clearTimeout(timer);
  answers.clear();
  await server.close();
});

function client() {
  return createHttpClient({ baseURL: server.url, rateLimit: false, retry: false });
}

/** What a call settled with, and after how long (ms of real time since `since`). */
function timed(promise: Promise<unknown>, since: number) {
  return promise.then(
    (value) => ({ value, error: undefined as unknown, after: performance.now() - since }),
    (error: unknown) => ({ value: undefined, error, after: performance.now() - since }),
  );
}

describe("a GET joining an in-flight cached GET keeps its own limits", () => {
  it("B (timeout 300) joins A (timeout 10 000): B gets TimeoutError long before A's answer; A gets the body", async () => {
    const api = client();
    const a = timed(api.request({ ...READ, timeout: 10_000 }), performance.now());
    // A's request is at the server: B joins a load in flight.
    await vi.waitFor(() => expect(server.received).toHaveLength(1));
    const b = await timed(api.request({ ...READ, timeout: 300 }), performance.now());
    expect(b.error).toBeInstanceOf(TimeoutError);
    expect((b.error as TimeoutError).timeout).toBe(300);
    // Generous: it must not have waited for the answer (2.5 s).
    expect(b.after).toBeLessThan(2000);
    const settledA = await a;
    expect(settledA.error).toBeUndefined();
    expect(settledA.value).toEqual({ hashes: 42 });
    expect(server.received).toHaveLength(1);
  });

  it("B joins A with its own signal, aborted after 100 ms: B rejects with that reason; A gets the body", async () => {
    const api = client();
    const a = timed(api.request({ ...READ, timeout: 10_000 }), performance.now());
    await vi.waitFor(() => expect(server.received).toHaveLength(1));
    const controller = new AbortController();
    const reason = new Error("B left");
    const abort = setTimeout(() => controller.abort(reason), 100);
    try {
      const b = await timed(api.request({ ...READ, signal: controller.signal }), performance.now());
      expect(b.error).toBe(reason);
      expect(b.after).toBeLessThan(2000);
    } finally {
      clearTimeout(abort);
    }
    const settledA = await a;
    expect(settledA.value).toEqual({ hashes: 42 });
    expect(server.received).toHaveLength(1);
  });

  it("B (timeout 300) joins A before A is even sent: the same holds", async () => {
    const api = client();
    // Both start in the same tick: B shares A's load from the start.
    const a = timed(api.request({ ...READ, timeout: 10_000 }), performance.now());
    const b = await timed(api.request({ ...READ, timeout: 300 }), performance.now());
    expect(b.error).toBeInstanceOf(TimeoutError);
    expect(b.after).toBeLessThan(2000);
    expect((await a).value).toEqual({ hashes: 42 });
    expect(server.received).toHaveLength(1);
  });

  it("B (timeout 5 000) joins A (timeout 100, retries on): A's own timeouts do not end B's wait", async () => {
    // Retries on: A's three attempts each time out after 100 ms, which is A's limit, not B's.
    const api = createHttpClient({
      baseURL: server.url,
      rateLimit: false,
      retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
    });
    const a = timed(api.request({ ...READ, timeout: 100 }), performance.now());
    await vi.waitFor(() => expect(server.received).toHaveLength(1));
    const b = await timed(api.request({ ...READ, timeout: 5_000 }), performance.now());
    const settledA = await a;
    expect(settledA.error).toBeInstanceOf(TimeoutError);
    expect((settledA.error as TimeoutError).timeout).toBe(100);
    expect(b.error, "B waited on its own limits").toBeUndefined();
    expect(b.value).toEqual({ hashes: 42 });
  });
});

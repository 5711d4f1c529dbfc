import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  createHttpClient,
  type FetchFunction,
  type HttpClientOptions,
  OutcomeUnknownError,
  ServerError,
  TimeoutError,
} from "../src/index.js";
import {
  type LoopbackServer,
  refusedPortURL,
  sendJson,
  startLoopbackServer,
} from "./helpers/loopback-server.js";

let server: LoopbackServer;
afterEach(() => server?.close());

const fastRetry = { retries: 2, baseDelay: 1, maxDelay: 5 };

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseURL: server.url,
    rateLimit: false,
    cache: false,
    retry: fastRetry,
    ...options,
  });
}

/** Rejects with whatever the call rejects with (and fails the test if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}

describe("a POST is never sent twice", () => {
  it("is not retried after a timeout, and rejects with OutcomeUnknownError", async () => {
    server = await startLoopbackServer(() => {
      // Never answers: the request arrived and may have been applied.
    });
    const error = await failureOf(
      client({ timeout: 500 }).request({
        method: "POST",
        path: "/user/withdraw",
        form: { amount: 1 },
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(TimeoutError);
    // On a loaded machine the server may finish reading the request after the client gave up.
    await vi.waitFor(() => expect(server.received).toHaveLength(1));
  });

  it("is not retried after a reset once the request was sent, and rejects with OutcomeUnknownError", async () => {
    server = await startLoopbackServer((_, response) => response.socket?.destroy());
    const error = await failureOf(
      client().request({ method: "POST", path: "/user/withdraw", form: { amount: 1 } }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ConnectionError);
    expect(((error as OutcomeUnknownError).cause as ConnectionError).sent).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it("is not retried after a 500, and rejects with OutcomeUnknownError", async () => {
    server = await startLoopbackServer((_, response) =>
      sendJson(response, 500, { status: "failure" }),
    );
    const error = await failureOf(
      client().request({ method: "DELETE", path: "/site", query: { "site-key": "k" } }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ServerError);
    expect(server.received).toHaveLength(1);
  });

  it("is retried after a 429 and then succeeds", async () => {
    server = await startLoopbackServer((_, response) =>
      server.received.length === 1
        ? sendJson(
            response,
            429,
            { status: "failure", message: "slow down" },
            { "retry-after-ms": "10" },
          )
        : sendJson(response, 200, { status: "success" }),
    );
    const body = await client().request({
      method: "POST",
      path: "/user/withdraw",
      form: { amount: 1 },
    });
    expect(body).toEqual({ status: "success" });
    expect(server.received).toHaveLength(2);
  });

  it("is retried after connection refused (never sent) and then succeeds", async () => {
    server = await startLoopbackServer((_, response) =>
      sendJson(response, 200, { status: "success" }),
    );
    const refused = await refusedPortURL();
    let attempts = 0;
    // The first attempt goes to a closed port; the retry reaches the server.
    const firstRefused: FetchFunction = (input, init) => {
      attempts++;
      const url = String(input);
      return fetch(attempts === 1 ? url.replace(server.url, refused) : url, init);
    };
    const body = await client({ fetch: firstRefused }).request({
      method: "POST",
      path: "/x",
      form: { a: 1 },
    });
    expect(body).toEqual({ status: "success" });
    expect(attempts).toBe(2);
    expect(server.received).toHaveLength(1);
  });

  it("gives up with a ConnectionError (sent: false) when the port stays closed", async () => {
    server = await startLoopbackServer(() => {});
    const error = await failureOf(
      createHttpClient({
        baseURL: await refusedPortURL(),
        rateLimit: false,
        retry: fastRetry,
      }).request({
        method: "POST",
        path: "/x",
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).sent).toBe(false);
  });
});

describe("a GET is retried after ambiguous failures", () => {
  it("retries after a reset in the middle of the body", async () => {
    server = await startLoopbackServer((_, response) => {
      if (server.received.length === 1) {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"partial":');
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      sendJson(response, 200, { whole: true });
    });
    expect(await client().request({ method: "GET", path: "/" })).toEqual({ whole: true });
    expect(server.received).toHaveLength(2);
  });

  it("retries after a timeout", async () => {
    server = await startLoopbackServer((_, response) => {
      if (server.received.length > 1) sendJson(response, 200, { late: false });
    });
    expect(await client({ timeout: 500 }).request({ method: "GET", path: "/" })).toEqual({
      late: false,
    });
    expect(server.received).toHaveLength(2);
  });
});

describe("time limits", () => {
  it("a body that stalls after the headers fails with TimeoutError near the timeout", async () => {
    server = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"balance": ');
      // …and nothing more, until the test closes the server.
    });
    const timeout = 300;
    const started = performance.now();
    const error = await failureOf(
      client({ timeout, retry: false }).request({ method: "GET", path: "/" }),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(timeout);
    // Not before the timeout; and bounded, which proves the body read was cut (the server never ends it).
    expect(elapsed).toBeGreaterThanOrEqual(timeout - 5);
    expect(elapsed).toBeLessThan(10_000);
  });

  it("a caller's signal aborts a GET with the signal's reason", async () => {
    server = await startLoopbackServer(() => {});
    const controller = new AbortController();
    const call = client().request({ method: "GET", path: "/", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    expect(await failureOf(call)).toEqual(new Error("user cancelled"));
  });

  it("a caller's abort after a POST was sent is an OutcomeUnknownError carrying the reason", async () => {
    server = await startLoopbackServer(() => {});
    const controller = new AbortController();
    const call = client().request({ method: "POST", path: "/x", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toEqual(new Error("user cancelled"));
  });

  it("totalTimeout bounds the whole call, retries included", async () => {
    server = await startLoopbackServer(() => {});
    const error = await failureOf(
      client({
        timeout: 100,
        totalTimeout: 250,
        retry: { retries: 50, baseDelay: 1, maxDelay: 1 },
      }).request({
        method: "GET",
        path: "/",
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeout).toBe(250);
    expect(server.received.length).toBeLessThan(50);
  });
});

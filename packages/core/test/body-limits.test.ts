/**
 * Everything is bounded (DESIGN rule 10): a body is read up to `maxResponseBytes` (default 1 MiB)
 * while it streams, never whole — a 50 MB answer or a gzip bomb is a `ResponseValidationError`
 * that names the limit, the heap does not grow by the body, and the connection is dropped; a
 * `content-length` above the limit is refused before reading. The limit is exact. An error answer
 * keeps only a few KB of message and body. A POST whose success answer is too large may have been
 * applied: `OutcomeUnknownError`.
 */

import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { createGzip } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  createHttpClient,
  type HttpClientOptions,
  OutcomeUnknownError,
  ResponseValidationError,
} from "../src/index.js";
import { type LoopbackServer, startLoopbackServer } from "./helpers/loopback-server.js";
import { outcomeOf } from "./helpers/outcome.js";

const MiB = 1024 * 1024;
const DEFAULT_LIMIT = 1_048_576;
const HUGE = 50 * MiB;
/** One reusable 64 KiB chunk of "x": the huge bodies are streamed from it, never built whole. */
const CHUNK = Buffer.alloc(64 * 1024, "x");

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What the server saw of one streamed answer. */
interface StreamRecord {
  written: number;
  /** Set when the response closed: whether every byte had been handed to the socket by then. */
  finished?: boolean;
}

/**
 * Streams `{"data":"xxx…"}` of `total` bytes with back-pressure, in 64 KiB chunks, stopping as
 * soon as the client drops the connection.
 */
async function streamJson(
  response: ServerResponse,
  total: number,
  record: StreamRecord,
  headers: Record<string, string> = {},
): Promise<void> {
  response.on("close", () => {
    record.finished = response.writableFinished;
  });
  response.writeHead(200, { "content-type": "application/json", ...headers });
  const head = Buffer.from('{"data":"');
  const tail = Buffer.from('"}');
  const write = async (chunk: Buffer) => {
    record.written += chunk.length;
    if (!response.write(chunk)) {
      await Promise.race([once(response, "drain"), once(response, "close")]);
    }
  };
  await write(head);
  let left = total - head.length - tail.length;
  // Bounded: at most total / 64 KiB chunks.
  while (left > 0 && !response.destroyed) {
    const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    await write(chunk);
    left -= chunk.length;
  }
  if (!response.destroyed) response.end(tail);
  record.written += tail.length;
}

/** A JSON body of exactly `bytes` bytes. */
function jsonOfSize(bytes: number): string {
  return `{"a":"${"x".repeat(bytes - 8)}"}`;
}

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseURL: (server as LoopbackServer).url,
    rateLimit: false,
    cache: false,
    retry: false,
    ...options,
  } as HttpClientOptions);
}

/** Whether the error's message or issues name the limit (in bytes, in MiB, or by option name). */
function mentionsLimit(error: unknown, limit: number): boolean {
  const { message = "", issues = [] } = error as { message?: string; issues?: unknown };
  const text = `${message} ${JSON.stringify(issues)}`;
  const forms = [
    String(limit),
    limit.toLocaleString("en-US"),
    limit.toLocaleString("en-US").replaceAll(",", "_"),
    "maxResponseBytes",
  ];
  if (limit % MiB === 0) forms.push(`${limit / MiB} MiB`, `${limit / MiB}MiB`);
  return forms.some((form) => text.includes(form));
}

function expectTooLarge(error: unknown, limit: number): void {
  expect(error).toBeInstanceOf(ResponseValidationError);
  expect(
    mentionsLimit(error, limit),
    `the error names the limit ${limit}: ${(error as Error)?.message}`,
  ).toBe(true);
}

/** heapUsed + arrayBuffers, in bytes. */
const memory = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** Runs `work`, sampling memory every few ms; returns its outcome and the peak growth. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = memory();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memory());
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, memory());
    return { result, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

describe("a huge body is refused while it streams", () => {
  it("a 50 MB 200 (default limit 1 MiB): ResponseValidationError naming the limit, heap well under 50 MB, connection closed", async () => {
    const record: StreamRecord = { written: 0 };
    server = await startLoopbackServer((_, response) => {
      void streamJson(response, HUGE, record);
    });
    const api = client({ timeout: 10_000 });
    const { result, growth } = await withPeakMemory(() =>
      outcomeOf(api.request({ method: "GET", path: "/huge" })),
    );
    expect(result.value, "the call must not resolve with the body").toBeUndefined();
    expectTooLarge(result.error, DEFAULT_LIMIT);
    expect(growth, `heap + arrayBuffers grew by ${Math.round(growth / MiB)} MiB`).toBeLessThan(
      30 * MiB,
    );
    // The client hung up: the server never got to hand over the whole body.
    await vi.waitFor(() => expect(record.finished).toBeDefined(), { timeout: 2000 });
    expect(record.finished, "the response was cut off by the client").toBe(false);
    expect(record.written).toBeLessThan(HUGE);
    // The error keeps a few KB at most, never the body.
    expect(JSON.stringify(result.error).length).toBeLessThan(20_000);
  });

  describe("a gzip bomb", () => {
    let bomb: Buffer;
    beforeAll(async () => {
      // 50 MB of zeros inside a JSON string, compressed as it is produced (~50 KB).
      const gzip = createGzip();
      const parts: Buffer[] = [];
      gzip.on("data", (part: Buffer) => parts.push(part));
      const ended = once(gzip, "end");
      const zeros = Buffer.alloc(MiB, "0");
      gzip.write('{"data":"');
      for (let i = 0; i < HUGE / MiB; i++) {
        if (!gzip.write(zeros)) await once(gzip, "drain");
      }
      gzip.end('"}');
      await ended;
      bomb = Buffer.concat(parts);
    });

    it("content-encoding: gzip, ~50 KB inflating to 50 MB: ResponseValidationError naming the limit", async () => {
      expect(bomb.length).toBeLessThan(DEFAULT_LIMIT);
      server = await startLoopbackServer((_, response) => {
        response.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(bomb.length),
        });
        response.end(bomb);
      });
      const api = client({ timeout: 10_000 });
      const { result, growth } = await withPeakMemory(() =>
        outcomeOf(api.request({ method: "GET", path: "/bomb" })),
      );
      expect(result.value, "the call must not resolve with the inflated body").toBeUndefined();
      expectTooLarge(result.error, DEFAULT_LIMIT);
      expect(growth, `heap + arrayBuffers grew by ${Math.round(growth / MiB)} MiB`).toBeLessThan(
        30 * MiB,
      );
    });
  });

  it("a content-length above the limit is refused before reading (the server sends headers only)", async () => {
    server = await startLoopbackServer((_, response) => {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": String(10 * MiB),
      });
      // Headers only: a client that waited for the body would wait for its timeout.
      response.flushHeaders();
    });
    const api = client({ timeout: 5000 });
    const started = performance.now();
    const { value, error } = await outcomeOf(api.request({ method: "GET", path: "/declared" }));
    expect(value).toBeUndefined();
    expectTooLarge(error, DEFAULT_LIMIT);
    // Generous: it did not wait for the 5 s timeout.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("the limit is exact", () => {
  for (const chunked of [false, true]) {
    const framing = chunked ? "chunked (no content-length)" : "with content-length";
    const serve = (bytes: number) =>
      startLoopbackServer((_, response) => {
        const body = jsonOfSize(bytes);
        response.writeHead(200, {
          "content-type": "application/json",
          ...(!chunked && { "content-length": String(Buffer.byteLength(body)) }),
        });
        if (chunked) {
          // Several writes: the limit must be counted across chunks.
          for (let at = 0; at < body.length; at += 300) response.write(body.slice(at, at + 300));
          response.end();
        } else response.end(body);
      });

    it(`maxResponseBytes 1000: a body of exactly 1000 bytes passes (${framing})`, async () => {
      server = await serve(1000);
      const api = client({ maxResponseBytes: 1000 });
      const { value, error } = await outcomeOf(api.request({ method: "GET", path: "/exact" }));
      expect(error).toBeUndefined();
      expect((value as { a: string }).a).toHaveLength(992);
    });

    it(`maxResponseBytes 1000: a body of 1001 bytes fails (${framing})`, async () => {
      server = await serve(1001);
      const api = client({ maxResponseBytes: 1000 });
      const { value, error } = await outcomeOf(api.request({ method: "GET", path: "/over" }));
      expect(value).toBeUndefined();
      expectTooLarge(error, 1000);
    });
  }

  it("the default is 1 MiB: 1 048 576 bytes pass, 1 048 577 fail", async () => {
    let size = DEFAULT_LIMIT;
    server = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(jsonOfSize(size));
    });
    const api = client();
    const atLimit = await outcomeOf(api.request({ method: "GET", path: "/at" }));
    expect(atLimit.error).toBeUndefined();
    size = DEFAULT_LIMIT + 1;
    const over = await outcomeOf(api.request({ method: "GET", path: "/over" }));
    expect(over.value).toBeUndefined();
    expectTooLarge(over.error, DEFAULT_LIMIT);
  });
});

describe("errors keep a few KB, never a whole answer", () => {
  it("a 400 with a 5 MB failure message (maxResponseBytes 10 MiB): message < 5000 chars, JSON < 20 000", async () => {
    server = await startLoopbackServer((_, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "failure", message: "x".repeat(5_000_000) }));
    });
    const api = client({
      maxResponseBytes: 10 * MiB,
      responses: {
        failureMessage: (body) =>
          (body as { status?: unknown }).status === "failure"
            ? String((body as { message?: unknown }).message)
            : undefined,
      },
    });
    const { error } = await outcomeOf(api.request({ method: "GET", path: "/user/balance" }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as Error).message.length).toBeLessThan(5000);
    expect(JSON.stringify(error).length).toBeLessThan(20_000);
  });

  it("a body keyed by a 500 KB name that fails its schema: message < 5000 chars, JSON < 20 000", async () => {
    const key = "k".repeat(500_000);
    server = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ [key]: Array.from({ length: 30 }, () => "x") }));
    });
    // Every item of the list is an issue whose path holds the long key.
    const schema = {
      "~standard": {
        validate: (value: unknown) => ({
          issues: Object.entries(value as Record<string, unknown[]>).flatMap(([name, items]) =>
            items.map((_, index) => ({ message: `${name} must be a number`, path: [name, index] })),
          ),
        }),
      },
    };
    const { error } = await outcomeOf(
      client({}).request({ method: "GET", path: "/stats", schema }),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message.length).toBeLessThan(5000);
    expect(JSON.stringify(error).length).toBeLessThan(20_000);
    expect((error as ResponseValidationError).issues.length).toBeLessThanOrEqual(21);
  });

  it("a POST answered 200 with a body over the limit: OutcomeUnknownError, its cause a ResponseValidationError", async () => {
    server = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(jsonOfSize(5000));
    });
    const api = client({ maxResponseBytes: 1000 });
    const { value, error } = await outcomeOf(
      api.request({ method: "POST", path: "/user/withdraw", form: { amount: 1 } }),
    );
    expect(value).toBeUndefined();
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expectTooLarge((error as Error).cause, 1000);
    expect(server.received).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions, ValidationError } from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";

const BASE = "https://api.example.test";

describe("bad options are refused before anything is sent", () => {
  const bad: [string, Partial<HttpClientOptions>, string][] = [
    ["NaN timeout", { timeout: Number.NaN }, "timeout"],
    ["zero timeout", { timeout: 0 }, "timeout"],
    ["negative totalTimeout", { totalTimeout: -1 }, "totalTimeout"],
    ["infinite backoff", { retry: { maxDelay: Number.POSITIVE_INFINITY } }, "retry.maxDelay"],
    ["fractional retries", { retry: { retries: 1.5 } }, "retry.retries"],
    ["negative retries", { retry: { retries: -1 } }, "retry.retries"],
    ["negative cache TTL", { cache: { ttl: -5 } }, "cache.ttl"],
  ];
  for (const [name, options, path] of bad) {
    it(`refuses a ${name}`, () => {
      const error = (() => {
        try {
          createHttpClient({ baseURL: BASE, ...options });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path.join("."))).toEqual([
        path,
      ]);
    });
  }

  it("refuses a bad per-call timeout, sending nothing", async () => {
    const stub = stubFetch(() => json(200, {}));
    const api = createHttpClient({ baseURL: BASE, fetch: stub.fetch, rateLimit: false });
    await expect(api.request({ method: "GET", path: "/", timeout: -1 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(stub.calls).toHaveLength(0);
  });
});

describe("an abandoned call is never sent", () => {
  for (const method of ["GET", "POST", "DELETE"] as const) {
    it(`a ${method} whose signal is already aborted rejects with the reason and sends nothing`, async () => {
      const stub = stubFetch(() => json(200, {}));
      const api = createHttpClient({
        baseURL: BASE,
        fetch: stub.fetch,
        rateLimit: false,
        cache: false,
      });
      const reason = new Error("not any more");
      const call = api.request({ method, path: "/x", signal: AbortSignal.abort(reason) });
      await expect(call).rejects.toBe(reason);
      expect(stub.calls).toHaveLength(0);
    });
  }
});

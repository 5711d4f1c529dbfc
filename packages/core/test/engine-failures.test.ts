/**
 * The engine's own failures: an ofetch that cannot be loaded (a browser chunk that did not arrive)
 * sends nothing, so a POST is retried rather than reported as an unknown outcome; and a custom
 * `fetch` that follows a redirect in spite of `redirect: "manual"` is caught by what it reports
 * (`response.redirected`), never taken for the API's answer.
 */

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ConnectionError,
  createHttpClient,
  OutcomeUnknownError,
  RedirectError,
} from "../src/index.js";
import { json } from "./helpers/stub-fetch.js";

afterEach(() => {
  vi.doUnmock("ofetch");
  vi.resetModules();
});

describe("an engine that cannot be loaded", () => {
  it("a POST is not sent, so it is not an unknown outcome, and the next call loads it again", async () => {
    vi.resetModules();
    let loads = 0;
    vi.doMock("ofetch", () => {
      loads++;
      throw new Error("chunk failed to load");
    });
    const core = await import("../src/index.js");
    let sent = 0;
    const api = core.createHttpClient({
      baseURL: "https://api.example.test/v2",
      fetch: async () => {
        sent++;
        return json(200, { ok: true });
      },
      rateLimit: false,
      retry: { retries: 1, baseDelay: 1, maxDelay: 1 },
    });
    const error = await api.request({ method: "POST", path: "/user/withdraw" }).catch((e) => e);
    expect(error).toBeInstanceOf(core.ConnectionError);
    expect(error).not.toBeInstanceOf(core.OutcomeUnknownError);
    expect((error as ConnectionError).sent).toBe(false);
    expect(sent).toBe(0);
    // Tried once per attempt: a failed import is not kept.
    expect(loads).toBeGreaterThanOrEqual(2);
  });
});

describe("a custom fetch that followed a redirect anyway", () => {
  function following(method: "GET" | "POST") {
    const api = createHttpClient({
      baseURL: "https://api.example.test/v2",
      rateLimit: false,
      cache: false,
      fetch: async () => {
        const response = json(200, { stolen: true });
        Object.defineProperty(response, "redirected", { value: true });
        Object.defineProperty(response, "url", { value: "https://elsewhere.test/landing" });
        return response;
      },
    });
    return api.request({ method, path: "/user/withdraw" }).catch((error: unknown) => error);
  }

  it("a GET: RedirectError naming where it went, not the other host's body", async () => {
    const error = await following("GET");
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe("https://elsewhere.test/landing");
  });

  it("a POST: an unknown outcome (it went somewhere), its cause the RedirectError", async () => {
    const error = await following("POST");
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(RedirectError);
  });
});

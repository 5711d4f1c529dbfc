import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions } from "../src/index.js";
import { type LoopbackServer, sendJson, startLoopbackServer } from "./helpers/loopback-server.js";

let server: LoopbackServer;
afterEach(() => server?.close());

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    baseURL: `${server.url}/api/v2`,
    rateLimit: false,
    cache: false,
    ...options,
  });
}

describe("what goes on the wire", () => {
  it("joins base URL, path and query, and sends auth headers and Accept", async () => {
    server = await startLoopbackServer((_, response) => sendJson(response, 200, { ok: true }));
    await client({ auth: { headers: { "X-API-ID": "id-123", "X-API-KEY": "key-456" } } }).request({
      method: "GET",
      path: "/hashes",
      query: { currency: "MINTME", "site-key": "abc", skipped: undefined },
    });
    const [request] = server.received;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe("/api/v2/hashes?currency=MINTME&site-key=abc");
    expect(request?.headers["x-api-id"]).toBe("id-123");
    expect(request?.headers["x-api-key"]).toBe("key-456");
    expect(request?.headers.accept).toBe("application/json");
  });

  it("sends v1-style query credentials after the call's own parameters", async () => {
    server = await startLoopbackServer((_, response) => sendJson(response, 200, {}));
    await client({ auth: { query: { public: "pub", private: "priv" } } }).request({
      method: "GET",
      path: "user/list",
      query: { "site-key": "s" },
    });
    expect(server.received[0]?.url).toBe("/api/v2/user/list?site-key=s&public=pub&private=priv");
  });

  it("sends a form body as application/x-www-form-urlencoded", async () => {
    server = await startLoopbackServer((_, response) => sendJson(response, 200, {}));
    await client().request({
      method: "POST",
      path: "/user/withdraw",
      form: { "site-key": "k", user: "alice bob", amount: 1500 },
    });
    const [request] = server.received;
    expect(request?.headers["content-type"]).toBe(
      "application/x-www-form-urlencoded;charset=UTF-8",
    );
    expect(request?.body.toString()).toBe("site-key=k&user=alice+bob&amount=1500");
  });

  it("sends multipart/form-data with one part per repeated value, in order, then the rest", async () => {
    server = await startLoopbackServer((_, response) => sendJson(response, 200, {}));
    await client().request({
      method: "POST",
      path: "/btc/mix",
      multipart: { "address[]": ["addr-one", "addr-two", "addr-three"], amount: "0.1" },
    });
    const [request] = server.received;
    const type = request?.headers["content-type"] ?? "";
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const parts = parseMultipart(request?.body.toString() ?? "", type.split("boundary=")[1] ?? "");
    expect(parts).toEqual([
      ["address[]", "addr-one"],
      ["address[]", "addr-two"],
      ["address[]", "addr-three"],
      ["amount", "0.1"],
    ]);
  });

  it("sends the User-Agent it is given", async () => {
    server = await startLoopbackServer((_, response) => sendJson(response, 200, {}));
    await client({ userAgent: "cointap-test/1.0" }).request({ method: "GET", path: "/" });
    expect(server.received[0]?.headers["user-agent"]).toBe("cointap-test/1.0");
  });
});

/** The name and value of each part, from the raw body (an independent reading, not the client's). */
function parseMultipart(body: string, boundary: string): [string, string][] {
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head = "", value = ""] = part.split("\r\n\r\n");
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
      return [name, value.replace(/\r\n$/, "")];
    });
}

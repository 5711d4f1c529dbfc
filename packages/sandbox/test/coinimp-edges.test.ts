import { describe, expect, it } from "vitest";
import { createSandbox } from "../src/index.js";
import {
  COINIMP_V1,
  COINIMP_V2,
  coinImpGet,
  coinImpHeaders,
  siteWithUser,
} from "./helpers/calls.js";

describe("CoinImp edges", () => {
  it("counts the quota per key across v1 and v2: 10 through v2, then v1 is refused", async () => {
    const sandbox = createSandbox({ clock: { now: () => 0 } });
    for (let i = 0; i < 10; i++) {
      expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    }
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const v1 = await sandbox.fetch(
      `${COINIMP_V1}/hashes?currency=MINTME&public=${publicKey}&private=${privateKey}`,
    );
    expect(v1.status).toBe(503);
  });

  it("answers a trailing-slash path as unknown, and logs no route for it", async () => {
    const sandbox = createSandbox();
    const response = await sandbox.fetch(`${COINIMP_V2}/hashes/?currency=MINTME`, {
      headers: coinImpHeaders(sandbox),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ status: "failure", message: "Unknown API method" });
    expect(sandbox.requests[0]?.route).toBeUndefined();
  });

  it("refuses a withdraw whose body is not form fields, applying nothing", async () => {
    const sandbox = createSandbox();
    const { site, user } = siteWithUser(sandbox, 10);
    const response = await sandbox.fetch(`${COINIMP_V2}/user/withdraw`, {
      method: "POST",
      headers: { ...coinImpHeaders(sandbox), "content-type": "application/json" },
      body: JSON.stringify({ "site-key": site.siteKey, user: user.name, amount: 10 }),
    });
    expect(response.status).toBe(400);
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
  });

  it("redacts keys sent as form fields in the request log", async () => {
    const sandbox = createSandbox();
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    await sandbox.fetch(`${COINIMP_V1}/user/withdraw`, {
      method: "POST",
      body: new URLSearchParams({ public: publicKey, private: privateKey, user: "alice" }),
    });
    expect(sandbox.requests[0]?.form).toEqual([
      ["public", "[REDACTED]"],
      ["private", "[REDACTED]"],
      ["user", "alice"],
    ]);
    expect(JSON.stringify(sandbox.requests)).not.toContain(privateKey);
  });

  it("logs a request abandoned during its latency as aborted", async () => {
    const sandbox = createSandbox({
      latency: 1000,
      clock: {
        now: () => 0,
        sleep: (_ms, signal) =>
          new Promise((_, reject) =>
            signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
          ),
      },
    });
    const controller = new AbortController();
    const call = coinImpGet(
      sandbox,
      "hashes",
      { currency: "MINTME" },
      { signal: controller.signal },
    );
    controller.abort(new Error("gone"));
    await expect(call).rejects.toThrow("gone");
    expect(sandbox.requests[0]?.outcome).toBe("aborted");
  });
});

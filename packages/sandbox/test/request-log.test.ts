import { describe, expect, it } from "vitest";
import { createSandbox, REDACTED, type Sandbox } from "../src/index.js";
import {
  COINIMP_V1,
  COINIMP_V2,
  coinImpGet,
  createMix,
  MIXCOINS,
  mixForm,
  siteWithUser,
  withdraw,
} from "./helpers/calls.js";
import { ControlledClock } from "./helpers/controlled-clock.js";

const PAYOUT = ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"];

function secretsOf(sandbox: Sandbox): string[] {
  const { coinimp, mixcoins } = sandbox.credentials;
  return [coinimp.publicKey, coinimp.privateKey, mixcoins.token];
}

function expectNoSecrets(sandbox: Sandbox): void {
  const logged = JSON.stringify(sandbox.requests);
  for (const secret of secretsOf(sandbox)) expect(logged).not.toContain(secret);
}

describe("the request log", () => {
  it("records method, path, query, lower-case headers, status and the clock's time", async () => {
    const clock = new ControlledClock(1_000_000);
    const sandbox = createSandbox({ clock });
    const response = await sandbox.fetch(`${COINIMP_V2}/hashes?currency=MINTME&extra=a%20b`, {
      headers: {
        "X-API-ID": sandbox.credentials.coinimp.publicKey,
        "X-API-KEY": sandbox.credentials.coinimp.privateKey,
        "X-Custom-Thing": "Mixed Case Value",
      },
    });
    expect(response.status).toBe(200);
    clock.advance(2_500);
    await coinImpGet(sandbox, "reward", { currency: "XMR" });

    expect(sandbox.requests).toHaveLength(2);
    const [first, second] = sandbox.requests;
    expect(first).toEqual({
      api: "coinimp",
      route: "coinimp:hashes",
      method: "GET",
      path: "/api/v2/hashes",
      query: { currency: "MINTME", extra: "a b" },
      headers: {
        "x-api-id": REDACTED,
        "x-api-key": REDACTED,
        "x-custom-thing": "Mixed Case Value",
      },
      form: undefined,
      outcome: "answered",
      status: 200,
      at: 1_000_000,
    });
    expect(second).toMatchObject({
      route: "coinimp:reward",
      query: { currency: "XMR" },
      status: 200,
      at: 1_002_500,
    });
    for (const entry of sandbox.requests) {
      for (const name of Object.keys(entry.headers)) expect(name).toBe(name.toLowerCase());
    }
    expectNoSecrets(sandbox);
  });

  it("records the status of refusals, and requests to paths neither API has", async () => {
    const sandbox = createSandbox();
    await sandbox.fetch(`${COINIMP_V2}/hashes?currency=MINTME`, {
      headers: { "X-API-ID": "nobody", "X-API-KEY": "nothing" },
    });
    await sandbox.fetch("https://www.coinimp.com/nowhere?x=1", { method: "PUT" });
    expect(sandbox.requests[0]).toMatchObject({
      route: "coinimp:hashes",
      status: 401,
      headers: { "x-api-id": REDACTED, "x-api-key": REDACTED },
    });
    expect(sandbox.requests[1]).toMatchObject({
      api: undefined,
      route: undefined,
      method: "PUT",
      path: "/nowhere",
      query: { x: "1" },
      status: 404,
      outcome: "answered",
    });
    // Even wrong keys are not kept: they may be a real key for another account.
    expect(JSON.stringify(sandbox.requests)).not.toContain("nobody");
    expect(JSON.stringify(sandbox.requests)).not.toContain("nothing");
  });

  it("records multipart form fields in order, with the repeated address[]", async () => {
    const sandbox = createSandbox();
    const response = await createMix(sandbox, "btc", PAYOUT, "0.5");
    expect(response.status).toBe(200);
    const [entry] = sandbox.requests;
    expect(entry).toMatchObject({
      api: "mixcoins",
      route: "mixcoins:mix",
      method: "POST",
      path: "/api/btc/mix",
      status: 200,
      outcome: "answered",
      form: [
        ["address[]", PAYOUT[0]],
        ["address[]", PAYOUT[1]],
        ["amount", "0.5"],
      ],
    });
    expect(entry?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(entry?.headers["x-api-token"]).toBe(REDACTED);
    expectNoSecrets(sandbox);
  });

  it("records urlencoded form fields in order", async () => {
    const sandbox = createSandbox();
    const body = new URLSearchParams();
    body.append("amount", "2");
    body.append("address[]", PAYOUT[1] as string);
    body.append("address[]", PAYOUT[0] as string);
    await createMix(sandbox, "btc", [], "", { body });
    expect(sandbox.requests[0]?.form).toEqual([
      ["amount", "2"],
      ["address[]", PAYOUT[1]],
      ["address[]", PAYOUT[0]],
    ]);

    const { site, user } = siteWithUser(sandbox, 5);
    await withdraw(sandbox, { siteKey: site.siteKey, user: user.name, amount: 5 });
    expect(sandbox.requests[1]).toMatchObject({
      route: "coinimp:user/withdraw",
      method: "POST",
      status: 200,
      form: [
        ["site-key", site.siteKey],
        ["user", user.name],
        ["amount", "5"],
      ],
    });
  });

  it("records no form for a body that is not a form", async () => {
    const sandbox = createSandbox();
    await sandbox.fetch(`${MIXCOINS}/btc/mix`, {
      method: "POST",
      headers: {
        "X-Api-Token": sandbox.credentials.mixcoins.token,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ address: PAYOUT, amount: "1" }),
    });
    expect(sandbox.requests[0]).toMatchObject({ form: undefined, status: 400 });
  });

  it("the request the API reads is intact after the log read its form", async () => {
    const sandbox = createSandbox();
    const response = await sandbox.fetch(`${MIXCOINS}/btc/mix`, {
      method: "POST",
      headers: { "X-Api-Token": sandbox.credentials.mixcoins.token },
      body: mixForm(PAYOUT, "3"),
    });
    expect(response.status).toBe(200);
    expect(sandbox.state.mixcoins.mixes[0]).toMatchObject({ addresses: PAYOUT, amount: "3" });
  });

  it("redacts the v1 public and private query keys, and a token in the query", async () => {
    const sandbox = createSandbox();
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const response = await sandbox.fetch(
      `${COINIMP_V1}/hashes?${new URLSearchParams({
        currency: "XMR",
        public: publicKey,
        private: privateKey,
      })}`,
    );
    expect(response.status).toBe(200);
    await sandbox.fetch(`${MIXCOINS}/btc/mix?token=${sandbox.credentials.mixcoins.token}`, {
      method: "POST",
      body: mixForm(PAYOUT, "1"),
    });
    expect(sandbox.requests[0]).toMatchObject({
      route: "coinimp:hashes",
      path: "/api/v1/hashes",
      query: { currency: "XMR", public: REDACTED, private: REDACTED },
      status: 200,
    });
    expect(sandbox.requests[1]?.query).toEqual({ token: REDACTED });
    expectNoSecrets(sandbox);
  });

  it("redacts X-Api-Token and Authorization headers", async () => {
    const sandbox = createSandbox();
    await createMix(sandbox, "btc", PAYOUT, "1", {
      headers: { Authorization: `Bearer ${sandbox.credentials.mixcoins.token}` },
    });
    expect(sandbox.requests[0]?.headers).toMatchObject({
      "x-api-token": REDACTED,
      authorization: REDACTED,
    });
    expectNoSecrets(sandbox);
  });

  it("keeps secrets out of the log for every fault outcome", async () => {
    const sandbox = createSandbox({
      faults: {
        "coinimp:hashes": { reset: true },
        "coinimp:reward": { status: 500 },
        "mixcoins:mix": { applyThenDrop: true },
      },
    });
    await expect(coinImpGet(sandbox, "hashes", { currency: "MINTME" })).rejects.toThrow();
    await coinImpGet(sandbox, "reward", { currency: "MINTME" });
    await expect(
      createMix(sandbox, "eth", ["0x52908400098527886E0F7030069857D2E4169EE7"], "1"),
    ).rejects.toThrow();
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual([
      "reset",
      "injected-status",
      "applied-then-dropped",
    ]);
    expect(sandbox.requests[2]?.form).toEqual([
      ["address[]", "0x52908400098527886E0F7030069857D2E4169EE7"],
      ["amount", "1"],
    ]);
    expectNoSecrets(sandbox);
  });
});

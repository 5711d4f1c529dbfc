/**
 * CoinImp authentication: only the account's own keys, in the version's own place, are accepted;
 * everything else is a 401 failure envelope, nothing is processed, and the request log never holds
 * a raw key.
 */

import { describe, expect, test } from "vitest";
import { createSandbox, REDACTED, type Sandbox } from "../src/index.ts";
import {
  type ApiVersion,
  callCoinImp,
  expectFailure,
  successMessage,
  VERSIONS,
  type WireCall,
} from "./helpers/coinimp-wire.ts";

const OTHER = createSandbox({ seed: "someone-else" }).credentials.coinimp;

type Keys = Exclude<WireCall["keys"], undefined>;

/** Bad ways to present keys, for a sandbox whose real keys are `real`. */
function badPresentations(
  real: { publicKey: string; privateKey: string },
  version: ApiVersion,
): { name: string; keys: Keys; keysIn?: "headers" | "query" }[] {
  const own = version === "v2" ? "headers" : "query";
  const other = version === "v2" ? "query" : "headers";
  return [
    { name: "no keys", keys: null },
    { name: "wrong public key", keys: { publicKey: OTHER.publicKey, privateKey: real.privateKey } },
    {
      name: "wrong private key",
      keys: { publicKey: real.publicKey, privateKey: OTHER.privateKey },
    },
    { name: "both keys wrong", keys: OTHER },
    { name: "public key only", keys: { publicKey: real.publicKey } },
    { name: "private key only", keys: { privateKey: real.privateKey } },
    {
      name: "keys swapped",
      keys: { publicKey: real.privateKey, privateKey: real.publicKey },
    },
    {
      name: "keys upper-cased",
      keys: { publicKey: real.publicKey.toUpperCase(), privateKey: real.privateKey.toUpperCase() },
    },
    { name: "empty keys", keys: { publicKey: "", privateKey: "" } },
    {
      name: "the same key twice",
      keys: { publicKey: real.publicKey, privateKey: real.publicKey },
    },
    {
      name: `${version} keys sent the other version's way (${other})`,
      keys: real,
      keysIn: other,
    },
    {
      name: `keys in ${own} with the private key cut short`,
      keys: { ...real, privateKey: real.privateKey.slice(0, 63) },
    },
  ];
}

for (const version of VERSIONS) {
  describe(`CoinImp ${version} auth`, () => {
    test("the real keys in the version's own place are accepted", async () => {
      const sandbox = createSandbox({ quota: false });
      const hashes = successMessage(
        await callCoinImp(sandbox, { version, path: "/hashes", query: { currency: "XMR" } }),
      );
      expect(typeof hashes).toBe("number");
    });

    const real = createSandbox({ quota: false }).credentials.coinimp;
    for (const bad of badPresentations(real, version)) {
      test(`${bad.name} → 401 failure, nothing processed`, async () => {
        const sandbox = createSandbox({ quota: false });
        expect(sandbox.credentials.coinimp).toEqual(real);
        const site = sandbox.state.coinimp.sites[0];
        const user = site && [...site.users.values()][0];
        if (!site || !user) throw new Error("seeded state has no site with users");
        const before = { hashes: user.hashes, withdrawn: user.withdrawn };
        const sites = sandbox.state.coinimp.sites.length;
        const presented = { keys: bad.keys, ...(bad.keysIn ? { keysIn: bad.keysIn } : {}) };

        const reads = await callCoinImp(sandbox, {
          version,
          path: "/hashes",
          query: { currency: "MINTME" },
          ...presented,
        });
        expectFailure(reads, 401);

        const withdraw = await callCoinImp(sandbox, {
          version,
          path: "/user/withdraw",
          form: { "site-key": site.siteKey, user: user.name, amount: "1" },
          ...presented,
        });
        expectFailure(withdraw, 401);

        const deleted = await callCoinImp(sandbox, {
          version,
          method: "DELETE",
          path: "/site",
          query: { "site-key": site.siteKey },
          ...presented,
        });
        expectFailure(deleted, 401);

        expect({ hashes: user.hashes, withdrawn: user.withdrawn }).toEqual(before);
        expect(sandbox.state.coinimp.withdrawals).toEqual([]);
        expect(sandbox.state.coinimp.sites).toHaveLength(sites);
        expect(sandbox.requests.map((request) => request.status)).toEqual([401, 401, 401]);
        // A failure answer never echoes a key either.
        for (const answer of [reads, withdraw, deleted]) {
          expect(answer.text).not.toContain(real.publicKey);
          expect(answer.text).not.toContain(real.privateKey);
        }
      });
    }

    test("an unknown endpoint asks for keys before saying it does not exist", async () => {
      const sandbox = createSandbox({ quota: false });
      expectFailure(
        await callCoinImp(sandbox, { version, path: "/no-such-call", keys: null }),
        401,
      );
    });
  });
}

describe("the request log", () => {
  /** Every way of presenting keys, right and wrong, through one sandbox. */
  async function exercise(sandbox: Sandbox): Promise<void> {
    const real = sandbox.credentials.coinimp;
    const site = sandbox.state.coinimp.sites[0];
    const user = site && [...site.users.keys()][0];
    if (!site || !user) throw new Error("seeded state has no site with users");
    for (const version of VERSIONS) {
      await callCoinImp(sandbox, { version, path: "/hashes", query: { currency: "XMR" } });
      await callCoinImp(sandbox, {
        version,
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user, amount: "5" },
      });
      await callCoinImp(sandbox, {
        version,
        method: "DELETE",
        path: "/site",
        query: { "site-key": "0".repeat(64) },
      });
      await callCoinImp(sandbox, { version, path: "/no-such-call" });
      for (const bad of badPresentations(real, version)) {
        await callCoinImp(sandbox, {
          version,
          path: "/account/stats",
          query: { currency: "MINTME" },
          keys: bad.keys,
          ...(bad.keysIn ? { keysIn: bad.keysIn } : {}),
        });
      }
    }
  }

  test("shows [REDACTED] where keys were and never a raw key", async () => {
    const sandbox = createSandbox({ quota: false });
    await exercise(sandbox);
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const log = JSON.stringify(sandbox.requests);
    expect(log).not.toContain(publicKey);
    expect(log).not.toContain(privateKey);
    // Nor a recognisable part of one (a key upper-cased, or cut short).
    expect(log.toLowerCase()).not.toContain(publicKey.slice(0, 16));
    expect(log.toLowerCase()).not.toContain(privateKey.slice(0, 16));
    expect(log).toContain(REDACTED);

    const successes = sandbox.requests.filter((request) => request.status === 200);
    expect(successes.length).toBeGreaterThanOrEqual(4);
    for (const request of sandbox.requests) {
      // Every request above presented at least one key somewhere, except the "no keys" ones.
      const headerKeys = [request.headers["x-api-id"], request.headers["x-api-key"]];
      const queryKeys = [request.query.public, request.query.private];
      for (const value of [...headerKeys, ...queryKeys]) {
        if (value !== undefined) expect(value).toBe(REDACTED);
      }
    }
    // The v2 successes carried header keys; the v1 successes query keys: both shown redacted.
    const v2 = successes.find((request) => request.path.startsWith("/api/v2/"));
    const v1 = successes.find((request) => request.path.startsWith("/api/v1/"));
    expect(v2?.headers).toMatchObject({ "x-api-id": REDACTED, "x-api-key": REDACTED });
    expect(v2?.query.public).toBeUndefined();
    expect(v1?.query).toMatchObject({ public: REDACTED, private: REDACTED });
    expect(v1?.headers["x-api-id"]).toBeUndefined();
    // Non-secret parameters are kept as sent.
    expect(v1?.query.currency).toBe("XMR");
  });

  test("keeps the non-secret parts of a withdrawal", async () => {
    const sandbox = createSandbox({ quota: false });
    const site = sandbox.state.coinimp.sites[0];
    if (!site) throw new Error("no site");
    await callCoinImp(sandbox, {
      version: "v1",
      path: "/user/withdraw",
      form: { "site-key": site.siteKey, user: "nobody-here", amount: "5" },
    });
    const [entry] = sandbox.requests;
    expect(entry).toMatchObject({
      api: "coinimp",
      route: "coinimp:user/withdraw",
      method: "POST",
      path: "/api/v1/user/withdraw",
      query: { public: REDACTED, private: REDACTED },
      form: [
        ["site-key", site.siteKey],
        ["user", "nobody-here"],
        ["amount", "5"],
      ],
      status: 404,
    });
  });
});

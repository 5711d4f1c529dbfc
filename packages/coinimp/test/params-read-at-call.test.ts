/**
 * Parameters are read at the call, before anything is awaited (the schemas load on the first
 * call): a caller that reuses one params object for the next call sends what it passed each time.
 * And a key passed in the wrong field is redacted out of the `ValidationError`.
 */

import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index.js";
import { PRIVATE_KEY, recordingClient, SITE } from "./helpers/recording-client.js";

const client = () => recordingClient();

describe("parameters are read at the call, not after an await", () => {
  it("users.withdraw: changing the params object right after the call does not change what is sent", async () => {
    const { coinimp, calls } = client();
    const params = { siteKey: SITE, user: "alice", amount: 100 };
    const forAlice = coinimp.users.withdraw(params);
    params.user = "bob";
    const forBob = coinimp.users.withdraw(params);
    await Promise.allSettled([forAlice, forBob]);
    const users = calls.map((call) => new URLSearchParams(call.body).get("user"));
    expect(users).toEqual(["alice", "bob"]);
  });

  it("users.withdraw: the amount checked is the amount at the call", async () => {
    const { coinimp, calls } = client();
    const params = { siteKey: SITE, user: "alice", amount: 100 };
    const call = coinimp.users.withdraw(params);
    params.amount = 9_000_000;
    await call.catch(() => undefined);
    expect(new URLSearchParams(calls[0]?.body).get("amount")).toBe("100");
  });
});

describe("a key passed in the wrong field never appears in the ValidationError", () => {
  it("hashes({ currency: privateKey })", async () => {
    const { coinimp, calls } = client();
    const error = await coinimp
      .hashes({ currency: PRIVATE_KEY })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
    expect((error as ValidationError).message).not.toContain(PRIVATE_KEY);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(PRIVATE_KEY);
  });
});

describe("call options are read once", () => {
  it("a cache { ttl } getter is read once: what was checked is what the cache uses", async () => {
    const { coinimp } = client();
    let reads = 0;
    const cache = {
      get ttl() {
        reads++;
        return reads === 1 ? 1000 : Number.NaN;
      },
    };
    await expect(
      coinimp.users.balance({ siteKey: SITE, user: "alice" }, { cache }),
    ).resolves.toMatchObject({ name: "x" });
    expect(reads).toBe(1);
  });
});

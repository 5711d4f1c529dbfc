/**
 * Parameters of any kind of object — a class instance, an object from another realm (vm, iframe),
 * `Object.create(defaults)` — are read at the call, like a plain object's: reusing one for the next
 * call does not change what this one sends (which user is paid, how much).
 */
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index.js";
import { PRIVATE_KEY, recordingClient, SITE } from "./helpers/recording-client.js";

const client = () => recordingClient();
const users = (calls: { body?: string }[]) =>
  calls.map((call) => new URLSearchParams(call.body).get("user"));

describe("non-plain params are read after the await, not at the call", () => {
  it("a class instance reused for the next withdrawal", async () => {
    class Withdrawal {
      constructor(
        public siteKey: string,
        public user: string,
        public amount: number,
      ) {}
    }
    const { coinimp, calls } = client();
    const params = new Withdrawal(SITE, "alice", 100);
    const first = coinimp.users.withdraw(params);
    params.user = "bob";
    const second = coinimp.users.withdraw(params);
    await Promise.allSettled([first, second]);
    expect(users(calls)).toEqual(["alice", "bob"]);
  });

  it("a plain object from another realm (node:vm / iframe)", async () => {
    const { coinimp, calls } = client();
    const params = runInNewContext(`({ siteKey: "${SITE}", user: "alice", amount: 100 })`) as {
      siteKey: string;
      user: string;
      amount: number;
    };
    const first = coinimp.users.withdraw(params);
    params.user = "bob";
    params.amount = 9_000_000;
    await first.catch(() => undefined);
    expect(users(calls)).toEqual(["alice"]);
    expect(new URLSearchParams(calls[0]?.body).get("amount")).toBe("100");
  });

  it("Object.create(defaults): inherited fields are used, and read late", async () => {
    const { coinimp, calls } = client();
    const defaults = { siteKey: SITE, amount: 100 };
    const params = Object.assign(Object.create(defaults) as object, { user: "alice" }) as {
      siteKey: string;
      user: string;
      amount: number;
    };
    const first = coinimp.users.withdraw(params);
    defaults.amount = 9_000_000;
    await first.catch(() => undefined);
    expect(new URLSearchParams(calls[0]?.body).get("amount")).toBe("100");
  });

  it("a getter on a class instance runs inside zod (after the await), not at the call", async () => {
    const { coinimp } = client();
    let reads = 0;
    class P {
      siteKey = SITE;
      amount = 1;
      get user() {
        reads++;
        return "alice";
      }
    }
    const call = coinimp.users.withdraw(new P());
    const readsAtCall = reads;
    await call.catch(() => undefined);
    expect(readsAtCall).toBe(1);
  });
});

describe("a key passed as a call option", () => {
  it.each([
    ["timeout", { timeout: PRIVATE_KEY }],
    ["cache", { cache: PRIVATE_KEY }],
    ["cache.ttl", { cache: { ttl: PRIVATE_KEY } }],
    ["signal", { signal: PRIVATE_KEY }],
  ])("options.%s = privateKey: no part of the key in the ValidationError", async (_, options) => {
    const { coinimp, calls } = client();
    const error = await coinimp
      .hashes({ currency: "XMR" }, options as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(
      PRIVATE_KEY.slice(0, 16),
    );
  });
});

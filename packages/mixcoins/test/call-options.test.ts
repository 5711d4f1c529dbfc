/**
 * A mix's call options are checked like its parameters: a last argument that is not an object, or
 * holds a `signal`, `timeout` or `cache` of the wrong type, is a `ValidationError` and no mix is
 * sent — never silently ignored. And a reply that could fill a log (a 900 KB field) is refused
 * with an error that keeps a few KB of it.
 */

import { describe, expect, it } from "vitest";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import { MixCoins, ResponseValidationError, ValidationError } from "../src/index.js";
import { PAYOUT } from "./helpers/payout-addresses.js";

const MIX = { currency: "btc", addresses: [PAYOUT.btc.mainnet], amount: "0.5" } as const;

function client(reply: unknown = {}) {
  const stub = stubFetch(() => json(200, reply));
  const mixcoins = new MixCoins({
    token: "mixcoins-token-options-0001",
    baseURL: "https://mixcoins.test/api",
    fetch: stub.fetch,
  });
  return { mixcoins, calls: stub.calls };
}

describe("call options of the wrong type: ValidationError, no mix sent", () => {
  it.each([
    ["a string", "x"],
    ["a number", 42],
    ["null", null],
    ["an array", []],
    ["a signal that is not an AbortSignal", { signal: {} }],
    ["a timeout that is a string", { timeout: "5000" }],
    ["a timeout of 3e9 ms", { timeout: 3e9 }],
  ])("%s", async (_name, options) => {
    const { mixcoins, calls } = client();
    const error = await mixcoins.mixes.create(MIX, options as never).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

describe("a reply too large to repeat", () => {
  it("a 900 KB currency in the reply: ResponseValidationError of a few KB", async () => {
    const { mixcoins } = client({
      currency: "x".repeat(900_000),
      amount: "0.5",
      address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      address_legacy: null,
    });
    const error = await mixcoins.mixes.create(MIX).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message.length).toBeLessThan(5000);
    expect(JSON.stringify(error).length).toBeLessThan(20_000);
  });
});

/**
 * Parameters of any type are a `ValidationError` before anything is sent — never a `TypeError`:
 * a `BigInt` or a circular object as the currency (which `JSON.stringify` cannot show), a hole in
 * the addresses (checked as the `undefined` it is, not skipped), non-strings among them.
 */

import { describe, expect, it } from "vitest";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import { MixCoins, ValidationError } from "../src/index.js";
import { PAYOUT } from "./helpers/payout-addresses.js";

const circular: Record<string, unknown> = {};
circular.self = circular;
const GOOD = PAYOUT.btc.mainnet;

describe("hostile parameters: ValidationError, nothing sent", () => {
  it.each([
    ["currency: 10n", { currency: 10n, addresses: [GOOD], amount: "1" }, "currency"],
    [
      "currency: a circular object",
      { currency: circular, addresses: [GOOD], amount: "1" },
      "currency",
    ],
    [
      "a hole before an address",
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point
      { currency: "btc", addresses: [, GOOD], amount: "1" },
      "addresses.0",
    ],
    ["new Array(2)", { currency: "btc", addresses: new Array(2), amount: "1" }, "addresses.1"],
    [
      "a circular object as an address",
      { currency: "btc", addresses: [circular], amount: "1" },
      "addresses.0",
    ],
    ["amount: 10n", { currency: "btc", addresses: [GOOD], amount: 10n }, "amount"],
  ])("%s", async (_name, params, path) => {
    const stub = stubFetch(() => json(200, {}));
    const client = new MixCoins({ token: "mixcoins-token-hostile-0001", fetch: stub.fetch });
    const error = await client.mixes.create(params as never).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path.join("."))).toContain(path);
    expect(stub.calls).toHaveLength(0);
  });
});

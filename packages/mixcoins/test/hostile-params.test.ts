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

describe("what is checked is what is sent", () => {
  async function sentAddresses(addresses: unknown): Promise<{ error: unknown; sent: string[][] }> {
    const sent: string[][] = [];
    const stub = stubFetch(async (call) => {
      void call;
      return json(200, {
        currency: "btc",
        amount: "1",
        address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        address_legacy: null,
      });
    });
    const client = new MixCoins({
      token: "mixcoins-token-hostile-0002",
      fetch: async (input, init) => {
        const form = await new Request(input, init).formData();
        sent.push(form.getAll("address[]").map(String));
        return stub.fetch(input, init);
      },
    });
    const error = await client.mixes
      .create({ currency: "btc", addresses: addresses as string[], amount: "1" })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    return { error, sent };
  }

  it("an array whose own iterator yields something else: the checked elements are sent", async () => {
    const addresses = [GOOD];
    Object.defineProperty(addresses, Symbol.iterator, {
      value: function* () {
        yield "bitcoin:1Attacker?amount=1";
      },
    });
    const { error, sent } = await sentAddresses(addresses);
    expect(error).toBeUndefined();
    expect(sent).toEqual([[GOOD]]);
  });

  it("an element that reads valid once and changes after: the value checked is the one sent", async () => {
    let reads = 0;
    const addresses: string[] = [];
    Object.defineProperty(addresses, 0, {
      get: () => (reads++ === 0 ? GOOD : "not-an-address"),
      enumerable: true,
    });
    const { error, sent } = await sentAddresses(addresses);
    expect(error).toBeUndefined();
    expect(sent).toEqual([[GOOD]]);
  });

  it("`addresses` that is an array when checked and not when sent: read once, no TypeError", async () => {
    let reads = 0;
    const params = {
      currency: "btc",
      amount: "1",
      get addresses() {
        return reads++ ? { length: 1, 0: GOOD } : [GOOD];
      },
    };
    const stub = stubFetch(() =>
      json(200, {
        currency: "btc",
        amount: "1",
        address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      }),
    );
    const client = new MixCoins({ token: "mixcoins-token-hostile-0003", fetch: stub.fetch });
    const mix = await client.mixes.create(params as never);
    expect(mix.depositAddress).toBe("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    expect(reads).toBe(1);
  });

  it("4 million payout slots: refused at once, without walking them", async () => {
    const started = performance.now();
    const { error, sent } = await sentAddresses(new Array(4e6));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.message).toMatch(/at most 100/);
    expect(sent).toHaveLength(0);
    // Generous: walking 4e6 slots took seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

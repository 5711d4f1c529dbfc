/**
 * The deposit address MixCoins answers is never one of the payout addresses (the same destination
 * in any of its forms): coins paid into it would go straight back out, unmixed — or the reply is
 * not MixCoins' at all. Such a reply is a `ResponseValidationError`. The result names the field
 * for what it is, `depositAddress`; `address` stays one release as a deprecated copy.
 */

import { describe, expect, it } from "vitest";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import {
  MixCoins,
  type MixCurrency,
  OutcomeUnknownError,
  ResponseValidationError,
} from "../src/index.js";
import { PAYOUT } from "./helpers/payout-addresses.js";

/** A mix to `payout`, answered with `deposit` (and `legacy`) as the deposit address. */
async function mixAnswered(
  currency: MixCurrency,
  payout: string,
  deposit: string,
  legacy: string | null = null,
) {
  const stub = stubFetch(() =>
    json(200, { currency, amount: "0.5", address: deposit, address_legacy: legacy }),
  );
  const client = new MixCoins({ token: "mixcoins-token-deposit-0001", fetch: stub.fetch });
  return client.mixes
    .create({ currency, addresses: [PAYOUT[currency].mainnet, payout], amount: "0.5" })
    .then(
      (mix) => ({ mix, error: undefined as unknown, sent: stub.calls.length }),
      (error: unknown) => ({ mix: undefined, error, sent: stub.calls.length }),
    );
}

describe("a deposit address that is one of the payout addresses is refused", () => {
  it.each([
    [
      "btc, the same string",
      "btc",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      null,
    ],
    [
      "btc, bech32 in the other case",
      "btc",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
      null,
    ],
    [
      "eth, another case of the same hex",
      "eth",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
      null,
    ],
    [
      "bch, the cashaddr of a legacy payout",
      "bch",
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
    ],
    [
      "bch, without its prefix",
      "bch",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      null,
    ],
  ] as const)("%s", async (_name, currency, payout, deposit, legacy) => {
    const { error, sent } = await mixAnswered(currency, payout, deposit, legacy);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(
      (error as ResponseValidationError).issues.map((issue) => issue.path.join(".")),
    ).toContain("address");
    expect(sent).toBe(1);
  });

  it("a legacy form that is a payout address is refused too", async () => {
    const { error } = await mixAnswered(
      "bch",
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
      "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
  });
});

describe("the result names the deposit address for what it is", () => {
  it("depositAddress holds it; address, deprecated, is a plain copy that spreads and clones keep", async () => {
    const deposit = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    const { mix, error } = await mixAnswered("btc", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", deposit);
    expect(error).toBeUndefined();
    expect(mix?.depositAddress).toBe(deposit);
    expect({ ...mix }.address).toBe(deposit);
    expect(structuredClone(mix)?.address).toBe(deposit);
    expect(JSON.parse(JSON.stringify(mix))).toEqual({
      currency: "btc",
      amount: "0.5",
      depositAddress: deposit,
      address: deposit,
      addressLegacy: null,
    });
  });
});

describe("a reply for another mix is refused", () => {
  async function replied(
    reply: Record<string, unknown>,
    payout = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
  ) {
    const stub = stubFetch(() => json(200, reply));
    const client = new MixCoins({ token: "mixcoins-token-deposit-0002", fetch: stub.fetch });
    return client.mixes.create({ currency: "btc", addresses: [payout], amount: "0.5" }).then(
      () => undefined,
      (error: unknown) => error,
    );
  }
  const DEPOSIT = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";

  it.each([
    ["another amount", "0.7"],
    ["more decimals than btc has", "0.500000001"],
  ])("%s", async (_name, amount) => {
    const error = await replied({ currency: "btc", amount, address: DEPOSIT });
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(
      (error as ResponseValidationError).issues.map((issue) => issue.path.join(".")),
    ).toContain("amount");
  });

  it("an amount beyond any amount (1e400): the reply cannot be read, the mix's outcome is unknown", async () => {
    const error = await replied({ currency: "btc", amount: "1e400", address: DEPOSIT });
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    const cause = (error as OutcomeUnknownError).cause as ResponseValidationError;
    expect(cause).toBeInstanceOf(ResponseValidationError);
    expect(cause.issues.map((issue) => issue.path.join("."))).toEqual(["amount"]);
  });

  it("a legacy address on a btc reply (only Bitcoin Cash has one)", async () => {
    const error = await replied({
      currency: "btc",
      amount: "0.5",
      address: DEPOSIT,
      address_legacy: "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo",
    });
    expect(error).toBeInstanceOf(ResponseValidationError);
  });

  it("a btc deposit paying the same key as a payout (P2WPKH of a P2PKH payout)", async () => {
    // BIP-173's example key hash: 1BgGZ9… (P2PKH) and bc1qw508… (P2WPKH) are one key.
    const error = await replied(
      { currency: "btc", amount: "0.5", address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" },
      "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH",
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
  });
});

/**
 * `mixes.create` with parameters of any kind of object (a class instance, another realm's object)
 * reads them at the call: a reused object cannot redirect the first mix. And a token passed as the
 * amount, as a call option or as a constructor option is redacted out of the ValidationError.
 */
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { MixCoins, ValidationError } from "../src/index.js";
import { eth, recordingClient, TOKEN } from "./helpers/recording-client.js";

const client = () => recordingClient();

describe("non-plain params are read late", () => {
  it("a class instance reused for the next mix does not redirect the first", async () => {
    class Mix {
      currency = "eth";
      amount = "1";
      constructor(public addresses: string[]) {}
    }
    const { mixcoins, sent } = client();
    const params = new Mix([eth(1)]);
    const first = mixcoins.mixes.create(params);
    params.addresses = [eth(2)];
    const second = mixcoins.mixes.create(params);
    await Promise.allSettled([first, second]);
    expect(sent).toEqual([[eth(1)], [eth(2)]]);
  });

  it("an object from another realm", async () => {
    const { mixcoins, sent } = client();
    const params = runInNewContext(
      `({ currency: "eth", addresses: ["${eth(1)}"], amount: "1" })`,
    ) as { currency: string; addresses: string[]; amount: string };
    const first = mixcoins.mixes.create(params);
    params.addresses = [eth(2)];
    await first.catch(() => undefined);
    expect(sent).toEqual([[eth(1)]]);
  });
});

describe("no part of the token in a ValidationError", () => {
  it("create({ amount: token })", async () => {
    const { mixcoins, sent } = client();
    const error = await mixcoins.mixes
      .create({ currency: "eth", addresses: [eth(1)], amount: TOKEN })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(TOKEN.slice(0, 30));
  });

  it("create(params, { timeout: token })", async () => {
    const { mixcoins, sent } = client();
    const error = await mixcoins.mixes
      .create({ currency: "eth", addresses: [eth(1)], amount: "1" }, { timeout: TOKEN as never })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(TOKEN.slice(0, 30));
  });

  it.each([
    ["timeout", { timeout: TOKEN }],
    ["network", { network: TOKEN }],
    ["baseURL", { baseURL: TOKEN }],
  ])("new MixCoins({ token, %s: token })", (_, extra) => {
    let error: unknown;
    try {
      new MixCoins({ token: TOKEN, ...(extra as object) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(TOKEN.slice(0, 16));
  });
});

/**
 * `mixes.create` reads its parameters once, at the call: a params object reused for the next mix
 * cannot redirect the first; an addresses array's `length` is read once, so a proxy cannot slip
 * past `MAX_PAYOUTS` or make the check loop; a token passed in the wrong field is redacted out of
 * the `ValidationError`; `mixParams` of a name that is not a network is a `ValidationError`.
 */

import { describe, expect, it } from "vitest";
import { MAX_PAYOUTS, ValidationError } from "../src/index.js";
import { mixParams } from "../src/schemas/index.js";
import { eth, recordingClient, TOKEN } from "./helpers/recording-client.js";

const client = () => recordingClient();

describe("mixes.create reads its params at the call", () => {
  it("changing the params object after the call does not redirect the first mix", async () => {
    const { mixcoins, sent } = client();
    const params = { currency: "eth", addresses: [eth(1)], amount: "1" };
    const first = mixcoins.mixes.create(params);
    params.addresses = [eth(2)];
    const second = mixcoins.mixes.create(params);
    await Promise.allSettled([first, second]);
    expect(sent).toEqual([[eth(1)], [eth(2)]]);
  });
});

describe("the addresses array is read once", () => {
  it("an array Proxy whose length grows after the count check: never more than MAX_PAYOUTS sent", async () => {
    const { mixcoins, sent } = client();
    const target = Array.from({ length: 150 }, (_, index) => eth(index));
    let lengthReads = 0;
    const addresses = new Proxy(target, {
      get(array, key, receiver) {
        if (key === "length") return ++lengthReads <= 2 ? 1 : array.length;
        return Reflect.get(array, key, receiver);
      },
    });
    await mixcoins.mixes.create({ currency: "eth", addresses, amount: "1" }).catch(() => undefined);
    expect(sent.map((addressList) => addressList.length)).not.toContainEqual(150);
    expect(sent.every((addressList) => addressList.length <= MAX_PAYOUTS)).toBe(true);
    expect(lengthReads).toBe(1);
  });
});

describe("the token never appears in a ValidationError", () => {
  it("create({ currency: token })", async () => {
    const { mixcoins, sent } = client();
    const error = await mixcoins.mixes
      .create({ currency: TOKEN, addresses: [eth(1)], amount: "1" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain(TOKEN);
    expect((error as ValidationError).message).not.toContain(TOKEN.slice(0, 20));
  });
});

describe("mixParams of a name that is not a network", () => {
  it.each(["toString", "constructor", "__proto__"])(
    "mixParams(%j) is a schema or throws",
    (name) => {
      let made: unknown;
      try {
        made = mixParams(name as never);
      } catch {
        return;
      }
      expect(made).toHaveProperty("~standard");
    },
  );
});

/**
 * The reply to a mix is read before anyone is told to pay into it. A deposit address that is not
 * a valid, payable address of the mix's currency and network (or a reply about another currency)
 * is a `ResponseValidationError` naming the field — coins must never go to it. A reply that cannot
 * be read at all is different: the mix may exist, so it is an `OutcomeUnknownError` (the core's rule
 * for a mutation answered 2xx with an unreadable body).
 */
import { describe, expect, it } from "vitest";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import {
  MixCoins,
  type MixCurrency,
  type Network,
  OutcomeUnknownError,
  ResponseValidationError,
} from "../src/index.js";
import { PAYOUT } from "./helpers/payout-addresses.js";

const TOKEN = "deposit-address-test-token";

/** A client whose every request is answered by `respond` (status 200 JSON unless it says otherwise). */
function replying(respond: () => Response, network: Network = "mainnet") {
  const stub = stubFetch(() => respond());
  const client = new MixCoins({ token: TOKEN, network, fetch: stub.fetch, retry: false });
  return { client, calls: stub.calls };
}

async function create(
  reply: unknown,
  {
    currency = "btc",
    network = "mainnet",
    amount = "0.5",
  }: { currency?: MixCurrency; network?: Network; amount?: string } = {},
) {
  const { client, calls } = replying(() => json(200, reply), network);
  const outcome = await client.mixes
    .create({ currency, addresses: [PAYOUT[currency][network]], amount })
    .then(
      (mix) => ({ mix, error: undefined }),
      (error: unknown) => ({ mix: undefined, error }),
    );
  // Whatever the reply, the mix was sent once and never again.
  expect(calls).toHaveLength(1);
  return outcome;
}

/** The reply must be refused with a `ResponseValidationError` whose issues are at `paths`. */
async function expectRefused(
  reply: Record<string, unknown>,
  paths: string[][],
  where: { currency?: MixCurrency; network?: Network } = {},
): Promise<ResponseValidationError> {
  const { mix, error } = await create(reply, where);
  expect(mix).toBeUndefined();
  expect(error).toBeInstanceOf(ResponseValidationError);
  expect(error).not.toBeInstanceOf(OutcomeUnknownError);
  const refused = error as ResponseValidationError;
  expect(refused.issues.map((issue) => issue.path)).toEqual(paths);
  expect(refused.status).toBe(200);
  return refused;
}

const reply = (currency: string, address: string, legacy: string | null = null) => ({
  currency,
  amount: "0.5",
  address,
  address_legacy: legacy,
});

describe("a deposit address coins must not be sent to → ResponseValidationError", () => {
  it.each([
    [
      "btc",
      "mainnet",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
      /checksum/,
      "malformed (one character off)",
    ],
    ["btc", "mainnet", "not an address", /whitespace|not/, "not an address at all"],
    ["btc", "mainnet", "", /empty/, "empty"],
    ["btc", "mainnet", " bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", /whitespace/, "padded"],
    [
      "btc",
      "mainnet",
      "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      /URI/,
      "a payment URI",
    ],
    [
      "btc",
      "mainnet",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      /Bitcoin Cash/,
      "another currency's (bch for btc)",
    ],
    [
      "btc",
      "mainnet",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      /Ethereum/,
      "another currency's (eth for btc)",
    ],
    [
      "eth",
      "mainnet",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      /Bitcoin/,
      "another currency's (btc for eth)",
    ],
    [
      "btc",
      "mainnet",
      "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
      /network/,
      "the other network's (testnet for mainnet)",
    ],
    [
      "btc",
      "testnet",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      /network/,
      "the other network's (mainnet for testnet)",
    ],
    [
      "bch",
      "testnet",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      /network/,
      "the other network's (bch)",
    ],
    [
      "btc",
      "mainnet",
      "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
      /not taproot|future SegWit/,
      "future SegWit (v1, 40 bytes: anyone can spend)",
    ],
    ["btc", "mainnet", "BC1SW50QGDZ25J", /future SegWit/, "future SegWit (v16)"],
    ["btc", "mainnet", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", /regtest/, "regtest"],
    [
      "eth",
      "mainnet",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
      /EIP-55/,
      "an EIP-55 checksum broken by one letter's case",
    ],
    ["eth", "mainnet", `0x${"0".repeat(40)}`, /burn/, "the zero (burn) address"],
  ] as const)(
    "%s %s: %j → address refused (%s: %s)",
    async (currency, network, address, reason, _what) => {
      const error = await expectRefused(reply(currency, address), [["address"]], {
        currency,
        network,
      });
      expect(error.issues[0]?.message).toMatch(/deposit address refused/);
      expect(error.issues[0]?.message).toMatch(reason);
    },
  );

  it("an invalid legacy form next to a valid address → refused, naming address_legacy", async () => {
    const bch = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a";
    for (const legacy of [
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggv", // one character off
      "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ", // testnet
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", // another currency
    ]) {
      const error = await expectRefused(reply("bch", bch, legacy), [["address_legacy"]], {
        currency: "bch",
      });
      expect(error.issues[0]?.message).toMatch(/legacy deposit address refused/);
    }
  });

  it("a valid legacy address of another destination → refused, naming address_legacy", async () => {
    const bch = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a";
    for (const legacy of [
      // Another key hash (not the payout's: 1KXr… is the payout's legacy form, refused as such).
      "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
      "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", // the same hash as P2SH: another script
    ]) {
      const error = await expectRefused(reply("bch", bch, legacy), [["address_legacy"]], {
        currency: "bch",
      });
      expect(error.issues[0]?.message).toMatch(/not the same destination/);
    }
  });

  it("both wrong → both named", async () => {
    await expectRefused(
      reply("bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b", "1BpEi6"),
      [["address"], ["address_legacy"]],
      { currency: "bch" },
    );
  });

  it("a reply about another currency → refused, naming currency", async () => {
    const error = await expectRefused(
      reply("bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
      [["currency"], ["address"]],
    );
    expect(error.issues[0]?.message).toMatch(/asked in btc.*says bch/);
    // The right currency's address with the wrong label is refused too.
    await expectRefused(reply("eth", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"), [["currency"]]);
  });

  it("the error carries the reply, so the mix can be looked into", async () => {
    const body = reply("btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5");
    const error = await expectRefused(body, [["address"]]);
    expect(error.body).toMatchObject({ address: body.address, currency: "btc" });
  });
});

describe("a valid reply", () => {
  it('amount as a JSON number 0.5 → "0.5"; valid deposit and legacy addresses kept', async () => {
    const { mix, error } = await create(
      {
        currency: "bch",
        amount: 0.5,
        address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        address_legacy: "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
      },
      { currency: "bch" },
    );
    expect(error).toBeUndefined();
    expect(mix).toEqual({
      currency: "bch",
      amount: "0.5",
      depositAddress: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      addressLegacy: "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
    });
  });

  it.each([
    [1e-7, "0.0000001"],
    ["0.50000000", "0.5"],
    [" 2 ", "2"],
    [12, "12"],
  ])("amount %j → %j", async (amount, expected) => {
    const { mix } = await create(
      { currency: "BTC", amount, address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" },
      // Asked for the amount the reply states, in its canonical form.
      { amount: expected },
    );
    expect(mix).toEqual({
      currency: "btc",
      amount: expected,
      depositAddress: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      addressLegacy: null,
    });
  });

  it("eth testnet: an address with no network is valid on testnet too", async () => {
    const { mix } = await create(reply("eth", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"), {
      currency: "eth",
      network: "testnet",
    });
    expect(mix?.depositAddress).toBe("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");
  });
});

describe("an unreadable reply to the POST → OutcomeUnknownError (cause ResponseValidationError)", () => {
  it.each([
    [
      "an HTML page",
      () =>
        new Response("<html><body>OK</body></html>", {
          status: 200,
          headers: { "content-type": "text/html" },
        }),
    ],
    ["an empty body", () => new Response("", { status: 200 })],
    ["truncated JSON", () => new Response('{"currency":"btc","amo', { status: 200 })],
    ["no address", () => json(200, { currency: "btc", amount: "0.5" })],
    ["address not a string", () => json(200, { currency: "btc", amount: "0.5", address: 42 })],
    [
      "no amount",
      () => json(200, { currency: "btc", address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" }),
    ],
    ["a zero amount", () => json(200, { ...reply("btc", PAYOUT.btc.mainnet), amount: 0 })],
    [
      "an amount with a unit",
      () => json(200, { ...reply("btc", PAYOUT.btc.mainnet), amount: "0.5 BTC" }),
    ],
    ["an array", () => json(200, [])],
    ["null", () => json(200, null)],
  ])("%s", async (_what, respond) => {
    const { client, calls } = replying(respond);
    const error = await client.mixes
      .create({ currency: "btc", addresses: [PAYOUT.btc.mainnet], amount: "0.5" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(ResponseValidationError);
    expect(calls).toHaveLength(1);
  });
});

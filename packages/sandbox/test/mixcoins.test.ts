import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createSandbox,
  DEPOSIT_ADDRESSES,
  type DepositAddress,
  MIXCOINS_STATUS,
  type MixCurrency,
  type Network,
  type Sandbox,
} from "../src/index.js";
import { createMix, MIXCOINS } from "./helpers/calls.js";
import { ControlledClock } from "./helpers/controlled-clock.js";

/** Payout addresses, all taken from vectors/addresses.json. */
const PAYOUT = {
  btc: {
    mainnet: ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"],
    testnet: ["tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ"],
  },
  bch: {
    mainnet: [
      "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
      "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC",
    ],
    testnet: ["bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t"],
  },
  eth: {
    mainnet: [
      "0x52908400098527886E0F7030069857D2E4169EE7",
      "0xde709f2102306220921060314715629080e2fb77",
    ],
  },
} as const;

interface MixAnswer {
  currency: string;
  amount: string;
  address: string;
  address_legacy: string | null;
}

function pool(currency: MixCurrency, network: Network): string[] {
  return DEPOSIT_ADDRESSES[currency][network].map((entry) => entry.address);
}

async function mixOk(response: Response): Promise<MixAnswer> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as MixAnswer;
}

/** Sends a mix that must be refused with `status`, and checks nothing was recorded. */
async function expectRefused(
  sandbox: Sandbox,
  response: Promise<Response>,
  status: number,
): Promise<Response> {
  const before = sandbox.state.mixcoins.mixes.length;
  const answer = await response;
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await answer.clone().json()) as { error?: unknown };
  expect(typeof body.error).toBe("string");
  expect(sandbox.state.mixcoins.mixes).toHaveLength(before);
  return answer;
}

describe("POST /api/{currency}/mix: a mix is created", () => {
  it("from multipart address[] x2 + amount, with a mainnet deposit address for the currency", async () => {
    const sandbox = createSandbox({ seed: "mix-multipart" });
    const answer = await mixOk(await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "0.5"));
    expect(Object.keys(answer).sort()).toEqual(["address", "address_legacy", "amount", "currency"]);
    expect(answer.currency).toBe("btc");
    expect(answer.amount).toBe("0.5");
    expect(pool("btc", "mainnet")).toContain(answer.address);
    expect(answer.address_legacy).toBeNull();
    expect(sandbox.state.mixcoins.mixes).toEqual([
      {
        currency: "btc",
        addresses: [...PAYOUT.btc.mainnet],
        amount: "0.5",
        depositAddress: answer.address,
      },
    ]);
  });

  it("from urlencoded address[] fields", async () => {
    const sandbox = createSandbox({ seed: "mix-urlencoded" });
    const body = new URLSearchParams();
    for (const address of PAYOUT.eth.mainnet) body.append("address[]", address);
    body.append("amount", "1.000000000000000001");
    const answer = await mixOk(await createMix(sandbox, "eth", [], "", { body }));
    expect(answer).toMatchObject({ currency: "eth", amount: "1.000000000000000001" });
    expect(pool("eth", "mainnet")).toContain(answer.address);
    expect(answer.address_legacy).toBeNull();
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
    expect(sandbox.state.mixcoins.mixes[0]?.addresses).toEqual([...PAYOUT.eth.mainnet]);
  });

  it("with a single address[] field", async () => {
    const sandbox = createSandbox();
    const answer = await mixOk(await createMix(sandbox, "btc", [PAYOUT.btc.mainnet[0]], "2"));
    expect(sandbox.state.mixcoins.mixes[0]?.addresses).toEqual([PAYOUT.btc.mainnet[0]]);
    expect(answer.amount).toBe("2");
  });

  it("bch mainnet answers the legacy form of its deposit address", async () => {
    const sandbox = createSandbox({ seed: "mix-bch" });
    for (let i = 0; i < 6; i++) {
      const answer = await mixOk(await createMix(sandbox, "bch", PAYOUT.bch.mainnet, "0.1"));
      const entry = DEPOSIT_ADDRESSES.bch.mainnet.find((e) => e.address === answer.address);
      expect(entry).toBeDefined();
      expect(answer.address_legacy).toBe(entry?.legacy);
      expect(answer.address_legacy).toMatch(/^[13]/);
    }
  });

  it.each([
    ["btc", PAYOUT.btc.testnet],
    ["bch", PAYOUT.bch.testnet],
  ] as const)(
    "%s testnet payout addresses get a testnet deposit address",
    async (currency, payout) => {
      const sandbox = createSandbox({ seed: `mix-${currency}-testnet` });
      for (let i = 0; i < 6; i++) {
        const answer = await mixOk(await createMix(sandbox, currency, payout, "0.01"));
        expect(pool(currency, "testnet")).toContain(answer.address);
        expect(answer.address_legacy).toBeNull();
      }
    },
  );

  it.each([
    // Addresses that do not say their network: with `mixcoins.network`, the sandbox's decides.
    ["bch", "testnet", ["pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t"]],
    ["eth", "testnet", ["0xde709f2102306220921060314715629080e2fb77"]],
    ["btc", "mainnet", PAYOUT.btc.mainnet],
  ] as const)(
    "a sandbox created with mixcoins.network %s… answers %s deposit addresses only",
    async (currency, network, payout) => {
      const sandbox = createSandbox({ seed: "mix-fixed-network", mixcoins: { network } });
      for (let i = 0; i < 6; i++) {
        const answer = await mixOk(await createMix(sandbox, currency, payout, "0.01"));
        expect(pool(currency, network)).toContain(answer.address);
      }
    },
  );

  it("a sandbox created for testnet refuses mainnet-only payout addresses (400), and the reverse", async () => {
    const testnet = createSandbox({ seed: "mix-fixed-network", mixcoins: { network: "testnet" } });
    await expectRefused(testnet, createMix(testnet, "btc", PAYOUT.btc.mainnet, "1"), 400);
    const mainnet = createSandbox({ seed: "mix-fixed-network", mixcoins: { network: "mainnet" } });
    await expectRefused(mainnet, createMix(mainnet, "btc", PAYOUT.btc.testnet, "1"), 400);
    expect(() => createSandbox({ mixcoins: { network: "regtest" as unknown as Network } })).toThrow(
      /mainnet" or "testnet/,
    );
  });

  it.each([
    ["btc", PAYOUT.btc.mainnet],
    ["bch", PAYOUT.bch.mainnet],
    // Prefix-less cashaddr is the mainnet form (the client's default network).
    ["bch", ["qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"]],
    // Ethereum addresses do not say their network: mainnet, the default.
    ["eth", PAYOUT.eth.mainnet],
  ] as const)(
    "%s mainnet payout addresses %j always get a mainnet deposit address",
    async (currency, payout) => {
      const sandbox = createSandbox({ seed: "mix-mainnet" });
      for (let i = 0; i < 12; i++) {
        const answer = await mixOk(await createMix(sandbox, currency, payout, "0.01"));
        expect(pool(currency, "mainnet")).toContain(answer.address);
      }
    },
  );

  it("the same seed hands out the same deposit addresses in the same order", async () => {
    const run = async (seed: string) => {
      const sandbox = createSandbox({ seed });
      const deposits: string[] = [];
      for (let i = 0; i < 10; i++) {
        deposits.push(
          (await mixOk(await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1"))).address,
        );
      }
      return deposits;
    };
    const first = await run("same-seed");
    expect(await run("same-seed")).toEqual(first);
    // More than one address of the pool is used.
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it("accepts Accept headers that admit JSON, and none at all", async () => {
    const sandbox = createSandbox();
    for (const accept of ["application/json", "*/*", "text/html, application/json;q=0.9"]) {
      await mixOk(
        await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { headers: { Accept: accept } }),
      );
    }
    const noAccept = new Request(`${MIXCOINS}/eth/mix`, {
      method: "POST",
      headers: { "X-Api-Token": sandbox.credentials.mixcoins.token },
      body: new URLSearchParams({ "address[]": PAYOUT.eth.mainnet[0], amount: "1" }),
    });
    noAccept.headers.delete("accept");
    await mixOk(await sandbox.fetch(noAccept));
    expect(sandbox.state.mixcoins.mixes).toHaveLength(4);
  });
});

describe("POST /api/{currency}/mix: every status of the error table", () => {
  it("exports the table it uses", () => {
    expect(MIXCOINS_STATUS).toEqual({
      badInput: 400,
      badToken: 401,
      unknownCurrency: 404,
      wrongMethod: 405,
      notAcceptable: 406,
      tooManyRequests: 429,
      maintenance: 503,
    });
  });

  it("400 without any address[]", async () => {
    const sandbox = createSandbox();
    const response = await expectRefused(sandbox, createMix(sandbox, "btc", [], "1"), 400);
    expect(((await response.json()) as { error: string }).error).toMatch(/address/);
  });

  it("400 without any field at all (no body)", async () => {
    const sandbox = createSandbox();
    await expectRefused(
      sandbox,
      sandbox.fetch(`${MIXCOINS}/btc/mix`, {
        method: "POST",
        headers: { "X-Api-Token": sandbox.credentials.mixcoins.token },
      }),
      400,
    );
  });

  it("400 for a duplicate address", async () => {
    const sandbox = createSandbox();
    const address = PAYOUT.btc.mainnet[0];
    const response = await expectRefused(
      sandbox,
      createMix(sandbox, "btc", [address, address], "1"),
      400,
    );
    expect(((await response.json()) as { error: string }).error).toMatch(/duplicate/);
  });

  it.each([
    ["btc", "not-an-address"],
    ["btc", PAYOUT.eth.mainnet[0]],
    ["btc", ` ${PAYOUT.btc.mainnet[0]}`],
    ["btc", `bitcoin:${PAYOUT.btc.mainnet[0]}`],
    ["bch", PAYOUT.btc.mainnet[0]],
    ["eth", PAYOUT.btc.mainnet[0]],
    ["eth", "0x52908400098527886E0F7030069857D2E4169EE"],
    ["eth", "52908400098527886E0F7030069857D2E4169EE7"],
  ])("400 for a %s payout to the malformed address %j", async (currency, address) => {
    const sandbox = createSandbox();
    const response = await expectRefused(
      sandbox,
      createMix(sandbox, currency, [address], "1"),
      400,
    );
    expect(((await response.json()) as { error: string }).error).toMatch(/address/);
  });

  it("400 when mainnet and testnet payout addresses are mixed", async () => {
    const sandbox = createSandbox();
    await expectRefused(
      sandbox,
      createMix(sandbox, "btc", [PAYOUT.btc.mainnet[0], PAYOUT.btc.testnet[0]], "1"),
      400,
    );
  });

  it.each([
    ["btc", "0"],
    ["btc", "0.00000000"],
    ["btc", "0.000000001"],
    ["eth", "0.0000000000000000001"],
    ["btc", "abc"],
    ["btc", "-1"],
    ["btc", "1e3"],
    ["btc", " 1"],
    ["btc", ""],
  ])("400 for the %s amount %j", async (currency, amount) => {
    const sandbox = createSandbox();
    const payout = currency === "eth" ? PAYOUT.eth.mainnet : PAYOUT.btc.mainnet;
    const response = await expectRefused(
      sandbox,
      createMix(sandbox, currency, payout, amount),
      400,
    );
    expect(((await response.json()) as { error: string }).error).toMatch(/amount/);
  });

  it("400 when amount is missing", async () => {
    const sandbox = createSandbox();
    const form = new FormData();
    form.append("address[]", PAYOUT.btc.mainnet[0]);
    await expectRefused(sandbox, createMix(sandbox, "btc", [], "", { body: form }), 400);
  });

  it("401 for a wrong token and for a missing one", async () => {
    const sandbox = createSandbox();
    const wrong = `${sandbox.credentials.mixcoins.token.slice(1)}0`;
    await expectRefused(
      sandbox,
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { token: wrong }),
      401,
    );
    await expectRefused(
      sandbox,
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { token: null }),
      401,
    );
    // Not the CoinImp keys either.
    await expectRefused(
      sandbox,
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", {
        token: sandbox.credentials.coinimp.privateKey,
      }),
      401,
    );
  });

  it("404 for an unknown currency", async () => {
    const sandbox = createSandbox();
    const response = await expectRefused(
      sandbox,
      createMix(sandbox, "doge", PAYOUT.btc.mainnet, "1"),
      404,
    );
    expect(((await response.json()) as { error: string }).error).toMatch(/doge/);
    await expectRefused(sandbox, createMix(sandbox, "BTC", PAYOUT.btc.mainnet, "1"), 404);
  });

  it("405 with Allow: POST for GET (and other methods)", async () => {
    const sandbox = createSandbox();
    const token = { "X-Api-Token": sandbox.credentials.mixcoins.token };
    const get = await expectRefused(
      sandbox,
      sandbox.fetch(`${MIXCOINS}/btc/mix`, { headers: token }),
      405,
    );
    expect(get.headers.get("allow")).toBe("POST");
    const put = await expectRefused(
      sandbox,
      sandbox.fetch(`${MIXCOINS}/eth/mix`, {
        method: "PUT",
        headers: token,
        body: new URLSearchParams({ "address[]": PAYOUT.eth.mainnet[0], amount: "1" }),
      }),
      405,
    );
    expect(put.headers.get("allow")).toBe("POST");
  });

  it("406 when the client accepts only text/html", async () => {
    const sandbox = createSandbox();
    await expectRefused(
      sandbox,
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { headers: { Accept: "text/html" } }),
      406,
    );
  });

  it("429 over its own quota, with a Retry-After that tells when the next one is allowed", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      quota: { mixcoins: { capacity: 2, refill: 1, interval: 60_000 } },
    });
    const mix = () => createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1");
    await mixOk(await mix());
    await mixOk(await mix());
    const third = await expectRefused(sandbox, mix(), 429);
    expect(third.headers.get("retry-after")).toBe("60");
    clock.advance(45_000);
    const early = await expectRefused(sandbox, mix(), 429);
    expect(early.headers.get("retry-after")).toBe("15");
    clock.advance(15_000);
    await mixOk(await mix());
    await expectRefused(sandbox, mix(), 429);
    expect(sandbox.state.mixcoins.mixes).toHaveLength(3);
  });

  it("429 does not touch the CoinImp quota, nor CoinImp's the MixCoins one", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      quota: {
        mixcoins: { capacity: 1, refill: 1, interval: 60_000 },
        coinimp: { capacity: 1, refill: 1, interval: 60_000 },
      },
    });
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const coinimp = () =>
      sandbox.fetch("https://www.coinimp.com/api/v2/hashes?currency=MINTME", {
        headers: { "X-API-ID": publicKey, "X-API-KEY": privateKey },
      });
    expect((await coinimp()).status).toBe(200);
    await mixOk(await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1"));
    expect((await coinimp()).status).toBe(503);
    await expectRefused(sandbox, createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1"), 429);
  });

  it("503 in maintenance mode, and answers again when it ends", async () => {
    const sandbox = createSandbox();
    sandbox.state.mixcoins.maintenance = true;
    const response = await expectRefused(
      sandbox,
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1"),
      503,
    );
    expect(((await response.json()) as { error: string }).error).toMatch(/maintenance/);
    sandbox.state.mixcoins.maintenance = false;
    await mixOk(await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1"));
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
  });

  it("records no mix for any refused request", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      quota: { mixcoins: { capacity: 3, refill: 1, interval: 60_000 } },
    });
    const refused = [
      createMix(sandbox, "btc", [], "1"),
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "0"),
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { token: "nope" }),
      createMix(sandbox, "doge", PAYOUT.btc.mainnet, "1"),
      createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1", { headers: { Accept: "text/html" } }),
      sandbox.fetch(`${MIXCOINS}/btc/mix`),
    ];
    for (const response of await Promise.all(refused)) expect(response.status).not.toBe(200);
    sandbox.state.mixcoins.maintenance = true;
    expect((await createMix(sandbox, "btc", PAYOUT.btc.mainnet, "1")).status).toBe(503);
    sandbox.state.mixcoins.maintenance = false;
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });
});

describe("DEPOSIT_ADDRESSES", () => {
  interface Vector {
    address: string;
    type?: string;
    xOnlyKeyOnCurve?: boolean;
    payableOnChain?: boolean;
    legacy?: string;
  }
  const vectors = JSON.parse(
    readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
  ) as Record<MixCurrency, Record<Network, { valid: Vector[]; invalid?: { address: string }[] }>>;

  const entries = (Object.keys(DEPOSIT_ADDRESSES) as MixCurrency[]).flatMap((currency) =>
    (Object.keys(DEPOSIT_ADDRESSES[currency]) as Network[]).flatMap((network) =>
      DEPOSIT_ADDRESSES[currency][network].map((entry): [MixCurrency, Network, DepositAddress] => [
        currency,
        network,
        entry,
      ]),
    ),
  );

  it("the payout addresses these tests send are valid vectors too", () => {
    for (const [currency, networks] of Object.entries(PAYOUT)) {
      for (const [network, addresses] of Object.entries(networks)) {
        const valid = vectors[currency as MixCurrency][network as Network].valid.map(
          (vector) => vector.address,
        );
        for (const address of addresses) expect(valid).toContain(address);
      }
    }
  });

  it("covers every currency and network", () => {
    for (const currency of ["btc", "bch", "eth"] as const) {
      for (const network of ["mainnet", "testnet"] as const) {
        expect(DEPOSIT_ADDRESSES[currency][network].length).toBeGreaterThan(0);
      }
    }
  });

  it.each(entries)(
    "%s %s %j is a valid, payable vector for its currency and network",
    (currency, network, entry) => {
      const { valid, invalid = [] } = vectors[currency][network];
      const vector = valid.find((candidate) => candidate.address === entry.address);
      expect(vector, `${entry.address} is not a valid ${currency} ${network} vector`).toBeDefined();
      expect(invalid.map((candidate) => candidate.address)).not.toContain(entry.address);
      // The payout policy: nothing that nobody, or anybody, can spend.
      expect(vector?.type).not.toBe("future_segwit");
      expect(vector?.xOnlyKeyOnCurve).not.toBe(false);
      expect(vector?.payableOnChain).not.toBe(false);
      if (entry.legacy === null) {
        expect(currency === "bch" && network === "mainnet").toBe(false);
      } else {
        // The legacy form is the vector's own translation, and itself a valid address.
        expect(entry.legacy).toBe(vector?.legacy);
        expect(valid.map((candidate) => candidate.address)).toContain(entry.legacy);
      }
    },
  );
});

describe("the deposit address is never one of the payout addresses", () => {
  // Each payout names a pool entry in another form: upper case, no prefix, legacy, token-aware.
  const cases: [MixCurrency, Network, string[], string[]][] = [
    [
      "btc",
      "mainnet",
      ["BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo"],
      ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo"],
    ],
    [
      "bch",
      "mainnet",
      ["qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR"],
      [
        "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
      ],
    ],
    // The same key as another script (P2PKH of the P2WPKH's key hash).
    [
      "btc",
      "mainnet",
      ["1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"],
      ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    ],
    [
      "bch",
      "testnet",
      ["bchtest:zr7fzmep8g7h7ymfxy74lgc0v950j3r295x8qj2hgs"],
      ["bchtest:qr7fzmep8g7h7ymfxy74lgc0v950j3r295pdnvy3hr"],
    ],
    [
      "eth",
      "mainnet",
      ["0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"],
      ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"],
    ],
  ];
  it.each(cases)(
    "%s %s: over 40 seeds, never a payout's destination",
    async (currency, network, payouts, excluded) => {
      expect(pool(currency, network), "the payouts name pool entries").toEqual(
        expect.arrayContaining(excluded),
      );
      for (let seed = 1; seed <= 40; seed++) {
        const sandbox = createSandbox({ seed, quota: false });
        const answer = await mixOk(await createMix(sandbox, currency, payouts, "1"));
        expect(excluded).not.toContain(answer.address);
      }
    },
  );
});

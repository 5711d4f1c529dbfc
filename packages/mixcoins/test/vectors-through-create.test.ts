/**
 * Every vector of vectors/addresses.json through `mixes.create` against the sandbox, per
 * `_meta.policy`: a payable address of the client's network creates a mix (the sandbox records it,
 * and the deposit address handed back is valid for the currency and network); anything invalid,
 * unspendable, or of the other network is a `ValidationError` pointing at the address, and nothing
 * reaches the sandbox. Then derived cases: one changed character, wrong network, wrong currency,
 * mixed case, duplicates.
 */
import { readFileSync } from "node:fs";
import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import {
  isValidAddress,
  type Mix,
  MixCoins,
  type MixCurrency,
  type Network,
  ValidationError,
} from "../src/index.js";

interface ValidVector {
  address: string;
  type?: string;
  xOnlyKeyOnCurve?: boolean;
  payableOnChain?: boolean;
}
interface Section {
  valid?: ValidVector[];
  invalid?: { address: string }[];
  strings?: string[];
}
type EncodingSection = Record<
  "bech32" | "bech32m",
  Record<"valid" | "invalid", { string: string }[]>
>;

const file = JSON.parse(
  readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
) as Record<MixCurrency, Record<string, unknown>> & { _meta: { policy: string } };

const CURRENCIES: readonly MixCurrency[] = ["btc", "bch", "eth"];
const NETWORKS: readonly Network[] = ["mainnet", "testnet"];
const other = (network: Network): Network => (network === "mainnet" ? "testnet" : "mainnet");
const section = (currency: MixCurrency, name: string) => (file[currency][name] ?? {}) as Section;

/** `_meta.policy`: never pay to what nobody, or anybody, can spend. */
function unspendable(currency: MixCurrency, v: ValidVector): boolean {
  return (
    v.type === "future_segwit" ||
    (v.type === "p2tr" && v.xOnlyKeyOnCurve === false) ||
    (currency === "bch" && v.payableOnChain === false)
  );
}

interface Case {
  name: string;
  currency: MixCurrency;
  network: Network;
  address: string;
}

const accepted: Case[] = [];
const refused: Case[] = [];
/** Vectors turned into cases, per list (checked against the file at the end). */
const seen = new Map<string, number>();
const note = (list: string) => seen.set(list, (seen.get(list) ?? 0) + 1);
const name = (list: string, i: number, address: string, network: Network) =>
  `${list}[${i}] ${JSON.stringify(address)} on ${network}`;

for (const currency of CURRENCIES) {
  for (const network of NETWORKS) {
    const list = `${currency}.${network}.valid`;
    section(currency, network).valid?.forEach((v, i) => {
      note(list);
      const own = { name: name(list, i, v.address, network), currency, network, ...v };
      (unspendable(currency, v) ? refused : accepted).push(own);
      const away = other(network);
      const elsewhere = { name: name(list, i, v.address, away), currency, network: away, ...v };
      // Ethereum addresses name no network: the same address is payable on both.
      (currency === "eth" && !unspendable(currency, v) ? accepted : refused).push(elsewhere);
    });
    const invalidList = `${currency}.${network}.invalid`;
    section(currency, network).invalid?.forEach((v, i) => {
      note(invalidList);
      refused.push({ name: name(invalidList, i, v.address, network), currency, network, ...v });
    });
  }
}

// Regtest base58 addresses are byte-identical to testnet ones (the file lists them as testnet
// vectors too): payable on testnet, refused on mainnet. bcrt1… and bchreg: are refused everywhere,
// as are foreign cashaddr prefixes, the checksum-only strings and the bare bech32 encodings.
section("btc", "regtest").valid?.forEach((v, i) => {
  note("btc.regtest.valid");
  for (const network of NETWORKS) {
    const entry = {
      name: name("btc.regtest.valid", i, v.address, network),
      currency: "btc" as const,
      network,
      address: v.address,
    };
    const base58 = !v.address.toLowerCase().startsWith("bcrt1");
    (base58 && network === "testnet" ? accepted : refused).push(entry);
  }
});
const everywhere: [string, MixCurrency, string[]][] = [
  ["btc.regtest.invalid", "btc", section("btc", "regtest").invalid?.map((v) => v.address) ?? []],
  ["bch.regtest.valid", "bch", section("bch", "regtest").valid?.map((v) => v.address) ?? []],
  ["bch.regtest.invalid", "bch", section("bch", "regtest").invalid?.map((v) => v.address) ?? []],
  [
    "bch.otherPrefix.valid",
    "bch",
    section("bch", "otherPrefix").valid?.map((v) => v.address) ?? [],
  ],
  ["bch.checksumOnly.strings", "bch", section("bch", "checksumOnly").strings ?? []],
];
const encoding = file.btc.encoding as EncodingSection;
for (const variant of ["bech32", "bech32m"] as const) {
  for (const kind of ["valid", "invalid"] as const) {
    everywhere.push([
      `btc.encoding.${variant}.${kind}`,
      "btc",
      encoding[variant][kind].map((v) => v.string),
    ]);
  }
}
for (const [list, currency, addresses] of everywhere) {
  addresses.forEach((address, i) => {
    note(list);
    for (const network of NETWORKS)
      refused.push({ name: name(list, i, address, network), currency, network, address });
  });
}

function setup(network: Network): { sandbox: Sandbox; client: MixCoins } {
  // The sandbox serves the client's network: it cannot tell the network of a prefix-less
  // cashaddr or an eth address itself (its guess would be mainnet).
  const sandbox = createSandbox({
    seed: "vectors-through-create",
    quota: false,
    mixcoins: { network },
  });
  const client = new MixCoins({
    ...sandbox.credentials.mixcoins,
    network,
    fetch: sandbox.fetch,
    retry: false,
  });
  return { sandbox, client };
}

/** `create` must refuse: a `ValidationError` whose issues all point at `at`, nothing sent. */
async function expectRefused(
  currency: MixCurrency,
  network: Network,
  addresses: string[],
  at: readonly (string | number)[] = ["addresses", 0],
): Promise<ValidationError> {
  const { sandbox, client } = setup(network);
  const error = await client.mixes.create({ currency, addresses, amount: "0.5" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const issues = (error as ValidationError).issues;
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.path).toEqual(at);
    expect(issue.message.length).toBeGreaterThan(5);
  }
  expect(sandbox.requests).toEqual([]);
  expect(sandbox.state.mixcoins.mixes).toEqual([]);
  return error as ValidationError;
}

describe("payable vectors: the mix is created", () => {
  for (const { name: title, currency, network, address } of accepted)
    it(`${title} → created`, async () => {
      const { sandbox, client } = setup(network);
      const mix: Mix = await client.mixes.create({ currency, addresses: [address], amount: "0.5" });
      expect(mix.currency).toBe(currency);
      expect(mix.amount).toBe("0.5");
      expect(isValidAddress(currency, mix.address, { network })).toBe(true);
      if (mix.addressLegacy !== null)
        expect(isValidAddress(currency, mix.addressLegacy, { network })).toBe(true);
      expect(sandbox.state.mixcoins.mixes).toEqual([
        { currency, addresses: [address], amount: "0.5", depositAddress: mix.address },
      ]);
      expect(sandbox.requests).toHaveLength(1);
      expect(sandbox.requests[0]?.form).toEqual([
        ["address[]", address],
        ["amount", "0.5"],
      ]);
    });
});

describe("invalid, unspendable and other-network vectors: refused, nothing sent", () => {
  for (const { name: title, currency, network, address } of refused)
    it(`${title} → ValidationError`, async () => {
      await expectRefused(currency, network, [address]);
    });
});

describe("coverage of the vector file", () => {
  it("turns every vector of every list into cases", () => {
    const lists: [string, number][] = [];
    for (const currency of CURRENCIES) {
      for (const network of NETWORKS) {
        for (const kind of ["valid", "invalid"] as const) {
          const vectors = section(currency, network)[kind];
          if (vectors) lists.push([`${currency}.${network}.${kind}`, vectors.length]);
        }
      }
    }
    for (const [list, length] of lists) expect(seen.get(list), list).toBe(length);
    // The twelve public-network lists, plus regtest, foreign prefixes, checksum-only strings and
    // the bech32 encoding vectors.
    expect(lists).toHaveLength(12);
    expect(seen.size).toBe(12 + 1 + everywhere.length);
  });

  it("has cases on both sides for each currency and network", () => {
    for (const currency of CURRENCIES) {
      for (const network of NETWORKS) {
        const ok = accepted.filter((c) => c.currency === currency && c.network === network);
        const no = refused.filter((c) => c.currency === currency && c.network === network);
        expect(ok.length, `${currency} ${network} accepted`).toBeGreaterThan(5);
        expect(no.length, `${currency} ${network} refused`).toBeGreaterThan(5);
      }
    }
    expect(file._meta.policy).toMatch(/future_segwit/);
  });
});

// ---------------------------------------------------------------------------------------------
// Derived cases.

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** Payable btc/bch vectors of a network (not eth: its all-lower-case form has no checksum). */
const payableCoded = accepted.filter(
  (c) => c.currency !== "eth" && !c.name.startsWith("btc.regtest"),
);

/** Position `i` of `address` replaced by the next character of its alphabet, case kept. */
function changeOne(address: string, i: number): string {
  const ch = address.charAt(i);
  const lower = ch.toLowerCase();
  const alphabet = /^0x/i.test(address)
    ? HEX
    : BECH32.includes(lower) && !isBase58(address)
      ? BECH32
      : BASE58;
  const from = alphabet === BASE58 ? ch : lower;
  let next = alphabet.charAt((alphabet.indexOf(from) + 1) % alphabet.length);
  if (ch !== lower && alphabet !== BASE58) next = next.toUpperCase();
  return address.slice(0, i) + next + address.slice(i + 1);
}
function isBase58(address: string): boolean {
  return !/^(bc1|tb1|bitcoincash:|bchtest:)/i.test(address) && /^[13mn2]/.test(address);
}
/** Where the checksummed data starts. */
function dataStart(address: string): number {
  if (address.includes(":")) return address.indexOf(":") + 1;
  if (/^(bc1|tb1)/i.test(address)) return 3;
  if (/^0x/i.test(address)) return 2;
  return 0;
}

describe("derived: one changed character", () => {
  const changed = payableCoded.flatMap((c) => {
    const start = dataStart(c.address);
    // Three positions: first data character, middle, last (in the checksum).
    return [start, Math.floor((start + c.address.length) / 2), c.address.length - 1].map((i) => ({
      ...c,
      name: `${c.name} with position ${i} changed`,
      address: changeOne(c.address, i),
    }));
  });
  it("derives from every payable btc and bch vector", () => {
    expect(changed.length).toBe(3 * payableCoded.length);
    expect(changed.length).toBeGreaterThan(150);
    for (const c of changed) expect(payableCoded.some((p) => p.address === c.address)).toBe(false);
  });
  for (const { name: title, currency, network, address } of changed) {
    it(`${title} → ValidationError`, async () => {
      await expectRefused(currency, network, [address]);
    });
  }

  it("an EIP-55 address with one digit changed, or one letter's case flipped → ValidationError", async () => {
    const eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    await expectRefused("eth", "mainnet", [`${eth.slice(0, 5)}b${eth.slice(6)}`]); // e → b
    await expectRefused("eth", "mainnet", [`${eth.slice(0, 3)}A${eth.slice(4)}`]); // a → A
  });
});

describe("derived: wrong network", () => {
  for (const c of payableCoded) {
    it(`${c.name}, sent by a client of the other network → ValidationError`, async () => {
      const error = await expectRefused(c.currency, other(c.network), [c.address]);
      expect(error.issues[0]?.message).toMatch(/network/);
    });
  }
});

describe("derived: wrong currency", () => {
  const crossed = accepted.flatMap((c) =>
    CURRENCIES.filter((to) => to !== c.currency)
      // Legacy base58 is the same format (and versions) for btc and bch: valid for both.
      .filter((to) => !(isBase58(c.address) && to !== "eth" && c.currency !== "eth"))
      .map((to) => ({ ...c, name: `${c.name} as ${to}`, to })),
  );
  it("crosses every currency pair", () => {
    const pairs = new Set(crossed.map((c) => `${c.currency}→${c.to}`));
    expect([...pairs].sort()).toEqual([
      "bch→btc",
      "bch→eth",
      "btc→bch",
      "btc→eth",
      "eth→bch",
      "eth→btc",
    ]);
  });
  for (const { name: title, to, network, address } of crossed) {
    it(`${title} → ValidationError`, async () => {
      await expectRefused(to, network, [address]);
    });
  }
});

describe("derived: mixed case", () => {
  /** `address` with the case of the first letter of its data part flipped. */
  function flipOne(address: string): string | undefined {
    for (let i = dataStart(address); i < address.length; i++) {
      const ch = address.charAt(i);
      const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
      if (flipped !== ch) return address.slice(0, i) + flipped + address.slice(i + 1);
    }
    return undefined;
  }
  const cased = accepted
    .filter((c) => !isBase58(c.address) && !c.name.startsWith("btc.regtest"))
    .filter(
      (c) => c.currency !== "eth" || (/[a-f]/.test(c.address.slice(2)) && /[A-F]/.test(c.address)),
    )
    .map((c) => ({
      ...c,
      name: `${c.name} with one letter's case flipped`,
      address: flipOne(c.address) ?? "",
    }));
  it("derives from bech32, cashaddr and EIP-55 vectors", () => {
    expect(cased.length).toBeGreaterThan(60);
    expect(cased.every((c) => c.address !== "")).toBe(true);
  });
  for (const { name: title, currency, network, address } of cased) {
    it(`${title} → ValidationError`, async () => {
      await expectRefused(currency, network, [address]);
    });
  }
});

describe("derived: duplicates", () => {
  it.each([
    [
      "btc",
      "mainnet",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    ],
    ["btc", "mainnet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"],
    [
      "btc",
      "mainnet",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    ],
    [
      "btc",
      "testnet",
      "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
      "TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX",
    ],
    [
      "eth",
      "mainnet",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    ],
    [
      "eth",
      "mainnet",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    ],
    [
      "eth",
      "testnet",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
    ],
    [
      "bch",
      "mainnet",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    ],
    [
      "bch",
      "mainnet",
      "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A",
    ],
    [
      "bch",
      "testnet",
      "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t",
      "pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t",
    ],
    // One output, other spellings: the legacy form, and the token-aware form (types 2, 3: the
    // same locking script).
    [
      "bch",
      "mainnet",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
    ],
    [
      "bch",
      "mainnet",
      "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC",
      "ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq",
    ],
    [
      "bch",
      "testnet",
      "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ",
      "BCHTEST:QR8Z3VNV2ARJWDL4CDTP59MPRPDASKY6GV23SYQUGS",
    ],
    [
      "bch",
      "mainnet",
      "bitcoincash:qr7fzmep8g7h7ymfxy74lgc0v950j3r2959lhtxxsl",
      "bitcoincash:zr7fzmep8g7h7ymfxy74lgc0v950j3r295z4y4gq0v",
    ],
    [
      "bch",
      "mainnet",
      "bitcoincash:rpawqn2h74a4t50phuza84kdp3794pq3cct3k50p0y",
      "ppawqn2h74a4t50phuza84kdp3794pq3ccvm92p8sh",
    ],
  ] as const)(
    "%s %s: %s then %s → ValidationError at addresses[1]",
    async (currency, network, first, second) => {
      expect(isValidAddress(currency, first, { network })).toBe(true);
      expect(isValidAddress(currency, second, { network })).toBe(true);
      const error = await expectRefused(currency, network, [first, second], ["addresses", 1]);
      expect(error.issues[0]?.message).toMatch(/repeats addresses\[0\]/);
    },
  );

  it("the duplicate is found among others, and each repeat is reported", async () => {
    const a = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    const b = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
    const { sandbox, client } = setup("mainnet");
    const error = await client.mixes
      .create({ currency: "btc", addresses: [a, b, a.toUpperCase(), b], amount: "1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      ["addresses", 2],
      ["addresses", 3],
    ]);
    expect(sandbox.requests).toEqual([]);
  });

  it("distinct addresses of one currency go out together, in order", async () => {
    // The first two share a hash but not a script (P2PKH and P2SH): two destinations.
    const addresses = [
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", // P2SH of the same hash: another destination
      "qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
    ];
    const { sandbox, client } = setup("mainnet");
    await client.mixes.create({ currency: "bch", addresses, amount: "1" });
    // In Bitcoin, P2WPKH and P2PKH of one key hash are two scripts: two destinations too.
    const btc = [
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH",
    ];
    await client.mixes.create({ currency: "btc", addresses: btc, amount: "1" });
    expect(sandbox.state.mixcoins.mixes.map((mix) => mix.addresses)).toEqual([addresses, btc]);
  });
});

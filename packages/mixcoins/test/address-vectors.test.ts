/**
 * Every vector of vectors/addresses.json through `checkAddress`, per `_meta.policy`: payable valid
 * addresses are accepted on their network (with the type the file names) and rejected on the other;
 * invalid and unspendable ones (future SegWit, off-curve taproot keys, BCH hash sizes no standard
 * output uses, regtest, foreign prefixes, checksum-only strings) are rejected on both.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Bech32Variant, decodeBech32 } from "../src/addresses/bech32.js";
import { decodeCashAddr } from "../src/addresses/cashaddr.js";
import { checkAddress, type MixCurrency, type Network } from "../src/addresses/index.js";

interface ValidVector {
  address: string;
  typeBits?: number;
  payload?: string;
  type?: string;
  xOnlyKeyOnCurve?: boolean;
  payableOnChain?: boolean;
  format?: string;
  coreChain?: string;
}
interface InvalidVector {
  address: string;
  why: string;
}
interface Section {
  valid?: ValidVector[];
  invalid?: InvalidVector[];
  strings?: string[];
}
type EncodingSection = Record<
  Bech32Variant,
  { valid: { string: string }[]; invalid: { string: string }[] }
>;
type Vectors = Record<MixCurrency, Record<string, unknown>>;

const file: Vectors = JSON.parse(
  readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
);

/** Keys of a currency's object that hold no vectors. */
const METADATA_KEYS = new Set(["notes"]);
/** Keys of a section that hold no vectors. */
const SECTION_METADATA = new Set([
  "sources",
  "note",
  "hrp",
  "prefix",
  "base58Versions",
  "legacyBase58Versions",
  "sameAs",
]);

/** Every list of vectors this test knows how to judge, as "currency.section.list". */
const EXPECTED_LISTS = [
  "btc.mainnet.valid",
  "btc.mainnet.invalid",
  "btc.testnet.valid",
  "btc.testnet.invalid",
  "btc.regtest.valid",
  "btc.regtest.invalid",
  "btc.encoding.bech32.valid",
  "btc.encoding.bech32.invalid",
  "btc.encoding.bech32m.valid",
  "btc.encoding.bech32m.invalid",
  "bch.mainnet.valid",
  "bch.mainnet.invalid",
  "bch.testnet.valid",
  "bch.testnet.invalid",
  "bch.regtest.valid",
  "bch.regtest.invalid",
  "bch.otherPrefix.valid",
  "bch.checksumOnly.strings",
  "eth.mainnet.valid",
  "eth.mainnet.invalid",
  "eth.testnet.valid",
  "eth.testnet.invalid",
];

type Expectation = { valid: true; type: string } | { valid: false; reason?: RegExp };

interface Case {
  name: string;
  currency: MixCurrency;
  network: Network;
  address: string;
  expected: Expectation;
}

const NETWORKS: readonly Network[] = ["mainnet", "testnet"];
const other = (network: Network): Network => (network === "mainnet" ? "testnet" : "mainnet");

/** How many vectors of each list were turned into cases (compared with the file below). */
const judged = new Map<string, number>();
const count = (list: string) => judged.set(list, (judged.get(list) ?? 0) + 1);

function section(currency: MixCurrency, name: string): Section {
  return (file[currency][name] ?? {}) as Section;
}

/** The policy reason a spec-valid but unspendable address must be refused with, if it is one. */
function unspendable(currency: MixCurrency, v: ValidVector): RegExp | undefined {
  if (v.type === "future_segwit") return /future SegWit/;
  if (v.type === "p2tr" && v.xOnlyKeyOnCurve === false) return /not a point on secp256k1/;
  if (currency === "bch" && v.payableOnChain === false) return /not payable on chain|not a defined/;
  return undefined;
}

const cases: Case[] = [];
function add(list: string, index: number, c: Omit<Case, "name">) {
  const verdict = c.expected.valid ? `valid ${c.expected.type}` : "rejected";
  const name = `${list}[${index}] ${JSON.stringify(c.address)} on ${c.currency} ${c.network} → ${verdict}`;
  cases.push({ name, ...c });
}

// Valid vectors of a public network: payable ones accepted there and nowhere else (Ethereum
// addresses carry no network, so there they are accepted on both); unspendable ones refused.
for (const currency of ["btc", "bch", "eth"] as const) {
  for (const network of NETWORKS) {
    const list = `${currency}.${network}.valid`;
    section(currency, network).valid?.forEach((v, i) => {
      count(list);
      const policy = unspendable(currency, v);
      const own: Expectation = policy
        ? { valid: false, reason: policy }
        : { valid: true, type: v.type ?? "address" };
      add(list, i, { currency, network, address: v.address, expected: own });
      const elsewhere: Expectation =
        currency === "eth" ? own : { valid: false, reason: /the network is/ };
      add(list, i, { currency, network: other(network), address: v.address, expected: elsewhere });
    });
    const invalidList = `${currency}.${network}.invalid`;
    section(currency, network).invalid?.forEach((v, i) => {
      count(invalidList);
      add(invalidList, i, { currency, network, address: v.address, expected: { valid: false } });
    });
  }
}

// btc regtest: bcrt1… SegWit addresses are refused everywhere. Regtest base58 addresses are
// byte-identical to testnet ones (the file lists them as valid testnet vectors too), so they
// can only be refused on mainnet.
section("btc", "regtest").valid?.forEach((v, i) => {
  count("btc.regtest.valid");
  const isBase58 = !v.address.toLowerCase().startsWith("bcrt1");
  for (const network of NETWORKS) {
    const expected: Expectation =
      isBase58 && network === "testnet"
        ? { valid: true, type: v.type ?? "" }
        : { valid: false, reason: isBase58 ? /the network is/ : /regtest/ };
    add("btc.regtest.valid", i, { currency: "btc", network, address: v.address, expected });
  }
});

// bch regtest (bchreg:) and foreign prefixes (pref:, prefix:) are never a payout address.
for (const [name, reason] of [
  ["regtest", /regtest/],
  ["otherPrefix", /not a Bitcoin Cash prefix/],
] as const) {
  section("bch", name).valid?.forEach((v, i) => {
    count(`bch.${name}.valid`);
    for (const network of NETWORKS) {
      add(`bch.${name}.valid`, i, {
        currency: "bch",
        network,
        address: v.address,
        expected: { valid: false, reason },
      });
    }
  });
}

// Invalid lists outside the public networks, and the checksum-only strings (cashaddr.md says their
// payload is deliberately invalid): rejected on both networks.
const rejectEverywhere: [string, MixCurrency, string[]][] = [
  ["btc.regtest.invalid", "btc", section("btc", "regtest").invalid?.map((v) => v.address) ?? []],
  ["bch.regtest.invalid", "bch", section("bch", "regtest").invalid?.map((v) => v.address) ?? []],
  ["bch.checksumOnly.strings", "bch", section("bch", "checksumOnly").strings ?? []],
];
for (const [list, currency, addresses] of rejectEverywhere) {
  addresses.forEach((address, i) => {
    count(list);
    for (const network of NETWORKS)
      add(list, i, { currency, network, address, expected: { valid: false } });
  });
}

// bech32/bech32m encoding vectors are strings, not addresses: never a Bitcoin payout address.
const encoding = file.btc.encoding as EncodingSection;
for (const variant of ["bech32", "bech32m"] as const) {
  for (const kind of ["valid", "invalid"] as const) {
    const list = `btc.encoding.${variant}.${kind}`;
    encoding?.[variant]?.[kind]?.forEach((v, i) => {
      count(list);
      for (const network of NETWORKS) {
        add(list, i, { currency: "btc", network, address: v.string, expected: { valid: false } });
      }
    });
  }
}

describe("every address vector, through checkAddress", () => {
  it.each(cases)("$name", ({ currency, network, address, expected }) => {
    const result = checkAddress(currency, address, { network });
    if (expected.valid) {
      expect(result).toEqual({ valid: true, type: expected.type });
    } else {
      expect(result.valid).toBe(false);
      const reason = result.valid ? "" : result.reason;
      expect(reason.length).toBeGreaterThan(10);
      if (expected.reason) expect(reason).toMatch(expected.reason);
    }
  });
});

describe("bech32/bech32m encoding vectors, through the decoder the SegWit check uses", () => {
  const strings = (["bech32", "bech32m"] as const).flatMap((variant) =>
    (["valid", "invalid"] as const).flatMap((kind) =>
      (encoding?.[variant]?.[kind] ?? []).map((v, i) => ({
        name: `btc.encoding.${variant}.${kind}[${i}] ${JSON.stringify(v.string)}`,
        variant,
        text: v.string,
        valid: kind === "valid",
      })),
    ),
  );
  it.each(strings)("$name", ({ variant, text, valid }) => {
    expect(decodeBech32(text)?.variant === variant).toBe(valid);
  });
});

describe("CashAddr decoding (the hand-written checksum) yields each vector's type bits and hash", () => {
  const withPayload = (["mainnet", "testnet", "regtest", "otherPrefix"] as const).flatMap((name) =>
    (section("bch", name).valid ?? [])
      .map((v, i) => ({ ...v, name: `bch.${name}.valid[${i}] ${v.address}` }))
      .filter((v) => v.payload !== undefined && v.typeBits !== undefined),
  );
  it("covers the vectors that state a payload", () =>
    expect(withPayload.length).toBeGreaterThan(60));
  it.each(withPayload)("$name", ({ address, typeBits, payload }) => {
    const decoded = decodeCashAddr(address, ["bitcoincash", "bchtest", "bchreg"]);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const hex = [...decoded.value.hash].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect({ typeBits: decoded.value.typeBits, payload: hex }).toEqual({ typeBits, payload });
  });
});

describe("coverage of the vector file", () => {
  it("judges every list it expects, each non-empty and complete", () => {
    for (const list of EXPECTED_LISTS) {
      const [currency, ...path] = list.split(".");
      let node: unknown = file[currency as MixCurrency];
      for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
      expect(Array.isArray(node), `${list} is missing from the file`).toBe(true);
      const inFile = (node as unknown[]).length;
      expect(inFile, `${list} is empty`).toBeGreaterThan(0);
      expect(judged.get(list), `${list}: vectors judged vs in the file`).toBe(inFile);
    }
  });

  it("leaves no list of the file unjudged", () => {
    const lists: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        if (node.length > 0 && (typeof node[0] === "object" || path.endsWith(".strings")))
          lists.push(path);
        return;
      }
      if (node && typeof node === "object") {
        for (const [key, child] of Object.entries(node)) {
          if (!SECTION_METADATA.has(key) && !METADATA_KEYS.has(key)) walk(child, `${path}.${key}`);
        }
      }
    };
    for (const currency of ["btc", "bch", "eth"] as const) walk(file[currency], currency);
    expect(lists.sort()).toEqual([...EXPECTED_LISTS].sort());
  });

  it("generated a case per vector and network (invalid lists of a network: that network only)", () => {
    for (const [list, vectors] of judged) {
      const perVector = /^(btc|bch|eth)\.(mainnet|testnet)\.invalid$/.test(list) ? 1 : 2;
      const generated = cases.filter((c) => c.name.startsWith(`${list}[`)).length;
      expect(generated, list).toBe(perVector * vectors);
    }
  });
});

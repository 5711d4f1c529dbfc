/**
 * Cases derived here, beyond the vector file: single-character typos, wrong network, wrong
 * currency, mixed case, EIP-55 case flips, non-bare inputs, constructed SegWit programs, and
 * properties over random input.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bech32, bech32m } from "@scure/base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkAddress,
  isValidAddress,
  type MixCurrency,
  type Network,
} from "../src/addresses/index.js";
import { isXOnlyKeyOnCurve } from "../src/addresses/secp256k1.js";

const BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"; // also CashAddr's
const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** Valid payout addresses (from the specs' vectors), with the alphabet their characters come from. */
const VALID: { currency: MixCurrency; network: Network; address: string; alphabet: string }[] = [
  {
    currency: "btc",
    network: "mainnet",
    address: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    alphabet: BASE58_ALPHABET,
  },
  {
    currency: "btc",
    network: "mainnet",
    address: "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm",
    alphabet: BASE58_ALPHABET,
  },
  {
    currency: "btc",
    network: "mainnet",
    address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "btc",
    network: "mainnet",
    address: "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "btc",
    network: "mainnet",
    address: "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "btc",
    network: "testnet",
    address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "btc",
    network: "testnet",
    address: "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ",
    alphabet: BASE58_ALPHABET,
  },
  {
    currency: "bch",
    network: "mainnet",
    address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "bch",
    network: "mainnet",
    address: "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "bch",
    network: "mainnet",
    address: "bitcoincash:zr7fzmep8g7h7ymfxy74lgc0v950j3r295z4y4gq0v",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "bch",
    network: "mainnet",
    address: "bitcoincash:pvqqqqqqqqqqqqqqqqqqqqqqzg69v7ysqqqqqqqqqqqqqqqqqqqqqpkp7fqn0",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "bch",
    network: "testnet",
    address: "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t",
    alphabet: BECH32_CHARSET,
  },
  {
    currency: "eth",
    network: "mainnet",
    address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    alphabet: HEX,
  },
  {
    currency: "eth",
    network: "mainnet",
    address: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    alphabet: HEX,
  },
];

/** Where the checksummed characters start (after `bc1`, `bitcoincash:`, `0x`…). */
function bodyStart(address: string): number {
  if (address.startsWith("0x")) return 2;
  if (address.includes(":")) return address.indexOf(":") + 1;
  const separator = address.lastIndexOf("1");
  return /^(bc|tb)1/.test(address) ? separator + 1 : 0;
}

/** `address` with position `i` replaced by `ch`, keeping the case of the original character. */
function substitute(address: string, i: number, ch: string): string {
  const original = address.charAt(i);
  const cased =
    original === original.toUpperCase() && original !== original.toLowerCase()
      ? ch.toUpperCase()
      : ch;
  return address.slice(0, i) + cased + address.slice(i + 1);
}

/** Single-character substitutions: every other alphabet character, or just the next one. */
function typos(address: string, alphabet: string, exhaustive: boolean): string[] {
  const out: string[] = [];
  for (let i = bodyStart(address); i < address.length; i++) {
    const current = address.charAt(i).toLowerCase();
    const at = alphabet.indexOf(alphabet.includes(current) ? current : address.charAt(i));
    const candidates = exhaustive
      ? [...alphabet].filter((ch) => ch !== address.charAt(i) && ch !== current)
      : [alphabet.charAt((at + 1) % alphabet.length)];
    for (const ch of candidates) {
      const changed = substitute(address, i, ch);
      if (changed !== address) out.push(changed);
    }
  }
  return out;
}

describe("the starting addresses", () => {
  it.each(VALID)("$address is valid on $currency $network", ({ currency, network, address }) => {
    expect(checkAddress(currency, address, { network }).valid).toBe(true);
  });
});

describe("one changed character", () => {
  it.each(VALID)(
    "any single substitution in $address is rejected",
    ({ currency, network, address, alphabet }) => {
      const changed = typos(address, alphabet, false);
      expect(changed.length).toBeGreaterThanOrEqual(address.length - bodyStart(address) - 1);
      const accepted = changed.filter((typo) => isValidAddress(currency, typo, { network }));
      expect(accepted).toEqual([]);
    },
  );

  // bech32 and CashAddr are BCH codes that detect every single substitution: check them all.
  const exhaustive = VALID.filter((v) =>
    [
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
    ].includes(v.address),
  );
  it("checks two addresses exhaustively", () => expect(exhaustive).toHaveLength(2));
  it.each(exhaustive)("every substitution at every position of $address is rejected", (entry) => {
    const { currency, network, address, alphabet } = entry;
    const changed = typos(address, alphabet, true);
    expect(changed.length).toBe((address.length - bodyStart(address)) * (alphabet.length - 1));
    const accepted = changed.filter((typo) => isValidAddress(currency, typo, { network }));
    expect(accepted).toEqual([]);
  });

  it("a changed prefix or separator is rejected", () => {
    for (const typo of [
      "bd1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "bc2qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      "bitcoincahs:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "bitcoincash;qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      "0y5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    ]) {
      const currency = typo.startsWith("0y") ? "eth" : typo.startsWith("bit") ? "bch" : "btc";
      expect(checkAddress(currency, typo).valid, typo).toBe(false);
    }
  });
});

describe("wrong network", () => {
  it.each([
    ["btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "testnet"],
    ["btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "testnet"],
    ["btc", "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm", "testnet"],
    ["btc", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "mainnet"],
    ["btc", "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ", "mainnet"],
    ["btc", "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK", "mainnet"],
    ["bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "testnet"],
    ["bch", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "testnet"],
    ["bch", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "testnet"],
    ["bch", "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "mainnet"],
    ["bch", "pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "mainnet"],
  ] as const)("%s %s on %s is rejected as the other network's", (currency, address, network) => {
    const result = checkAddress(currency, address, { network });
    expect(result).toEqual({ valid: false, reason: expect.stringMatching(/but the network is/) });
    const home = network === "mainnet" ? "testnet" : "mainnet";
    expect(checkAddress(currency, address, { network: home }).valid).toBe(true);
  });

  it("a prefix edited to another network's is called out, not just a bad checksum", () => {
    const result = checkAddress("bch", "bchtest:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", {
      network: "testnet",
    });
    expect(result).toEqual({ valid: false, reason: expect.stringMatching(/prefix was changed/) });
  });

  it("the default network is mainnet", () => {
    expect(checkAddress("btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").valid).toBe(true);
    expect(checkAddress("btc", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx").valid).toBe(false);
  });

  it("regtest addresses are refused on every network", () => {
    for (const network of ["mainnet", "testnet"] as const) {
      for (const [currency, address] of [
        ["btc", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9"],
        ["bch", "bchreg:qr7fzmep8g7h7ymfxy74lgc0v950j3r295m39d8z59"],
        ["bch", "qr7fzmep8g7h7ymfxy74lgc0v950j3r295m39d8z59"], // prefix-less: checksum says bchreg
      ] as const) {
        expect(checkAddress(currency, address, { network })).toEqual({
          valid: false,
          reason: expect.stringMatching(/regtest/),
        });
      }
    }
  });
});

describe("wrong currency", () => {
  it.each([
    [
      "bch",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      /Bitcoin mainnet address, not a Bitcoin Cash/,
    ],
    [
      "bch",
      "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
      /Bitcoin mainnet address/,
    ],
    [
      "btc",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      /Bitcoin Cash mainnet address, not a Bitcoin/,
    ],
    ["btc", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", /Bitcoin Cash mainnet address/],
    ["btc", "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", /Bitcoin Cash testnet address/],
    [
      "btc",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      /Ethereum address, not a Bitcoin address/,
    ],
    ["bch", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", /Ethereum address, not a Bitcoin Cash/],
    [
      "eth",
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      /Bitcoin mainnet address, not an Ethereum address/,
    ],
    ["eth", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", /Bitcoin mainnet address, not an Ethereum/],
    [
      "eth",
      "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
      /Bitcoin Cash mainnet address, not an Ethereum/,
    ],
  ] as const)("%s refuses %s", (currency, address, reason) => {
    for (const network of ["mainnet", "testnet"] as const) {
      expect(checkAddress(currency, address, { network })).toEqual({
        valid: false,
        reason: expect.stringMatching(reason),
      });
    }
  });

  it("a legacy base58 address is both a BTC and a BCH address (same format, same versions)", () => {
    expect(checkAddress("btc", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")).toEqual({
      valid: true,
      type: "p2pkh",
    });
    expect(checkAddress("bch", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu")).toEqual({
      valid: true,
      type: "p2pkh",
    });
  });
});

/** Every variant of `address` with the case of exactly one letter flipped (from `from` on). */
function caseFlips(address: string, from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < address.length; i++) {
    const ch = address.charAt(i);
    const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    if (flipped !== ch) out.push(address.slice(0, i) + flipped + address.slice(i + 1));
  }
  return out;
}

describe("mixed case", () => {
  it.each([
    ["btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    ["btc", "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"],
    ["bch", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"],
    ["bch", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"],
    ["bch", "bitcoincash:rpawqn2h74a4t50phuza84kdp3794pq3cct3k50p0y"],
  ] as const)(
    "%s %s: all upper case is accepted, one letter of another case is not",
    (currency, address) => {
      expect(checkAddress(currency, address.toUpperCase())).toEqual(
        checkAddress(currency, address),
      );
      expect(checkAddress(currency, address).valid).toBe(true);
      for (const variant of [address, address.toUpperCase()]) {
        const flips = caseFlips(variant, 0);
        expect(flips.length).toBeGreaterThan(20);
        for (const flip of flips) {
          expect(checkAddress(currency, flip), flip).toEqual({
            valid: false,
            reason: expect.stringMatching(/mixes upper and lower case/),
          });
        }
      }
    },
  );

  it.each([
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
  ])("eth %s: flipping the case of any one letter breaks the EIP-55 checksum", (address) => {
    expect(checkAddress("eth", address).valid).toBe(true);
    const flips = caseFlips(address, 2);
    expect(flips.length).toBeGreaterThan(10);
    for (const flip of flips) {
      expect(checkAddress("eth", flip), flip).toEqual({
        valid: false,
        reason: expect.stringMatching(/EIP-55/),
      });
    }
    expect(checkAddress("eth", address.toLowerCase()).valid).toBe(true);
    expect(checkAddress("eth", `0x${address.slice(2).toUpperCase()}`).valid).toBe(true);
  });
});

describe("not a bare address", () => {
  const bc = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
  const cash = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a";
  const eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  it.each([
    ["btc", ` ${bc}`, /surrounding whitespace/],
    ["btc", `${bc}\n`, /surrounding whitespace/],
    ["btc", `\t${bc}`, /surrounding whitespace/],
    ["btc", `${bc}\u00a0`, /surrounding whitespace/],
    ["btc", `\ufeff${bc}`, /surrounding whitespace/],
    ["btc", `${bc}\u200b`, /non-ASCII/],
    ["btc", "bc1qw508d6qejxtdg4y5r3 zarvary0c5xw7kv8f3t4", /contains whitespace/],
    ["btc", `bitcoin:${bc}`, /payment URI/],
    ["btc", `BITCOIN:${bc.toUpperCase()}`, /payment URI/],
    ["btc", `bitcoin:${bc}?amount=0.1&label=mix`, /payment URI/],
    ["btc", `${bc}?amount=1`, /URI|query/],
    ["bch", `${cash}?amount=0.1`, /URI|query/],
    ["bch", ` ${cash}`, /surrounding whitespace/],
    ["bch", `bitcoin-cash:${cash.slice(12)}`, /payment URI/],
    ["eth", `ethereum:${eth}`, /payment URI/],
    ["eth", `ethereum:${eth}@1?value=1e18`, /payment URI/],
    ["eth", `${eth} `, /surrounding whitespace/],
    ["eth", "vitalik.eth", /name \(ENS\?\)/],
    ["eth", "", /empty/],
    ["btc", "x".repeat(10_000), /too long/],
  ] as const)("%s %j is rejected with a reason", (currency, address, reason) => {
    expect(checkAddress(currency, address)).toEqual({
      valid: false,
      reason: expect.stringMatching(reason),
    });
    expect(isValidAddress(currency, address)).toBe(false);
  });

  it.each([
    undefined,
    null,
    42,
    1n,
    true,
    {},
    [],
    ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
    new String(bc),
  ])("a non-string (%s) is rejected, not thrown on", (value) => {
    for (const currency of ["btc", "bch", "eth"] as const) {
      expect(checkAddress(currency, value)).toEqual({
        valid: false,
        reason: expect.stringMatching(/must be a string/),
      });
    }
  });

  it("an unknown currency or network is a reason, not a throw", () => {
    for (const currency of ["doge", "BTC", "", "__proto__", "toString"]) {
      expect(checkAddress(currency, bc)).toEqual({
        valid: false,
        reason: expect.stringMatching(/unknown currency/),
      });
    }
    expect(checkAddress(undefined as unknown as string, bc).valid).toBe(false);
    for (const hostile of [1n, Symbol("btc"), Object.create(null), null, ["btc"]]) {
      expect(checkAddress(hostile as unknown as string, bc)).toEqual({
        valid: false,
        reason: expect.stringMatching(/unknown currency/),
      });
      const options = { network: hostile } as unknown as { network: Network };
      expect(checkAddress("btc", bc, options).valid).toBe(hostile === null);
    }
    // null options (from JavaScript) mean the defaults, like undefined.
    expect(checkAddress("btc", bc, null as unknown as { network: Network }).valid).toBe(true);
    const regtest = { network: "regtest" } as unknown as { network: Network };
    expect(checkAddress("btc", bc, regtest)).toEqual({
      valid: false,
      reason: expect.stringMatching(/unknown network/),
    });
  });

  it("the zero Ethereum address is a burn address and refused", () => {
    expect(checkAddress("eth", `0x${"0".repeat(40)}`)).toEqual({
      valid: false,
      reason: expect.stringMatching(/burn address/),
    });
  });
});

describe("SegWit programs built here", () => {
  const program = (n: number, fill = 0x11) => new Uint8Array(n).fill(fill);
  const encode = (variant: typeof bech32, version: number, bytes: Uint8Array, hrp = "bc") =>
    variant.encode(hrp, [version, ...variant.toWords(bytes)]);
  // x = 1: 1 + 7 = 8 = 2^3 is a square mod p iff 2 is, and p ≡ 7 (mod 8) makes 2 a square.
  const onCurveX = new Uint8Array(32);
  onCurveX[31] = 1;

  it.each([2, 3, 8, 16])("witness version %i (future SegWit) is refused", (version) => {
    const address = encode(bech32m, version, program(32));
    expect(checkAddress("btc", address)).toEqual({
      valid: false,
      reason: expect.stringMatching(/future SegWit/),
    });
  });

  it.each([20, 31, 33, 40])(
    "a witness v1 program of %i bytes is not taproot and is refused",
    (n) => {
      const address = encode(bech32m, 1, program(n));
      expect(checkAddress("btc", address)).toEqual({
        valid: false,
        reason: expect.stringMatching(/not taproot/),
      });
    },
  );

  it("a taproot key whose x is at or above the field prime is refused", () => {
    const p = 2n ** 256n - 2n ** 32n - 977n;
    for (const x of [p, p + 1n, 2n ** 256n - 1n]) {
      const bytes = Uint8Array.from({ length: 32 }, (_, i) =>
        Number((x >> BigInt(8 * (31 - i))) & 0xffn),
      );
      expect(checkAddress("btc", encode(bech32m, 1, bytes)).valid).toBe(false);
    }
    expect(checkAddress("btc", encode(bech32m, 1, onCurveX))).toEqual({
      valid: true,
      type: "p2tr",
    });
  });

  it("the right checksum variant per version is required", () => {
    expect(checkAddress("btc", encode(bech32, 0, program(20)))).toEqual({
      valid: true,
      type: "p2wpkh",
    });
    expect(checkAddress("btc", encode(bech32m, 0, program(20))).valid).toBe(false);
    expect(checkAddress("btc", encode(bech32, 1, onCurveX)).valid).toBe(false);
    expect(
      checkAddress("btc", encode(bech32, 0, program(32), "tb"), { network: "testnet" }),
    ).toEqual({
      valid: true,
      type: "p2wsh",
    });
  });
});

/** BIP-340 lift_x, written independently of the checker: square root by c^((p+1)/4), then verify. */
function liftX(bytes: Uint8Array): boolean {
  const p = 2n ** 256n - 2n ** 32n - 977n;
  const x = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  if (x >= p) return false;
  const c = (x ** 3n + 7n) % p;
  let y = 1n;
  let base = c;
  for (let e = (p + 1n) / 4n; e > 0n; e >>= 1n) {
    if (e & 1n) y = (y * base) % p;
    base = (base * base) % p;
  }
  return (y * y) % p === c;
}

describe("properties", () => {
  const anyCurrency = fc.constantFrom<MixCurrency>("btc", "bch", "eth");
  const anyNetwork = fc.constantFrom<Network>("mainnet", "testnet");

  it("random strings never throw and are almost never valid", () => {
    let valid = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        anyCurrency,
        anyNetwork,
        fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.string({ maxLength: 120 })),
        (currency, network, text) => {
          runs++;
          const result = checkAddress(currency, text, { network });
          if (result.valid) valid++;
          else expect(result.reason).toMatch(/\w{3}/);
        },
      ),
      { numRuns: 2000 },
    );
    expect(runs).toBe(2000);
    expect(valid).toBeLessThanOrEqual(2);
  });

  it("random strings shaped like addresses (right prefix and alphabet) are almost never valid", () => {
    const from = (alphabet: string, min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
    const shaped = fc.oneof(
      fc.tuple(
        fc.constant<MixCurrency>("btc"),
        from(BECH32_CHARSET, 38, 60).map((s) => `bc1${s}`),
      ),
      fc.tuple(
        fc.constant<MixCurrency>("btc"),
        from(BASE58_ALPHABET, 25, 34).map((s) => `1${s}`),
      ),
      fc.tuple(
        fc.constant<MixCurrency>("bch"),
        from(BECH32_CHARSET, 42, 42).map((s) => `bitcoincash:${s}`),
      ),
      fc.tuple(fc.constant<MixCurrency>("bch"), from(BECH32_CHARSET, 42, 42)),
      fc.tuple(
        fc.constant<MixCurrency>("eth"),
        fc
          .string({
            unit: fc.constantFrom(..."0123456789abcdefABCDEF"),
            minLength: 40,
            maxLength: 40,
          })
          .map((s) => `0x${s}`)
          .filter((s) => /[a-f]/.test(s) && /[A-F]/.test(s)),
      ),
    );
    let valid = 0;
    fc.assert(
      fc.property(shaped, ([currency, text]) => {
        if (checkAddress(currency, text).valid) valid++;
      }),
      { numRuns: 2000 },
    );
    // Random strings pass a 30-bit+ checksum about once in a billion; EIP-55 mixed case with ~15
    // letters about once in 30,000.
    expect(valid).toBeLessThanOrEqual(2);
  });

  it("random 20-byte accounts are valid as lowercase, uppercase and EIP-55 hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), anyNetwork, (bytes, network) => {
        fc.pre(bytes.some((b) => b !== 0));
        const lower = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
        const hash = keccak_256(new TextEncoder().encode(lower));
        const checksummed = [...lower]
          .map((ch, i) =>
            (((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0xf) >= 8 ? ch.toUpperCase() : ch,
          )
          .join("");
        for (const hex of [lower, lower.toUpperCase(), checksummed]) {
          expect(checkAddress("eth", `0x${hex}`, { network })).toEqual({
            valid: true,
            type: "address",
          });
        }
        const letter = [...checksummed].findIndex((ch) => /[a-fA-F]/.test(ch));
        const mixed = checksummed !== lower && checksummed !== lower.toUpperCase();
        if (letter >= 0 && mixed) {
          const ch = checksummed.charAt(letter);
          const flipped = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
          const broken = checksummed.slice(0, letter) + flipped + checksummed.slice(letter + 1);
          if (broken !== lower && broken !== lower.toUpperCase()) {
            expect(checkAddress("eth", `0x${broken}`, { network }).valid).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("the curve check agrees with BIP-340 lift_x, and taproot addresses follow it", () => {
    let onCurve = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (x) => {
        const expected = liftX(x);
        if (expected) onCurve++;
        expect(isXOnlyKeyOnCurve(x)).toBe(expected);
        const address = bech32m.encode("bc", [1, ...bech32m.toWords(x)]);
        expect(checkAddress("btc", address).valid).toBe(expected);
      }),
      { numRuns: 300 },
    );
    // About half of all x values are on the curve: both outcomes must have been exercised.
    expect(onCurve).toBeGreaterThan(50);
    expect(onCurve).toBeLessThan(250);
  });
});

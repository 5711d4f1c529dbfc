/**
 * The amount on the wire is the exact canonical decimal of what the caller meant: no exponent, no
 * trailing zeros, no float drift, at most the currency's decimals — checked in the multipart body
 * itself, read back with `Request.formData()`. Anything that is not a positive amount of the
 * currency is a `ValidationError` at ["amount"], and nothing is sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FetchFunction } from "../../core/src/index.js";
import { json } from "../../core/test/helpers/stub-fetch.js";
import { MixCoins, type MixCurrency, ValidationError } from "../src/index.js";

const DECIMALS: Record<MixCurrency, number> = { btc: 8, bch: 8, eth: 18 };
const PAYOUT: Record<MixCurrency, string> = {
  btc: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
  bch: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
  eth: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
};
/** What the stub answers as the deposit address: valid, and none of the payout addresses. */
const DEPOSIT: Record<MixCurrency, string> = {
  btc: "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
  bch: "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
  eth: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
};
const CURRENCIES = Object.keys(DECIMALS) as MixCurrency[];

/** A client whose fetch reads the multipart body and answers a mix echoing the amount. */
function capturing() {
  const bodies: [string, string][][] = [];
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    const fields = [...form.entries()].map(([name, value]): [string, string] => [
      name,
      String(value),
    ]);
    bodies.push(fields);
    const currency = new URL(request.url).pathname.split("/").at(-2) ?? "";
    return json(200, {
      currency,
      amount: form.get("amount"),
      address: DEPOSIT[currency as MixCurrency],
    });
  };
  const client = new MixCoins({ token: "amount-test-token", fetch, retry: false });
  /** Sends a mix of `amount` and returns the amount field as it was on the wire. */
  async function sent(currency: MixCurrency, amount: string | number): Promise<string> {
    const before = bodies.length;
    const mix = await client.mixes.create({ currency, addresses: [PAYOUT[currency]], amount });
    expect(bodies).toHaveLength(before + 1);
    const fields = bodies[before] ?? [];
    // The body is exactly one address[] part, then amount.
    expect(fields.map(([name]) => name)).toEqual(["address[]", "amount"]);
    const wire = fields[1]?.[1] ?? "";
    expect(mix.amount).toBe(wire);
    return wire;
  }
  return { client, bodies, sent };
}

/** Canonical decimal of `whole`.`fraction` digit strings, written independently of the core. */
function canonical(whole: string, fraction: string): string {
  const w = whole.replace(/^0+/, "") || "0";
  const f = fraction.replace(/0+$/, "");
  return f ? `${w}.${f}` : w;
}

/** The value in units of 10^-scale, as a BigInt. */
function scaled(decimal: string, scale: number): bigint {
  const [whole = "", fraction = ""] = decimal.split(".");
  return BigInt((whole || "0") + fraction.padEnd(scale, "0"));
}

/** `m × 10^e` as a canonical decimal, by moving digits. */
function fromParts(m: bigint, e: number): string {
  if (e >= 0) return (m * 10n ** BigInt(e)).toString();
  const digits = m.toString().padStart(-e + 1, "0");
  return canonical(digits.slice(0, e), digits.slice(e));
}

const CANONICAL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

describe("decimal strings go out as their canonical form", () => {
  it.each(CURRENCIES)(
    "%s: any positive decimal string with at most the currency's decimals (property)",
    async (currency) => {
      const { sent } = capturing();
      const scale = DECIMALS[currency];
      await fc.assert(
        fc.asyncProperty(
          digits(1, 24),
          fc.option(digits(0, scale), { nil: undefined }),
          async (whole, fraction) => {
            const input = fraction === undefined ? whole : `${whole}.${fraction}`;
            fc.pre(scaled(input, scale) > 0n);
            const wire = await sent(currency, input);
            expect(wire).toMatch(CANONICAL);
            expect(wire).not.toMatch(/e/i);
            expect(wire).toBe(canonical(whole, fraction ?? ""));
            expect(scaled(wire, scale)).toBe(scaled(input, scale));
            // Canonical is a fixed point: sending it again sends it unchanged.
            expect(await sent(currency, wire)).toBe(wire);
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  it.each([
    ["btc", "1.50", "1.5"],
    ["btc", "000.10000000", "0.1"],
    ["btc", "21000000", "21000000"],
    ["btc", "0.00000001", "0.00000001"],
    ["bch", "007", "7"],
    ["eth", "0.000000000000000001", "0.000000000000000001"],
    [
      "eth",
      "123456789012345678901234567890.123456789012345678",
      "123456789012345678901234567890.123456789012345678",
    ],
    ["btc", "1e-7", "0.0000001"],
    ["btc", "1.5E-7", "0.00000015"],
    ["eth", "2.5e3", "2500"],
  ] as const)("%s %j → %j", async (currency, input, expected) => {
    const { sent } = capturing();
    expect(await sent(currency, input)).toBe(expected);
  });
});

describe("numbers go out as their shortest exact decimal", () => {
  it.each(CURRENCIES)(
    "%s: m × 10^e with at most 15 significant digits and the currency's decimals (property)",
    async (currency) => {
      const { sent } = capturing();
      const scale = DECIMALS[currency];
      await fc.assert(
        fc.asyncProperty(
          fc.bigInt({ min: 1n, max: 999_999_999_999_999n }),
          fc.integer({ min: -scale, max: 6 }),
          async (m, e) => {
            const value = Number(`${m}e${e}`);
            const wire = await sent(currency, value);
            expect(wire).toBe(fromParts(m, e));
            expect(wire).toMatch(CANONICAL);
            // No drift: the decimal sent is the very double that was passed.
            expect(Number(wire)).toBe(value);
          },
        ),
        { numRuns: 150 },
      );
    },
  );

  /** Positive numbers with at most 15 significant digits and at most 18 decimals: always exact. */
  const shortDecimal = fc
    .tuple(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }))
    .map(([digits, decimals]) => Number(`${digits}e-${decimals}`));

  it("any finite double: sent as exactly its shortest form, or refused (property)", async () => {
    const { sent, bodies } = capturing();
    let accepted = 0;
    await fc.assert(
      // Arbitrary doubles are nearly always refused (17 significant digits): mix in short decimals
      // so that the accepted branch is exercised on every seed, not by luck.
      fc.asyncProperty(fc.oneof(fc.double({ noNaN: true }), shortDecimal), async (value) => {
        const before = bodies.length;
        const outcome = await sent("eth", value).then(
          (wire) => ({ wire }),
          (error: unknown) => ({ error }),
        );
        if ("wire" in outcome) {
          accepted++;
          expect(value).toBeGreaterThan(0);
          expect(outcome.wire).toMatch(CANONICAL);
          expect(Number(outcome.wire)).toBe(value);
        } else {
          expect(outcome.error).toBeInstanceOf(ValidationError);
          expect(bodies).toHaveLength(before);
        }
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it.each([
    [0.1, "0.1"],
    [0.5, "0.5"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [0.00000001, "0.00000001"],
    [123.456, "123.456"],
    [1e21, "1000000000000000000000"],
    [21e6, "21000000"],
    [0.3, "0.3"],
  ])("btc %s → %j", async (value, expected) => {
    const { sent } = capturing();
    expect(await sent("btc", value)).toBe(expected);
  });
});

describe('not a positive amount of the currency → ValidationError at ["amount"], nothing sent', () => {
  it.each([
    ["btc", 0, /greater than zero/],
    ["btc", -0, /greater than zero/],
    ["btc", "0", /greater than zero/],
    ["btc", "0.00000000", /greater than zero/],
    ["eth", "-0", /greater than zero/],
    ["btc", -1, /greater than zero/],
    ["btc", "-0.5", /greater than zero/],
    ["btc", Number.NaN, /decimal number/],
    ["btc", Number.POSITIVE_INFINITY, /decimal number/],
    ["btc", Number.NEGATIVE_INFINITY, /decimal number/],
    ["btc", "1.123456789", /more than 8 decimal places/],
    ["bch", "0.000000001", /more than 8 decimal places/],
    ["btc", 1e-9, /more than 8 decimal places/],
    ["btc", "1e-9", /more than 8 decimal places/],
    ["eth", "0.0000000000000000001", /more than 18 decimal places/],
    ["eth", 1e-19, /more than 18 decimal places/],
    ["btc", 0.1 + 0.2, /not exact/],
    ["eth", 0.1 + 0.2, /not exact/],
    ["btc", 1 / 3, /not exact/],
    ["btc", "", /decimal number/],
    ["btc", " ", /decimal number/],
    ["btc", "abc", /decimal number/],
    ["btc", "1,5", /decimal number/],
    ["btc", "0x10", /decimal number/],
    ["btc", "1e5000", /decimal number/],
    ["btc", "Infinity", /decimal number/],
    ["btc", null, /decimal number/],
    ["btc", undefined, /decimal number/],
    ["btc", true, /decimal number/],
    ["btc", 1n, /decimal number/],
    ["btc", {}, /decimal number/],
    ["btc", ["1"], /decimal number/],
  ] as const)("%s %s → ValidationError", async (currency, amount, reason) => {
    const { client, bodies } = capturing();
    const error = await client.mixes
      .create({ currency, addresses: [PAYOUT[currency]], amount: amount as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(["amount"]);
    expect(issues[0]?.message).toMatch(reason);
    expect(bodies).toEqual([]);
  });

  it("more decimals than the currency has (property): refused, nothing sent", async () => {
    const { client, bodies } = capturing();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<MixCurrency>(...CURRENCIES),
        digits(1, 10),
        digits(0, 6),
        fc.constantFrom(..."123456789"),
        async (currency, whole, extra, last) => {
          // The fraction ends in a non-zero digit beyond the currency's decimals.
          const fraction = `${"0".repeat(DECIMALS[currency])}${extra}${last}`;
          const error = await client.mixes
            .create({ currency, addresses: [PAYOUT[currency]], amount: `${whole}.${fraction}` })
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues[0]?.path).toEqual(["amount"]);
        },
      ),
      { numRuns: 200 },
    );
    expect(bodies).toEqual([]);
  });

  it("a bad amount and a bad address are reported together", async () => {
    const { client, bodies } = capturing();
    const error = await client.mixes
      .create({ currency: "btc", addresses: ["bc1qnot"], amount: -1 })
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      ["addresses", 0],
      ["amount"],
    ]);
    expect(bodies).toEqual([]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalPlaces, EXACT_NUMBER_DIGITS, toAmount, toDecimal } from "../src/decimal.js";
import { CointapError, ValidationError } from "../src/errors.js";

const CANONICAL = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** The error `toAmount` throws, or a failure if it returns. */
function amountError(value: unknown, rules: Parameters<typeof toAmount>[1]): ValidationError {
  try {
    const result = toAmount(value, rules);
    throw new Error(`expected a ValidationError, got ${JSON.stringify(result)}`);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
}

/**
 * The canonical decimal string of sign × magnitude × 10^-scale, computed with BigInt division
 * (independently of the source, which moves digits in strings).
 */
function referenceDecimal(negative: boolean, magnitude: bigint, scale: number): string {
  if (magnitude === 0n) return "0";
  let body: string;
  if (scale <= 0) {
    body = (magnitude * 10n ** BigInt(-scale)).toString();
  } else {
    const unit = 10n ** BigInt(scale);
    const whole = magnitude / unit;
    let fraction = magnitude % unit;
    let places = scale;
    while (places > 0 && fraction % 10n === 0n) {
      fraction /= 10n;
      places--;
    }
    body =
      places === 0 ? whole.toString() : `${whole}.${fraction.toString().padStart(places, "0")}`;
  }
  return negative ? `-${body}` : body;
}

describe("toDecimal: canonical form", () => {
  it.each([
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [-1, "-1"],
    [0.1, "0.1"],
    [1.5e-7, "0.00000015"],
    [1e-7, "0.0000001"],
    [1e21, "1000000000000000000000"],
    [-1e21, "-1000000000000000000000"],
    [123456.789, "123456.789"],
    [5e-324, `0.${"0".repeat(323)}5`],
  ])("number %s → %s", (input, expected) => {
    expect(toDecimal(input)).toBe(expected);
  });

  it.each([
    ["0", "0"],
    ["-0", "0"],
    ["+0", "0"],
    ["-0.000", "0"],
    ["000", "0"],
    ["+1", "1"],
    ["+1.50", "1.5"],
    ["007.2500", "7.25"],
    ["-007.2500", "-7.25"],
    ["1.", "1"],
    [".5", "0.5"],
    ["-.5", "-0.5"],
    ["100", "100"],
    ["100.000", "100"],
    ["0.00012345", "0.00012345"],
    ["1.5e-7", "0.00000015"],
    ["1.5E-7", "0.00000015"],
    ["1e21", "1000000000000000000000"],
    ["1E+3", "1000"],
    ["12.34e1", "123.4"],
    ["12.34e2", "1234"],
    ["12.34e3", "12340"],
    ["12.34e-2", "0.1234"],
    ["-0.0e5", "0"],
    ["0.30000000000000004", "0.30000000000000004"],
    ["123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"],
  ])("string %j → %j", (input, expected) => {
    expect(toDecimal(input)).toBe(expected);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["empty string", ""],
    ["word", "abc"],
    ["hex", "0x10"],
    ["leading space", " 1"],
    ["trailing space", "1 "],
    ["trailing newline", "1\n"],
    ["lone sign", "-"],
    ["lone point", "."],
    ["exponent only", "e5"],
    ["exponent without digits", "1e"],
    ["two points", "1.2.3"],
    ["two signs", "--1"],
    ["digit separator", "1_000"],
    ["comma", "1,5"],
    ["string Infinity", "Infinity"],
    ["string NaN", "NaN"],
    ["non-ASCII digits", "١٢٣"],
    ["null", null],
    ["undefined", undefined],
    ["object", {}],
    ["number object", { valueOf: () => 1 }],
    ["array", [1]],
    ["bigint", 10n],
    ["boolean", true],
  ])("rejects %s → undefined", (_label, input) => {
    expect(toDecimal(input)).toBeUndefined();
  });

  it("expands exponents up to 1000 and refuses larger ones (bounded output size)", () => {
    expect(toDecimal("1e1000")).toBe(`1${"0".repeat(1000)}`);
    expect(toDecimal("1e-1000")).toBe(`0.${"0".repeat(999)}1`);
    expect(toDecimal("1e1001")).toBeUndefined();
    expect(toDecimal("1e-1001")).toBeUndefined();
    expect(toDecimal("1e99999999999999999999")).toBeUndefined();
  });

  it("never outputs an exponent, a '+' or a signed zero", () => {
    for (const input of [1e21, 1e-7, "1e+30", "+5", "-0e3", -0, 2 ** 80, 1 / 3]) {
      const output = toDecimal(input);
      expect(output).toMatch(CANONICAL);
      expect(output).not.toMatch(/[eE+]/);
      expect(output).not.toBe("-0");
    }
  });
});

describe("toDecimal: properties", () => {
  const digits = (maxLength: number) =>
    fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength });

  const decimalString = fc
    .record({
      sign: fc.constantFrom("", "-", "+"),
      whole: digits(25),
      fraction: fc.option(digits(25), { nil: undefined }),
      exponent: fc.option(
        fc.record({
          letter: fc.constantFrom("e", "E"),
          sign: fc.constantFrom("", "-", "+"),
          value: fc.integer({ min: 0, max: 60 }),
          zeros: fc.integer({ min: 0, max: 3 }),
        }),
        { nil: undefined },
      ),
    })
    .filter(({ whole, fraction }) => whole.length + (fraction?.length ?? 0) > 0)
    .map(
      ({ sign, whole, fraction, exponent }) =>
        `${sign}${whole}${fraction === undefined ? "" : `.${fraction}`}${
          exponent
            ? `${exponent.letter}${exponent.sign}${"0".repeat(exponent.zeros)}${exponent.value}`
            : ""
        }`,
    );

  it("turns every decimal string into the canonical form, idempotently", () => {
    fc.assert(
      fc.property(decimalString, (input) => {
        const output = toDecimal(input);
        expect(output).toBeDefined();
        expect(output).toMatch(CANONICAL);
        expect(toDecimal(output)).toBe(output);
        // Same value: JavaScript's own (inexact) reading agrees to double precision.
        expect(Number(output)).toBe(Number(input) === 0 ? 0 : Number(input));
      }),
    );
  });

  it("round-trips every finite double and never writes an exponent", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const output = toDecimal(value);
        expect(output).toBeDefined();
        expect(output).not.toContain("e");
        expect(output).toMatch(CANONICAL);
        expect(Number(output)).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it("agrees with a BigInt reference for any digits × 10^-scale, however written", () => {
    fc.assert(
      fc.property(
        fc.record({
          negative: fc.boolean(),
          magnitude: fc.bigInt({ min: 0n, max: 10n ** 40n }),
          scale: fc.integer({ min: -60, max: 60 }),
          leadingZeros: fc.integer({ min: 0, max: 3 }),
          trailingZeros: fc.integer({ min: 0, max: 3 }),
          pointAt: fc.nat(),
          exponentLetter: fc.constantFrom("e", "E"),
        }),
        ({ negative, magnitude, scale, leadingZeros, trailingZeros, pointAt, exponentLetter }) => {
          // magnitude × 10^-scale written as <D with a point somewhere> e <exponent>.
          const written = `${"0".repeat(leadingZeros)}${magnitude}${"0".repeat(trailingZeros)}`;
          const point = pointAt % (written.length + 1);
          const afterPoint = written.length - point;
          const exponent = afterPoint - trailingZeros - scale;
          const input = `${negative ? "-" : ""}${written.slice(0, point)}.${written.slice(point)}${exponentLetter}${exponent}`;
          expect(toDecimal(input)).toBe(referenceDecimal(negative, magnitude, scale));
          // And in plain scientific form.
          const plain = `${negative ? "-" : ""}${magnitude}e${-scale}`;
          expect(toDecimal(plain)).toBe(referenceDecimal(negative, magnitude, scale));
        },
      ),
    );
  });

  it("the BigInt reference itself is right on known values", () => {
    expect(referenceDecimal(false, 15n, 8)).toBe("0.00000015");
    expect(referenceDecimal(true, 1500n, 3)).toBe("-1.5");
    expect(referenceDecimal(false, 12n, -3)).toBe("12000");
    expect(referenceDecimal(true, 0n, 5)).toBe("0");
    expect(referenceDecimal(false, 100n, 2)).toBe("1");
  });
});

describe("decimalPlaces", () => {
  it.each([
    ["1", 0],
    ["0.5", 1],
    ["-12.25", 2],
    ["0.00000001", 8],
  ])("%s has %i", (canonical, places) => {
    expect(decimalPlaces(canonical)).toBe(places);
  });
});

describe("toAmount", () => {
  const btc = { maxDecimals: 8 };

  it.each([
    [0.1, "0.1"],
    ["0.1", "0.1"],
    ["1.50", "1.5"],
    [1, "1"],
    ["+2", "2"],
    [1e-8, "0.00000001"],
    ["1e-8", "0.00000001"],
    ["0.00012345", "0.00012345"],
    // Trailing zeros carry no value, so they do not count against maxDecimals.
    ["1.500000000000", "1.5"],
    [1e21, "1000000000000000000000"],
    [123456789.123456, "123456789.123456"],
    // A string is exact whatever its length.
    ["21000000.12345678", "21000000.12345678"],
  ])("accepts %j → %j", (input, expected) => {
    expect(toAmount(input, btc)).toBe(expected);
  });

  it("accepts as many decimals as the currency has (eth 18)", () => {
    expect(toAmount("0.000000000000000001", { maxDecimals: 18 })).toBe("0.000000000000000001");
    expect(toAmount("0.30000000000000004", { maxDecimals: 18 })).toBe("0.30000000000000004");
  });

  it.each([
    ["zero", 0],
    ["negative zero", -0],
    ["string zero", "0"],
    ["string zero with decimals", "0.00000000"],
    ["signed string zero", "-0"],
  ])("refuses %s as not greater than zero", (_label, input) => {
    const error = amountError(input, btc);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toEqual(["amount"]);
    expect(error.issues[0]?.message).toMatch(/greater than zero/);
  });

  it.each([
    ["number", -1],
    ["small number", -0.00000001],
    ["string", "-0.5"],
    ["exponent", "-1e-3"],
  ])("refuses a negative %s", (_label, input) => {
    const error = amountError(input, btc);
    expect(error.issues[0]?.path).toEqual(["amount"]);
    expect(error.issues[0]?.message).toMatch(/greater than zero/);
  });

  it.each([
    ["string", "0.123456789", 8],
    ["number", 1e-9, 8],
    ["exponent string", "1e-9", 8],
    ["eth", "0.0000000000000000001", 18],
    ["integers only", "1.5", 0],
  ])("refuses too many decimals (%s)", (_label, input, maxDecimals) => {
    const error = amountError(input, { maxDecimals });
    expect(error.issues[0]?.path).toEqual(["amount"]);
    expect(error.issues[0]?.message).toContain(`more than ${maxDecimals} decimal places`);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["empty", ""],
    ["word", "abc"],
    ["hex", "0x10"],
    ["padded", " 1"],
    ["null", null],
    ["undefined", undefined],
    ["object", { amount: 1 }],
    ["bigint", 5n],
    ["boolean", true],
  ])("refuses a non-decimal (%s)", (_label, input) => {
    const error = amountError(input, btc);
    expect(error.issues[0]?.path).toEqual(["amount"]);
    expect(error.issues[0]?.message).toMatch(/must be a decimal number/);
  });

  it("refuses a number with more significant digits than a double carries exactly", () => {
    expect(EXACT_NUMBER_DIGITS).toBe(15);
    const sum = 0.1 + 0.2;
    const error = amountError(sum, { maxDecimals: 18 });
    expect(error.issues[0]?.path).toEqual(["amount"]);
    expect(error.issues[0]?.message).toContain("not exact as a number");
    expect(error.issues[0]?.message).toContain("decimal string");
    // 16 significant digits: refused; 15: accepted.
    expect(() => toAmount(0.1234567890123456, { maxDecimals: 18 })).toThrow(ValidationError);
    expect(toAmount(0.123456789012345, { maxDecimals: 18 })).toBe("0.123456789012345");
    // A large integer whose shortest form has 17 significant digits.
    expect(() => toAmount(2 ** 60, { maxDecimals: 8 })).toThrow(ValidationError);
  });

  it("names the field in the issue path and the message", () => {
    const error = amountError("-3", { maxDecimals: 8, field: "payout" });
    expect(error.issues).toEqual([{ path: ["payout"], message: expect.any(String) }]);
    expect(error.message).toMatch(/^Invalid input: payout: /);
  });

  it("throws a ValidationError that is a CointapError with its code", () => {
    const error = amountError("abc", btc);
    expect(error).toBeInstanceOf(CointapError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("validation_error");
    expect(error.name).toBe("ValidationError");
  });

  it("accepts any positive canonical decimal within maxDecimals, and returns it unchanged", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 18 }),
        (magnitude, scale, extra) => {
          const canonical = referenceDecimal(false, magnitude, scale);
          const maxDecimals = decimalPlaces(canonical) + extra;
          expect(toAmount(canonical, { maxDecimals })).toBe(canonical);
        },
      ),
    );
  });

  it("refuses any amount with more decimals than allowed", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 1, max: 30 }),
        (magnitude, scale) => {
          const canonical = referenceDecimal(false, magnitude, scale);
          const places = decimalPlaces(canonical);
          fc.pre(places > 0);
          expect(() => toAmount(canonical, { maxDecimals: places - 1 })).toThrow(ValidationError);
        },
      ),
    );
  });
});

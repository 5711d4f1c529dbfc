/**
 * JSON without silent rounding (exact-json.ts): a number a double would change is read as its
 * decimal text, anything a double keeps exactly stays a number, digits inside strings are never
 * touched, a number too large for a double stays `±Infinity` (for the schemas to refuse), and a
 * text that is not JSON is still refused — by `parseJsonText` as a `ResponseValidationError`.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResponseValidationError } from "../src/errors.js";
import { parseExactJson } from "../src/exact-json.js";
import { parseJsonText } from "../src/parse.js";

/** What `parseJsonText` threw; fails the test if it returned or threw anything else. */
function refused(text: string, contentType: string | null = "application/json") {
  try {
    parseJsonText(text, contentType);
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseValidationError);
    return error as ResponseValidationError;
  }
  throw new Error(`expected a ResponseValidationError for ${JSON.stringify(text)}`);
}

const LONG = [
  "0.1000000000000000055511151231257827",
  "12345678901234567890",
  "9007199254740993",
  "0.123456789012345678",
  "123456789.123456789123",
] as const;

describe("numbers a double would round are kept as their text", () => {
  it.each(LONG)("%s at the top level → the string %j", (digits) => {
    expect(parseExactJson(digits)).toBe(digits);
    expect(parseJsonText(digits, "application/json")).toBe(digits);
  });

  it.each(LONG)("-%s (negative) → the string with its minus", (digits) => {
    expect(parseExactJson(`-${digits}`)).toBe(`-${digits}`);
  });

  it("nested in arrays and objects, at every depth", () => {
    const text =
      '{"a":[1,12345678901234567890,{"b":0.1000000000000000055511151231257827}],"c":{"d":[[-9007199254740993]]}}';
    expect(parseExactJson(text)).toStrictEqual({
      a: [1, "12345678901234567890", { b: "0.1000000000000000055511151231257827" }],
      c: { d: [["-9007199254740993"]] },
    });
  });

  it("with an exponent: 1.00000000000000000001e5 → its text, not 100000", () => {
    expect(parseExactJson("1.00000000000000000001e5")).toBe("1.00000000000000000001e5");
    expect(parseExactJson('{"x":1.00000000000000000001E+5}')).toStrictEqual({
      x: "1.00000000000000000001E+5",
    });
    expect(parseExactJson("[-1.00000000000000000001e-5]")).toStrictEqual([
      "-1.00000000000000000001e-5",
    ]);
  });

  it("whitespace around a long number does not hide it", () => {
    expect(parseExactJson(" \n\t[ 12345678901234567890 ,\r\n 1 ] ")).toStrictEqual([
      "12345678901234567890",
      1,
    ]);
  });

  it("a long number next to short ones: only it becomes text", () => {
    expect(parseExactJson("[0.5, 12345678901234567890, 42, -3.25e-2]")).toStrictEqual([
      0.5,
      "12345678901234567890",
      42,
      -0.0325,
    ]);
  });
});

describe("numbers a double keeps stay numbers", () => {
  it.each([
    ["0", 0],
    ["-1", -1],
    ["0.1", 0.1],
    ["123456789012345", 123456789012345],
    ["0.123456789012345", 0.123456789012345],
    ["-98765.4321098765", -98765.4321098765],
    ["1.5e-7", 1.5e-7],
    ["1e3", 1000],
    ["1E21", 1e21],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
    ["0.30000000000000004", 0.30000000000000004],
    ["1.0000000000000000000", 1],
    ["100000000000000000000", 1e20],
    ["1.7976931348623157e308", Number.MAX_VALUE],
    ["5e-324", Number.MIN_VALUE],
  ])("%s → the number %d", (text, number) => {
    expect(parseExactJson(text)).toBe(number);
    expect(parseExactJson(`{"n":[${text}]}`)).toStrictEqual({ n: [number] });
  });

  it("numbers of at most 15 significant digits, whatever their scale, stay numbers", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
        fc.integer({ min: -300, max: 300 }),
        (mantissa, exponent) => {
          const text = `${mantissa}e${exponent}`;
          const parsed = parseExactJson(`[${text}]`) as unknown[];
          expect(parsed).toStrictEqual([Number(text)]);
          expect(typeof parsed[0]).toBe("number");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("digits inside strings are untouched", () => {
  it.each([
    ['"12345678901234567890"', "12345678901234567890"],
    ['"a\\"12345678901234567890"', 'a"12345678901234567890'],
    ['"\\\\"', "\\"],
    ['"1e400"', "1e400"],
    ['"0.1000000000000000055511151231257827"', "0.1000000000000000055511151231257827"],
  ])("%s → %j", (text, value) => {
    expect(parseExactJson(text)).toBe(value);
  });

  it("a key, an escaped quote and a backslash before the closing quote", () => {
    const text =
      '{"12345678901234567890":"x\\"9007199254740993\\\\","k\\\\":[12345678901234567890,"9007199254740993"]}';
    expect(parseExactJson(text)).toStrictEqual({
      "12345678901234567890": 'x"9007199254740993\\',
      "k\\": ["12345678901234567890", "9007199254740993"],
    });
  });

  it("a string that looks like JSON with long numbers stays that exact string", () => {
    const inner = '[12345678901234567890, "\\"", 1e400]';
    expect(parseExactJson(JSON.stringify({ inner, n: 1 }))).toStrictEqual({ inner, n: 1 });
  });

  it("unicode escapes next to digits", () => {
    expect(parseExactJson('["\\u0031234567890123456789", 12345678901234567890]')).toStrictEqual([
      "1234567890123456789",
      "12345678901234567890",
    ]);
  });
});

describe("numbers too large for a double become ±Infinity, never text", () => {
  it.each([
    ["1e400", Number.POSITIVE_INFINITY],
    ["-1e400", Number.NEGATIVE_INFINITY],
    ["1E+400", Number.POSITIVE_INFINITY],
    ["123456789012345678901234567890e400", Number.POSITIVE_INFINITY],
  ])("%s → %d", (text, infinity) => {
    expect(parseExactJson(text)).toBe(infinity);
    expect(parseExactJson(`{"a":[${text}]}`)).toStrictEqual({ a: [infinity] });
    expect(parseJsonText(text, "application/json")).toBe(infinity);
  });

  it("next to a long number in the same body: that one text, this one Infinity", () => {
    expect(parseExactJson("[1e400, 12345678901234567890, -1e400]")).toStrictEqual([
      Number.POSITIVE_INFINITY,
      "12345678901234567890",
      Number.NEGATIVE_INFINITY,
    ]);
  });
});

describe("a text that is not JSON", () => {
  it.each([
    "",
    "   ",
    "{",
    "[12345678901234567890",
    "12345678901234567890,",
    "{'a':1}",
    "NaN",
    "Infinity",
    "-Infinity",
    "01",
    "1.",
    ".5",
    "+1",
    "0x10",
    '"unterminated',
    "<html>12345678901234567890</html>",
  ])("%j: parseExactJson throws a SyntaxError", (text) => {
    expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });

  it.each([
    ["{", "expected JSON"],
    ["[12345678901234567890", "expected JSON"],
    ["NaN", "expected JSON"],
    ["", "the body is empty"],
    ["  \n ", "the body is empty"],
  ])("%j: parseJsonText → ResponseValidationError (%s)", (text, message) => {
    const error = refused(text);
    expect(error.issues.map((issue) => issue.message).join(" ")).toContain(message);
  });

  it("an HTML page is refused with its content type named", () => {
    const error = refused("<html>12345678901234567890</html>", "text/html; charset=utf-8");
    expect(error.issues[0]?.message).toContain("text/html");
  });
});

describe("properties", () => {
  it("JSON.stringify of any double parses back to the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = JSON.stringify(x);
        const expected = JSON.parse(text) as number;
        expect(parseExactJson(text)).toBe(expected);
        expect(parseExactJson(`[${text},{"v":${text}}]`)).toStrictEqual([
          expected,
          { v: expected },
        ]);
      }),
      { numRuns: 1000 },
    );
  });

  it("a JSON value without long numbers parses exactly as JSON.parse does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseExactJson(text)).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("an integer of any length: a number when a double's shortest form writes it, else its digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (big) => {
        const digits = big.toString();
        const parsed = parseExactJson(`{"n":${digits}}`) as { n: unknown };
        const written = integerText(Number(digits));
        if (written === digits) expect(parsed.n).toBe(Number(digits));
        else expect(parsed.n).toBe(digits);
      }),
      { numRuns: 500 },
    );
  });
});

/** The integer a double's shortest form (`String`) writes, its exponent expanded. */
function integerText(double: number): string {
  const [mantissa = "", exponent] = String(double).split("e");
  if (exponent === undefined) return mantissa === "-0" ? "0" : mantissa;
  const [whole = "", fraction = ""] = mantissa.split(".");
  return whole + fraction + "0".repeat(Number(exponent) - fraction.length);
}

/**
 * readInput: a call's parameters read once, at the call — exactly the fields the call takes, as a
 * schema would read them (`params[name]`: own or inherited, enumerable or not, getters included),
 * arrays copied by index with their length read once — and nothing else of the object.
 */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { checkInput, MAX_INPUT_ITEMS, readInput } from "../src/check-input.js";
import { ValidationError } from "../src/errors.js";

const FIELDS = ["currency", "amount"];
const schema = z.object({ currency: z.string(), amount: z.string() });

function refusal(read: () => unknown): ValidationError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
}

describe("what is read", () => {
  it("the named fields of a plain object, into a new object; changes after do not reach it", () => {
    const given = { currency: "XMR", amount: "1", other: "ignored" };
    const copy = readInput(given, FIELDS);
    given.amount = "999";
    expect(copy).toStrictEqual({ currency: "XMR", amount: "1" });
  });

  it("a class instance, inherited defaults, a prototype getter and a non-enumerable field", () => {
    class Params {
      currency = "XMR";
      get amount() {
        return "2";
      }
    }
    expect(readInput(new Params(), FIELDS)).toStrictEqual({ currency: "XMR", amount: "2" });
    const inherited = Object.create({ currency: "MINTME" });
    inherited.amount = "3";
    expect(readInput(inherited, FIELDS)).toStrictEqual({ currency: "MINTME", amount: "3" });
    const hidden = { currency: "XMR" };
    Object.defineProperty(hidden, "amount", { value: "4", enumerable: false });
    expect(readInput(hidden, FIELDS)).toStrictEqual({ currency: "XMR", amount: "4" });
  });

  it("each field once, however often the schema reads it after", () => {
    let reads = 0;
    const given = {
      currency: "XMR",
      get amount() {
        reads++;
        return String(reads);
      },
    };
    const copy = readInput(given, FIELDS);
    expect(checkInput(schema, copy)).toStrictEqual({ currency: "XMR", amount: "1" });
    expect(checkInput(schema, copy)).toStrictEqual({ currency: "XMR", amount: "1" });
    expect(reads).toBe(1);
  });

  it("nothing else: a getter of another field that throws, or a large buffer, is never touched", () => {
    class Model {
      currency = "XMR";
      amount = "1";
      get relation(): never {
        throw new Error("not loaded");
      }
    }
    expect(readInput(new Model(), FIELDS)).toStrictEqual({ currency: "XMR", amount: "1" });
    const buffer = new Uint8Array(10_000_000);
    const copy = readInput({ currency: buffer, amount: "1" }, FIELDS) as { currency: unknown };
    // Not an array: passed on as it is, for the schema to refuse, never copied byte by byte.
    expect(copy.currency).toBe(buffer);
  });

  it("a missing field is left out; a value that is not an object is returned as it is", () => {
    expect(readInput({ currency: "XMR" }, FIELDS)).toStrictEqual({ currency: "XMR" });
    for (const value of [undefined, null, "XMR", 10n, 5])
      expect(readInput(value, FIELDS)).toBe(value);
  });
});

describe("arrays", () => {
  it("copied by index, holes as undefined, the length read once", () => {
    let lengthReads = 0;
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point.
    const target = ["a", , "c"];
    const proxy = new Proxy(target, {
      get(array, key, receiver) {
        if (key === "length") lengthReads++;
        return Reflect.get(array, key, receiver);
      },
    });
    const copy = readInput({ list: proxy }, ["list"]) as { list: unknown[] };
    target.push("d");
    expect(copy.list).toStrictEqual(["a", undefined, "c"]);
    expect(copy.list).not.toBe(target);
    expect(lengthReads).toBe(1);
  });

  it(`past ${MAX_INPUT_ITEMS} elements the length is kept, the elements are not read`, () => {
    let reads = 0;
    const long = new Proxy(new Array(2 ** 32 - 1), {
      get(array, key, receiver) {
        if (key !== "length") reads++;
        return Reflect.get(array, key, receiver);
      },
    });
    const copy = readInput({ list: long }, ["list"]) as { list: unknown[] };
    expect(copy.list.length).toBe(2 ** 32 - 1);
    expect(reads).toBeLessThanOrEqual(MAX_INPUT_ITEMS);
  });

  it("a length a proxy lies about is a ValidationError", () => {
    for (const length of [-1, 1.5, "3", 2 ** 32, Number.NaN]) {
      const lying = new Proxy([], {
        get: (array, key, receiver) =>
          key === "length" ? length : Reflect.get(array, key, receiver),
      });
      expect(refusal(() => readInput({ list: lying }, ["list"])).issues[0]?.message).toMatch(
        /could not be read/,
      );
    }
  });
});

describe("what cannot be read", () => {
  it("a getter that throws, a throwing trap, a revoked proxy: a ValidationError, the getter run once", () => {
    let reads = 0;
    const throwing = {
      currency: "XMR",
      get amount(): string {
        reads++;
        throw new Error("boom");
      },
    };
    expect(refusal(() => readInput(throwing, FIELDS)).issues).toStrictEqual([
      { path: [], message: "could not be read (a getter or proxy threw)" },
    ]);
    expect(reads).toBe(1);
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    refusal(() => readInput(trap, FIELDS));
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    refusal(() => readInput(proxy, FIELDS));
  });
});

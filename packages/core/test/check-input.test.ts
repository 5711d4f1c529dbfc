/**
 * `checkInput(schema, value)`: a call's parameters through a synchronous Standard Schema, before
 * anything is sent. Its output when valid; otherwise one `ValidationError` with one issue per
 * problem, paths as names and indexes. A schema that throws (a caller's getter, a proxy) and an
 * asynchronous schema are a `ValidationError` too — never the thrown error, never a promise, and
 * never an unhandled rejection.
 */

import { describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { checkInput } from "../src/check-input.js";
import { ValidationError } from "../src/errors.js";
import type { Schema, SchemaIssue, SchemaResult } from "../src/parse.js";
import { watchUnhandledRejections } from "./helpers/unhandled-rejections.js";

/** What `checkInput` threw; fails the test if it returned or threw anything but a ValidationError. */
function refused(schema: Schema<unknown>, value: unknown): ValidationError {
  let returned: unknown;
  try {
    returned = checkInput(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`expected a ValidationError, got ${String(returned)}`);
}

/** A Standard Schema whose `validate` is `validate`. */
function standard<Output>(
  validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>,
): Schema<Output> {
  return { "~standard": { validate } };
}

const params = z.object({
  currency: z.string({ error: "must be a string" }),
  amount: z.pipe(
    z.string({ error: "must be a string of digits" }),
    z.transform((value) => Number(value)),
  ),
});

describe("a valid input", () => {
  it("returns the schema's output, transforms applied", () => {
    const output: { currency: string; amount: number } = checkInput(params, {
      currency: "XMR",
      amount: "12",
      extra: true,
    });
    expect(output).toStrictEqual({ currency: "XMR", amount: 12 });
  });

  it("returns what a hand-made Standard Schema gives, as it is", () => {
    const made = { wire: "value" };
    expect(
      checkInput(
        standard(() => ({ value: made })),
        "anything",
      ),
    ).toBe(made);
  });

  it("a falsy output (0, empty string, undefined) is an output, not a failure", () => {
    expect(
      checkInput(
        standard(() => ({ value: 0 })),
        0,
      ),
    ).toBe(0);
    expect(
      checkInput(
        standard(() => ({ value: "" })),
        "",
      ),
    ).toBe("");
    expect(
      checkInput(
        standard(() => ({ value: undefined })),
        undefined,
      ),
    ).toBeUndefined();
  });

  it("passes the value to the schema as given (readInput makes the copy)", () => {
    const validate = vi.fn((value: unknown) => ({ value }));
    const input = { a: 1 };
    checkInput(standard(validate), input);
    expect(validate).toHaveBeenCalledTimes(1);
    expect(validate.mock.calls[0]?.[0]).toBe(input);
  });
});

describe("issues", () => {
  it("one issue per problem, each at its field, with the schema's message", () => {
    const error = refused(params, { currency: 5, amount: 7 });
    expect(error.issues).toStrictEqual([
      { path: ["currency"], message: "must be a string" },
      { path: ["amount"], message: "must be a string of digits" },
    ]);
    expect(error.message).toContain("currency");
    expect(error.message).toContain("must be a string of digits");
  });

  it("array indexes stay numbers, nested paths in order", () => {
    const list = z.object({ items: z.array(z.object({ id: z.number({ error: "a number" }) })) });
    const error = refused(list, { items: [{ id: 1 }, { id: "2" }, { id: 3 }, {}] });
    expect(error.issues).toStrictEqual([
      { path: ["items", 1, "id"], message: "a number" },
      { path: ["items", 3, "id"], message: "a number" },
    ]);
  });

  it("{ key } segments, numbers, symbols and a missing path become names and indexes", () => {
    const issues: SchemaIssue[] = [
      { message: "first", path: [{ key: "params" }, { key: 2 }, "name"] },
      { message: "second", path: [Symbol("secret"), { key: Symbol.for("shared") }, 0] },
      { message: "third", path: [Symbol()] },
      { message: "fourth" },
      { message: "fifth", path: [] },
    ];
    const error = refused(
      standard(() => ({ issues })),
      {},
    );
    expect(error.issues).toStrictEqual([
      { path: ["params", 2, "name"], message: "first" },
      { path: ["Symbol(secret)", "Symbol(shared)", 0], message: "second" },
      { path: ["Symbol()"], message: "third" },
      { path: [], message: "fourth" },
      { path: [], message: "fifth" },
    ]);
    for (const issue of error.issues) {
      for (const segment of issue.path) expect(["string", "number"]).toContain(typeof segment);
    }
  });

  it("a zod issue at a symbol key of an object is reported by the symbol's name", () => {
    const key = Symbol("token");
    const schema = z.object({ [key]: z.string({ error: "must be text" }) });
    const error = refused(schema, { [key]: 1 });
    expect(error.issues).toStrictEqual([{ path: ["Symbol(token)"], message: "must be text" }]);
  });

  it("the input itself (a whole value refused) has an empty path", () => {
    const error = refused(params, null);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toEqual([]);
  });
});

describe("a schema that throws", () => {
  it("a validate that throws → ValidationError, not the thrown error", () => {
    const thrown = new TypeError("boom from the schema");
    const error = refused(
      standard(() => {
        throw thrown;
      }),
      {},
    );
    expect(error).not.toBe(thrown);
    expect(error.cause).toBeUndefined();
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toEqual([]);
    expect(error.issues[0]?.message).toMatch(/could not be read/);
    expect(error.message).not.toContain("boom from the schema");
  });

  it("a throw of a non-Error value (a string, undefined) → ValidationError", () => {
    for (const value of ["a string", undefined, null, 42]) {
      refused(
        standard(() => {
          throw value;
        }),
        {},
      );
    }
  });

  it("a getter of the caller's that throws → ValidationError", () => {
    const input = {
      currency: "XMR",
      get amount(): string {
        throw new Error("getter exploded");
      },
    };
    const error = refused(params, input);
    expect(error.issues[0]?.path).toEqual([]);
    expect(JSON.stringify(error.toJSON())).not.toContain("getter exploded");
  });

  it("a Proxy whose get trap throws → ValidationError", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    refused(params, hostile);
  });

  it("a Proxy whose ownKeys / getOwnPropertyDescriptor traps throw → ValidationError or output", () => {
    const hostile = new Proxy(
      { currency: "XMR", amount: "1" },
      {
        ownKeys() {
          throw new Error("keys trap");
        },
        getOwnPropertyDescriptor() {
          throw new Error("descriptor trap");
        },
      },
    );
    let outcome: unknown;
    try {
      outcome = checkInput(params, hostile);
    } catch (error) {
      outcome = error;
    }
    // zod reads declared fields by name: either it never asks for the keys, or the throw is caught.
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(ValidationError);
    else expect(outcome).toStrictEqual({ currency: "XMR", amount: 1 });
  });

  it("a revoked Proxy → ValidationError", () => {
    const { proxy, revoke } = Proxy.revocable({ currency: "XMR", amount: "1" }, {});
    revoke();
    refused(params, proxy);
  });

  it("a transform that throws → ValidationError", () => {
    const schema = z.pipe(
      z.string(),
      z.transform(() => {
        throw new RangeError("transform bug");
      }),
    );
    refused(schema, "x");
  });
});

describe("an asynchronous schema", () => {
  it("a zod schema with an async refinement → ValidationError, synchronously", async () => {
    const watch = watchUnhandledRejections();
    const schema = z.string().check(z.refine(async (value) => value.length > 0));
    const error = refused(schema, "abc");
    expect(error.issues).toEqual([{ path: [], message: expect.stringMatching(/synchronous/) }]);
    expect(await watch.stop()).toEqual([]);
  });

  it("a validate that returns a resolving promise → ValidationError, its value never used", async () => {
    const watch = watchUnhandledRejections();
    const error = refused(
      standard(async () => ({ value: "would be sent" })),
      {},
    );
    expect(error.issues[0]?.message).toMatch(/synchronous/);
    expect(await watch.stop()).toEqual([]);
  });

  it("a validate whose promise rejects → ValidationError, and no unhandled rejection", async () => {
    const watch = watchUnhandledRejections();
    refused(
      standard(() => Promise.reject(new Error("async schema failed"))),
      {},
    );
    refused(
      standard(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error("later failure");
      }),
      {},
    );
    expect(await watch.stop()).toEqual([]);
  });

  it("a zod async refinement that rejects → ValidationError; checkInput adds no unhandled rejection", async () => {
    const schema = () =>
      z.string().check(
        z.refine(async () => {
          throw new Error("refinement rejected");
        }),
      );
    // zod's own synchronous attempt (inside `~standard.validate`) starts the refinement and drops
    // its promise: that rejection is zod's, whoever calls it. checkInput must add none of its own.
    const baseline = watchUnhandledRejections();
    expect(() => z.safeParse(schema(), "abc")).toThrow();
    const zodOwn = (await baseline.stop()).length;
    const watch = watchUnhandledRejections();
    refused(schema(), "abc");
    expect((await watch.stop()).length).toBe(zodOwn);
  });
});

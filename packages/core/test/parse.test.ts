import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ResponseValidationError } from "../src/errors.js";
import { parse, parseJsonText, type Schema } from "../src/parse.js";
import { createRedactor, REDACTED } from "../src/redact.js";

/** The error `run` throws; fails the test if it returns or throws anything else. */
function thrown(run: () => unknown): ResponseValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseValidationError);
    return error as ResponseValidationError;
  }
  throw new Error("expected a ResponseValidationError, nothing was thrown");
}

/** The rejection of `pending`; fails the test if it resolves or rejects with anything else. */
async function rejected(pending: Promise<unknown>): Promise<ResponseValidationError> {
  const error = await pending.then(
    () => {
      throw new Error("expected a ResponseValidationError, the parse resolved");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ResponseValidationError);
  return error as ResponseValidationError;
}

const balance = z.object({
  status: z.literal("success"),
  message: z.object({ reward: z.string(), hashes: z.number() }),
});

describe("parse()", () => {
  it("returns the typed output of a matching body", async () => {
    const body = { status: "success", message: { reward: "0.00012345", hashes: 1234 } };
    const output: { status: "success"; message: { reward: string; hashes: number } } = await parse(
      balance,
      body,
    );
    expect(output).toEqual(body);
  });

  it("returns what the schema's transforms make", async () => {
    const schema = z.pipe(
      z.union([z.string(), z.number()]),
      z.transform((value) => String(value)),
    );
    const output: string = await parse(schema, 12.5);
    expect(output).toBe("12.5");
    const list = await parse(z.array(z.pipe(z.string(), z.transform(Number))), ["1", "2"]);
    expect(list).toEqual([1, 2]);
  });

  it("refuses a wrong shape with every issue, located by path", async () => {
    const body = { status: "failure", message: { reward: 5, hashes: "many" } };
    const error = await rejected(parse(balance, body, { status: 200 }));
    expect(error.status).toBe(200);
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([["status"], ["message", "reward"], ["message", "hashes"]]),
    );
    expect(error.issues).toHaveLength(3);
    for (const issue of error.issues) expect(issue.message).toEqual(expect.any(String));
    expect(error.message).toMatch(/^Unexpected response \(200\): /);
    expect(error.message).toContain("message.reward: ");
    expect(error.body).toEqual(body);
  });

  it("keeps array indices in paths as numbers", async () => {
    const schema = z.object({ items: z.array(z.object({ id: z.number() })) });
    const error = await rejected(parse(schema, { items: [{ id: 1 }, { id: "2" }] }));
    expect(error.issues).toEqual([{ path: ["items", 1, "id"], message: expect.any(String) }]);
  });

  it("refuses a body that is not an object at all", async () => {
    for (const body of [null, undefined, "text", 42, []]) {
      const error = await rejected(parse(balance, body));
      expect(error.issues[0]?.path).toEqual([]);
      expect(error.body).toEqual(body);
    }
  });

  it("carries the body redacted: secret fields by name, secret values anywhere", async () => {
    const secret = "9f2c4e6a8b0d1f3e5a7c";
    const redactor = createRedactor({ secrets: [secret] });
    const body = {
      status: "failure",
      private: "another-key",
      message: `Invalid key ${secret}`,
      echo: [{ token: "t0k3n", note: `key=${secret}` }],
    };
    const error = await rejected(parse(balance, body, { redactor }));
    expect(error.body).toEqual({
      status: "failure",
      private: REDACTED,
      message: `Invalid key ${REDACTED}`,
      echo: [{ token: REDACTED, note: `key=${REDACTED}` }],
    });
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain("another-key");
    // The caller's body is not changed.
    expect(body.private).toBe("another-key");
  });

  it("redacts secret-named fields even without a redactor", async () => {
    const error = await rejected(parse(balance, { public: "pub-key", private: "priv-key" }));
    expect(error.body).toEqual({ public: REDACTED, private: REDACTED });
  });

  it("redacts a secret that is a key of the body, in the issue path and the message", async () => {
    const secret = "a1b2c3d4e5f6a7b8";
    const redactor = createRedactor({ secrets: [secret] });
    const error = await rejected(
      parse(z.record(z.string(), z.number()), { [secret]: "not a number" }, { redactor }),
    );
    expect(error.issues).toEqual([{ path: [REDACTED], message: expect.any(String) }]);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("turns a throwing transform into a ResponseValidationError with its (redacted) message", async () => {
    const secret = "s3cr3t-k3y-value";
    const redactor = createRedactor({ secrets: [secret] });
    const raw = new RangeError(`cannot read ${secret}`);
    const schema = z.pipe(
      z.string(),
      z.transform((): string => {
        throw raw;
      }),
    );
    const error = await rejected(parse(schema, "input", { status: 200, redactor }));
    expect(error).not.toBe(raw);
    expect(error.issues).toEqual([{ path: [], message: `cannot read ${REDACTED}` }]);
    expect(error.body).toBe("input");
    expect(error.status).toBe(200);
  });

  it("turns a thrown non-Error into a ResponseValidationError too", async () => {
    const schema = z.pipe(
      z.string(),
      z.transform((): string => {
        throw "plain string";
      }),
    );
    const error = await rejected(parse(schema, "x"));
    expect(error.issues).toEqual([{ path: [], message: "plain string" }]);
  });

  it("awaits an asynchronous schema (Standard Schema allows one)", async () => {
    const schema = z.pipe(
      z.string(),
      z.transform(async (value) => value.length),
    );
    expect(await parse(schema, "abc")).toBe(3);
  });

  it("reads any Standard Schema, issue paths given as keys or as { key } segments", async () => {
    const schema: Schema<never> = {
      "~standard": {
        validate: () => ({
          issues: [{ message: "bad", path: [{ key: "message" }, { key: 0 }, "reward"] }],
        }),
      },
    };
    const error = await rejected(parse(schema, {}));
    expect(error.issues).toEqual([{ path: ["message", 0, "reward"], message: "bad" }]);
  });

  it("never throws anything else, whatever the body (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        try {
          expect(await parse(balance, body)).toEqual(body);
        } catch (error) {
          expect(error).toBeInstanceOf(ResponseValidationError);
        }
      }),
    );
  });
});

describe("parseJsonText()", () => {
  it("returns the JSON value", () => {
    expect(parseJsonText('{"status":"success","n":1}', "application/json")).toEqual({
      status: "success",
      n: 1,
    });
    expect(parseJsonText("[1,2]", null)).toEqual([1, 2]);
    expect(parseJsonText(" 0.5 ", null)).toBe(0.5);
    expect(parseJsonText("null", null)).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["whitespace", "\n\t \r\n"],
  ])("refuses an %s body", (_label, text) => {
    const error = thrown(() => parseJsonText(text, "application/json", { status: 200 }));
    expect(error.issues).toEqual([{ path: [], message: "the body is empty" }]);
    expect(error.body).toBe("");
    expect(error.status).toBe(200);
  });

  it("refuses an HTML page, naming its content type and keeping its text", () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    const error = thrown(() => parseJsonText(html, "text/html; charset=utf-8", { status: 502 }));
    expect(error.issues).toEqual([
      { path: [], message: "expected JSON, got a text/html body that does not parse" },
    ]);
    expect(error.body).toBe(html);
    expect(error.status).toBe(502);
    expect(error.message).toContain("(502)");
  });

  it("says 'a body' when there is no content type", () => {
    const error = thrown(() => parseJsonText("oops", null));
    expect(error.issues[0]?.message).toBe("expected JSON, got a body that does not parse");
  });

  it.each([
    ["truncated object", '{"status":"success","message":{"reward":'],
    ["truncated string", '"abc'],
    ["trailing garbage", '{"a":1} x'],
    ["single quotes", "{'a':1}"],
    ["NaN", "NaN"],
    ["byte order mark", '\uFEFF{"a":1}'],
  ])("refuses a %s", (_label, text) => {
    const error = thrown(() => parseJsonText(text, "application/json"));
    expect(error.body).toBe(text);
  });

  it("cuts a long body to 2000 characters", () => {
    const html = `<html>${"x".repeat(100_000)}</html>`;
    const error = thrown(() => parseJsonText(html, "text/html"));
    expect(typeof error.body).toBe("string");
    const body = error.body as string;
    expect(body.length).toBe(2001);
    expect(body.endsWith("…")).toBe(true);
    expect(html.startsWith(body.slice(0, -1))).toBe(true);
  });

  it("redacts secrets in the text, even one that the cut would split", () => {
    const secret = "0123456789abcdef0123";
    const redactor = createRedactor({ secrets: [secret] });
    const start = `<p>key ${secret}</p>`;
    // The second occurrence starts 10 characters before the cut at 2000.
    const html = `${start}${"x".repeat(1990 - start.length)}${secret}${"y".repeat(500)}`;
    const error = thrown(() => parseJsonText(html, "text/html", { redactor }));
    const body = error.body as string;
    expect(body.startsWith(`<p>key ${REDACTED}</p>`)).toBe(true);
    expect(body).not.toContain(secret);
    expect(body).not.toContain(secret.slice(0, 10));
  });

  it("never throws a TypeError or SyntaxError (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.option(fc.string()), (text, type) => {
        let expected: unknown;
        let isJson = true;
        try {
          expected = JSON.parse(text);
        } catch {
          isJson = false;
        }
        try {
          const value = parseJsonText(text, type);
          expect(isJson).toBe(true);
          expect(value).toEqual(expected);
        } catch (error) {
          expect(error).toBeInstanceOf(ResponseValidationError);
          expect(isJson).toBe(false);
        }
      }),
    );
  });
});

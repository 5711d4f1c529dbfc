import util from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CointapError,
  ConnectionError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../src/errors.js";
import { invalidBody, parse, parseJsonText } from "../src/parse.js";
import { createRedactor, REDACTED } from "../src/redact.js";

type ErrorClass = abstract new (...args: never[]) => Error;

const cases: [string, () => CointapError, string, ErrorClass[]][] = [
  ["CointapError", () => new CointapError("boom"), "cointap_error", []],
  [
    "ValidationError",
    () => new ValidationError([{ path: ["amount"], message: "bad" }]),
    "validation_error",
    [],
  ],
  ["ApiError", () => new ApiError({ status: 418 }), "api_error", []],
  ["BadRequestError", () => new BadRequestError({ status: 400 }), "bad_request", [ApiError]],
  [
    "AuthenticationError",
    () => new AuthenticationError({ status: 401 }),
    "authentication_error",
    [ApiError],
  ],
  [
    "PermissionDeniedError",
    () => new PermissionDeniedError({ status: 403 }),
    "permission_denied",
    [ApiError],
  ],
  ["NotFoundError", () => new NotFoundError({ status: 404 }), "not_found", [ApiError]],
  ["ServerError", () => new ServerError({ status: 500 }), "server_error", [ApiError]],
  ["RateLimitError", () => new RateLimitError({ status: 429 }), "rate_limited", [ApiError]],
  [
    "ResponseValidationError",
    () => new ResponseValidationError({ issues: [{ path: [], message: "x" }], body: "" }),
    "response_validation_error",
    [],
  ],
  ["TimeoutError", () => new TimeoutError(1000), "timeout", []],
  ["ConnectionError", () => new ConnectionError("refused", false), "connection_error", []],
  [
    "OutcomeUnknownError",
    () => new OutcomeUnknownError({ method: "POST", path: "/x", cause: new TimeoutError(5) }),
    "outcome_unknown",
    [],
  ],
];

describe("every error class", () => {
  it.each(cases)("%s has its name, code and instanceof chain", (name, make, code, parents) => {
    const error = make();
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(CointapError);
    for (const parent of parents) expect(error).toBeInstanceOf(parent);
    expect(error.constructor.name).toBe(name);
    expect(String(error)).toBe(`${name}: ${error.message}`);
    expect(error.stack?.startsWith(`${name}: ${error.message}`)).toBe(true);
    expect(error.toJSON()).toMatchObject({ name, code, message: error.message });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });

  it("codes are unique", () => {
    const codes = cases.map(([, make]) => make().code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("RateLimitError is an ApiError is a CointapError is an Error", () => {
    const error = new RateLimitError({ status: 503, retryAfter: 60_000 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CointapError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ServerError);
  });

  it("non-API errors are not ApiErrors", () => {
    for (const error of [
      new ValidationError([]),
      new ResponseValidationError({ issues: [], body: null }),
      new TimeoutError(1),
      new ConnectionError("x", true),
    ]) {
      expect(error).not.toBeInstanceOf(ApiError);
    }
  });
});

describe("messages and fields", () => {
  it("ValidationError lists every issue with its path", () => {
    const issues = [
      { path: ["amount"], message: "must be greater than zero" },
      { path: ["addresses", 1], message: "is not a btc address" },
      { path: [], message: "is empty" },
    ];
    const error = new ValidationError(issues);
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe(
      "Invalid input: amount: must be greater than zero; addresses.1: is not a btc address; is empty",
    );
    expect(new ValidationError(issues, "custom").message).toBe("custom");
  });

  it("ApiError describes status and API message", () => {
    expect(new ApiError({ status: 400, apiMessage: "Invalid site key" }).message).toBe(
      "The API answered 400: Invalid site key",
    );
    expect(new ApiError({ status: 502 }).message).toBe("The API answered 502 with an error");
    const local = new ApiError({ status: undefined, apiMessage: "queue full" });
    expect(local.message).toBe("The API refused the call: queue full");
    expect(new ApiError({ status: undefined }).message).toBe("The API refused the call");
    expect(new ApiError({ status: 400 }, "override").message).toBe("override");
  });

  it("ApiError keeps status, apiMessage and body", () => {
    const body = { status: "failure", message: "nope" };
    const error = new NotFoundError({ status: 404, apiMessage: "nope", body });
    expect(error.status).toBe(404);
    expect(error.apiMessage).toBe("nope");
    expect(error.body).toEqual(body);
  });

  it("RateLimitError keeps retryAfter, and may have no status (local queue)", () => {
    const error = new RateLimitError({ status: undefined, retryAfter: 1500 }, "queue is full");
    expect(error.retryAfter).toBe(1500);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe("queue is full");
    expect(new RateLimitError({ status: 429 }).retryAfter).toBeUndefined();
  });

  it("ResponseValidationError names the status when there is one", () => {
    const issues = [{ path: ["data", 0, "amount"], message: "expected number" }];
    const withStatus = new ResponseValidationError({ status: 200, issues, body: { data: [] } });
    expect(withStatus.message).toBe("Unexpected response (200): data.0.amount: expected number");
    expect(withStatus.status).toBe(200);
    expect(withStatus.issues).toEqual(issues);
    expect(withStatus.body).toEqual({ data: [] });
    const without = new ResponseValidationError({ issues, body: null });
    expect(without.message).toBe("Unexpected response: data.0.amount: expected number");
  });

  it("TimeoutError and ConnectionError", () => {
    const timeout = new TimeoutError(30_000);
    expect(timeout.message).toBe("The request timed out after 30000 ms");
    expect(timeout.timeout).toBe(30_000);
    expect(new TimeoutError(5, "The call").message).toBe("The call timed out after 5 ms");
    const refused = new ConnectionError("Could not connect", false);
    expect(refused.sent).toBe(false);
    expect(new ConnectionError("lost", true).sent).toBe(true);
  });

  it("OutcomeUnknownError names the call and its cause", () => {
    const cause = new ServerError({ status: 502 });
    const error = new OutcomeUnknownError({ method: "POST", path: "/api/v2/withdraw", cause });
    expect(error.method).toBe("POST");
    expect(error.path).toBe("/api/v2/withdraw");
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      "POST /api/v2/withdraw may or may not have been applied (The API answered 502 with an error); it was not retried",
    );
    const aborted = new OutcomeUnknownError({ method: "DELETE", path: "/x", cause: "aborted" });
    expect(aborted.message).toContain("(aborted)");
  });
});

describe("toJSON()", () => {
  it("holds name, code, message and the class's own fields", () => {
    const error = new RateLimitError({
      status: 503,
      apiMessage: "Too many requests",
      body: { status: "failure", message: "Too many requests" },
      retryAfter: 20_000,
    });
    expect(error.toJSON()).toEqual({
      name: "RateLimitError",
      code: "rate_limited",
      message: "The API answered 503: Too many requests",
      status: 503,
      apiMessage: "Too many requests",
      body: { status: "failure", message: "Too many requests" },
      retryAfter: 20_000,
    });
  });

  it("leaves out undefined fields and the stack", () => {
    const json = new ApiError({ status: 500 }).toJSON();
    expect(json).not.toHaveProperty("apiMessage");
    expect(json).not.toHaveProperty("body");
    expect(json).not.toHaveProperty("stack");
    expect(json).not.toHaveProperty("cause");
    expect(new ValidationError([{ path: ["x"], message: "y" }]).toJSON()).toEqual({
      name: "ValidationError",
      code: "validation_error",
      message: "Invalid input: x: y",
      issues: [{ path: ["x"], message: "y" }],
    });
  });

  it("renders a CointapError cause by its own toJSON()", () => {
    const cause = new ConnectionError("lost", true);
    const error = new OutcomeUnknownError({ method: "POST", path: "/w", cause });
    expect(error.toJSON()).toEqual({
      name: "OutcomeUnknownError",
      code: "outcome_unknown",
      message: error.message,
      method: "POST",
      path: "/w",
      cause: { name: "ConnectionError", code: "connection_error", message: "lost", sent: true },
    });
  });

  it("renders another Error cause by name and message only (no stack, no extra fields)", () => {
    const cause = Object.assign(new TypeError("fetch failed"), { request: { secret: "x" } });
    const error = new OutcomeUnknownError({ method: "POST", path: "/w", cause });
    expect(error.toJSON().cause).toEqual({ name: "TypeError", message: "fetch failed" });
    expect(JSON.stringify(error)).not.toContain("request");
  });

  it("renders a non-Error cause as it is", () => {
    const error = new OutcomeUnknownError({ method: "POST", path: "/w", cause: "aborted" });
    expect(error.toJSON().cause).toBe("aborted");
  });

  it("keeps a cause passed to the base class", () => {
    const inner = new TimeoutError(10);
    const error = new CointapError("outer", { cause: inner });
    expect(error.cause).toBe(inner);
    expect(error.toJSON().cause).toEqual(inner.toJSON());
    expect(new CointapError("no cause")).not.toHaveProperty("cause");
  });
});

describe("util.inspect", () => {
  it("uses the custom inspect: the stack, then the redacted JSON fields", () => {
    const error = new RateLimitError({ status: 429, body: { a: 1 }, retryAfter: 1000 });
    const custom = (error as unknown as Record<symbol, () => string>)[util.inspect.custom];
    expect(typeof custom).toBe("function");
    const shown = util.inspect(error);
    expect(shown).toBe(custom?.call(error));
    expect(shown.startsWith(error.stack ?? "")).toBe(true);
    expect(shown).toContain(
      '{"code":"rate_limited","status":429,"body":{"a":1},"retryAfter":1000}',
    );
    // Node's default rendering would list properties as `status: 429`.
    expect(shown).not.toContain("status: 429");
  });

  it("is used when the error is nested, and for its cause", () => {
    const cause = new ServerError({ status: 502, body: "bad gateway" });
    const error = new OutcomeUnknownError({ method: "POST", path: "/w", cause });
    const shown = util.inspect({ wrapped: error }, { depth: 10 });
    expect(shown).toContain('"code":"outcome_unknown"');
    expect(shown).toContain('"cause":{"name":"ServerError","code":"server_error"');
    expect(shown).not.toContain("[cause]");
    expect(util.inspect(error.cause)).toContain('"code":"server_error"');
  });
});

describe("no secret appears in any rendering of any error (property)", () => {
  const hex = fc.string({
    unit: fc.constantFrom(..."0123456789abcdef"),
    minLength: 8,
    maxLength: 64,
  });
  const base64ish = fc.string({
    unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
    minLength: 8,
    maxLength: 64,
  });
  const secretArb = fc.oneof(hex, base64ish).filter((secret) => !REDACTED.includes(secret));
  // Text around the secret, from characters a secret never holds: no new occurrence can form.
  const noise = fc.string({ unit: fc.constantFrom(..."<>{}[]\"' :;,!?()\n\té😀"), maxLength: 8 });

  /** Every way the error and its cause can be shown. */
  function renderings(error: Error): string[] {
    const cause = (error as { cause?: unknown }).cause;
    return [
      String(error),
      JSON.stringify(error),
      util.inspect(error, { depth: 10 }),
      util.inspect({ error }, { depth: 10 }),
      error.stack ?? "",
      error.message,
      String(cause),
      JSON.stringify(cause) ?? "",
      util.inspect(cause, { depth: 10 }),
    ];
  }

  /** Builds every error class the way the core does: raw inputs pass through the redactor. */
  async function buildErrors(secret: string, pre: string, post: string): Promise<Error[]> {
    const redactor = createRedactor({ secrets: [secret] });
    const raw = `${pre}${secret}${post}`;
    const rawURL = `https://api.example/v1/user?public=${encodeURIComponent(secret)}&x=${pre}`;
    const rawBody = {
      status: "failure",
      message: `Invalid key ${raw}`,
      echo: { private: secret, url: rawURL, list: [raw, encodeURIComponent(secret)] },
      [secret]: post,
    };
    const apiInit = {
      status: 500,
      apiMessage: redactor.text(`Key ${raw} refused`),
      body: redactor.value(rawBody),
    };
    const made: Error[] = [
      new CointapError(redactor.text(`failed at ${redactor.url(rawURL)} with ${raw}`)),
      new ValidationError([{ path: ["user"], message: redactor.text(`unknown user ${raw}`) }]),
      new ApiError(apiInit),
      new BadRequestError({ ...apiInit, status: 400 }),
      new AuthenticationError({ ...apiInit, status: 401 }),
      new PermissionDeniedError({ ...apiInit, status: 403 }),
      new NotFoundError({ ...apiInit, status: 404 }),
      new ServerError({ ...apiInit, status: 502 }),
      new RateLimitError({ ...apiInit, status: 429, retryAfter: 1000 }),
      invalidBody(rawBody, [{ path: ["echo", secret], message: `bad ${raw}` }], {
        status: 200,
        redactor,
      }),
      new TimeoutError(30_000, "The call"),
      new ConnectionError(redactor.text(`connect ECONNREFUSED ${raw}`), false),
    ];
    // The core's parse helpers, fed a body that echoes the secret.
    for (const attempt of [
      () => parse(z.object({ status: z.literal("success") }), rawBody, { status: 200, redactor }),
      () => parse(z.record(z.string(), z.number()), { [raw]: "x" }, { redactor }),
      () =>
        parse(
          z.pipe(
            z.string(),
            z.transform((value): string => {
              throw new Error(`cannot read ${value}`);
            }),
          ),
          raw,
          { redactor },
        ),
      async () =>
        parseJsonText(`<html>${"x".repeat(1990)}${raw}</html>`, "text/html", { redactor }),
    ]) {
      try {
        await attempt();
        throw new Error("expected the parse to fail");
      } catch (error) {
        expect(error).toBeInstanceOf(ResponseValidationError);
        made.push(error as Error);
      }
    }
    // A mutation that failed after sending: each error above as the cause.
    const wrapped = made.map(
      (cause) => new OutcomeUnknownError({ method: "POST", path: "/api/v2/withdraw", cause }),
    );
    return [...made, ...wrapped];
  }

  it("holds for every class, rendering and cause", async () => {
    // What the renderings hold whatever the secret: fixed wording and stack frames (file paths).
    // A short secret could spell part of it ("Unexpected", "src/parse") without any leak.
    const ambient = (await buildErrors("~~~~~~~~", "", ""))
      .flatMap(renderings)
      .concat(new Error().stack ?? "")
      .join("\n");
    await fc.assert(
      fc.asyncProperty(secretArb, noise, noise, async (secret, pre, post) => {
        fc.pre(!ambient.includes(secret) && !ambient.includes(encodeURIComponent(secret)));
        const errors = await buildErrors(secret, pre, post);
        expect(errors).toHaveLength(32);
        for (const error of errors) {
          for (const text of renderings(error)) {
            expect(text).not.toContain(secret);
            expect(text).not.toContain(encodeURIComponent(secret));
          }
        }
      }),
    );
  });

  it("the check itself sees a secret that was not redacted", () => {
    const secret = "deadbeefcafe1234";
    const leaky = new ApiError({ status: 500, apiMessage: `Key ${secret}`, body: { k: secret } });
    for (const text of renderings(leaky).slice(0, 5)) expect(text).toContain(secret);
    const wrapped = new OutcomeUnknownError({ method: "POST", path: "/w", cause: leaky });
    for (const text of renderings(wrapped)) expect(text).toContain(secret);
  });
});

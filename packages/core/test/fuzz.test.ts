/**
 * Property tests of the core's body parsing, through the public API: whatever bytes a server
 * sends, under whatever content type, status and headers, the result is the body's JSON value or a
 * `CointapError` — never a `SyntaxError`, `TypeError` or `RangeError` — and no error, however it
 * is shown, holds the client's credentials, even when the body echoes them.
 *
 * - `parseJsonText` on any text: `JSON.parse`'s value (a number a double rounds kept as its
 *   text), or a `ResponseValidationError`
 *   exactly when `JSON.parse` refuses the text (or it is blank), carrying a redacted excerpt.
 * - `createHttpClient().request` with a stub `fetch` answering random bytes, text, JSON (whole,
 *   cut short, echoing the credentials), HTML, or a body stream that breaks: it resolves only
 *   below 400 with the JSON value of the decoded body, or rejects with the class the status names
 *   (`OutcomeUnknownError` only for a mutation), after exactly one request.
 *
 * Runs by default: 250 `parseJsonText` + 300 requests = 550. `COINTAP_FUZZ_RUNS=N` scales both
 * by N / 550 (rounded up), so that together they run at least N (`pnpm bench` asks for 10 000);
 * the last test checks the total.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ApiError,
  CointapError,
  ConnectionError,
  createHttpClient,
  type HttpMethod,
  OutcomeUnknownError,
  RateLimitError,
  type ResponseRules,
  ResponseValidationError,
  ValidationError,
} from "../src/index.js";
import { parseJsonText } from "../src/parse.js";
import { createRedactor } from "../src/redact.js";
import { expectExactJson } from "./helpers/exact-json-equal.js";
import { fuzzBudget, itRanTheBudget } from "./helpers/fuzz-runs.js";
import { expectNoSecrets } from "./helpers/leaks.js";
import { stubFetch } from "./helpers/stub-fetch.js";

/** Default runs of each property. */
const PLANNED = { parseJsonText: 250, request: 300 };

const budget = fuzzBudget(PLANNED.parseJsonText + PLANNED.request);

// Sentinels with characters that URL- and form-encoding change: one sent as a header, one in the query.
const HEADER_SECRET = "CORE+fuzz/sentinel&1a2b=3c4d 5e6f";
const QUERY_SECRET = "query+secret/7a8b&9c0d=e1f2";
const SECRETS = [HEADER_SECRET, QUERY_SECRET];

/** Each secret as an echo may write it: raw, URL-encoded, form-encoded, URI-escaped. */
const SECRET_FORMS = SECRETS.flatMap((secret) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
  encodeURI(secret),
]);

// Cuts in these tests never split an echoed secret: half a secret is the server's leak, which no
// client can recognise, not the client's.
function cutOutsideSecrets(text: string, at: number): string {
  let cut = at;
  for (const form of SECRET_FORMS) {
    for (let start = text.indexOf(form); start !== -1; start = text.indexOf(form, start + 1)) {
      if (start < cut && cut < start + form.length) cut = start;
    }
  }
  return text.slice(0, cut);
}

// ---- bodies ----

/** A secret inside other text: what a careless server echoes back. */
const echoedSecret = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom(...SECRET_FORMS),
    fc.string({ maxLength: 10 }),
  )
  .map(([before, secret, after]) => `${before}${secret}${after}`);

/** JSON values, some holding a secret as a value or a field name. */
const jsonWithSecrets: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc
      .tuple(echoedSecret, fc.jsonValue())
      .map(([secret, value]) => ({ status: "failure", message: secret, [secret]: value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(echoedSecret, fc.jsonValue())
      .map(([secret, value]) => ({ status: "success", message: [value, secret] })),
  },
);

/** Text a server may send: JSON (whole, padded, cut short), any string, HTML, blanks. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: jsonWithSecrets.map((value) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        jsonWithSecrets,
        fc.constantFrom(" ", "\n", "\t", "\r\n", "\u00a0", "\ufeff", "\u2028"),
      )
      .map(([value, pad]) => `${pad}${JSON.stringify(value, null, 2)}${pad}`),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(jsonWithSecrets, fc.nat()).map(([value, at]) => {
      const text = JSON.stringify(value);
      return cutOutsideSecrets(text, at % Math.max(1, text.length));
    }),
  },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 1, arbitrary: echoedSecret },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string(), echoedSecret)
      .map((inside) => `<!DOCTYPE html><html><body><h1>Error</h1><p>${inside}</p></body></html>`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", " ", "\n\n", "\t", "\u00a0", "\ufeff", "null", "0", '""', "{}"),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 1900, maxLength: 5000 }) },
);

/** Content types, well-formed and not (any printable ASCII is a valid header value). */
const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "text/html; charset=UTF-8",
    "text/plain",
    "application/octet-stream",
    "multipart/form-data; boundary=x",
    "application/problem+json",
  ),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.constant(undefined),
);

// ---- parseJsonText ----

describe("parseJsonText: JSON.parse's value (exact numbers), or a ResponseValidationError", () => {
  const redactor = createRedactor({ secrets: SECRETS });

  it("any text, content type and status", { timeout: budget.timeout }, async () => {
    await budget.assert(
      fc.property(
        bodyText,
        contentType,
        fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
        (text, type, status) => {
          let expected: { value: unknown } | undefined;
          try {
            expected = text.trim() === "" ? undefined : { value: JSON.parse(text) };
          } catch {
            expected = undefined;
          }
          let outcome: { value: unknown } | { error: unknown };
          try {
            outcome = { value: parseJsonText(text, type ?? null, { status, redactor }) };
          } catch (error) {
            outcome = { error };
          }
          if (expected) {
            expect(outcome).toHaveProperty("value");
            expectExactJson((outcome as { value: unknown }).value, expected.value);
            return;
          }
          expect("error" in outcome, "a text JSON.parse refuses was accepted").toBe(true);
          const error = (outcome as { error: unknown }).error;
          expect(error).toBeInstanceOf(ResponseValidationError);
          const invalid = error as ResponseValidationError;
          expect(invalid.status).toBe(status);
          expect(invalid.issues).toHaveLength(1);
          // The excerpt: a string of at most 2000 characters and an ellipsis.
          expect(typeof invalid.body).toBe("string");
          expect((invalid.body as string).length).toBeLessThanOrEqual(2001);
          expectNoSecrets(invalid, SECRETS, "parseJsonText");
        },
      ),
      PLANNED.parseJsonText,
    );
  });
});

// ---- requests ----

/** How the stub answers: a body, as text or bytes, or a stream that breaks after some bytes. */
type Answer =
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "broken"; bytes: Uint8Array; message: string };

const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 6, arbitrary: bodyText.map((text): Answer => ({ kind: "text", text })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.uint8Array({ maxLength: 300 }),
        // JSON, then encoded otherwise than UTF-8 or with a byte order mark.
        jsonWithSecrets.map((value) => {
          const text = JSON.stringify(value);
          const utf16 = new Uint8Array(text.length * 2);
          for (let i = 0; i < text.length; i++) {
            utf16[2 * i] = text.charCodeAt(i) & 0xff;
            utf16[2 * i + 1] = text.charCodeAt(i) >> 8;
          }
          return utf16;
        }),
        jsonWithSecrets.map((value) => new TextEncoder().encode(`\ufeff${JSON.stringify(value)}`)),
      )
      .map((bytes): Answer => ({ kind: "bytes", bytes })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.uint8Array({ maxLength: 100 }), fc.oneof(fc.string(), echoedSecret))
      .map(([bytes, message]): Answer => ({ kind: "broken", bytes, message })),
  },
);

/** Mostly 200; any status a `Response` may have, 1xx aside (fetch never hands those over). */
const status = fc.oneof(
  { weight: 3, arbitrary: fc.constant(200) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(201, 204, 205, 301, 304, 400, 401, 403, 404, 410, 429, 500, 503),
  },
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

const retryAfter = fc.option(
  fc.oneof(
    fc.nat().map(String),
    fc.constantFrom(
      "0",
      "-1",
      "1.5",
      "1e400",
      "99999999999999999999",
      "Wed, 21 Oct 2015 07:28:00 GMT",
    ),
    fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  ),
  { nil: undefined },
);

/** An API's failure envelope, written defensively: rules are client code, not under test. */
const envelopeRules: ResponseRules = {
  failureMessage: (body) => {
    const { status, message } = (body ?? {}) as { status?: unknown; message?: unknown };
    return status === "failure" ? (typeof message === "string" ? message : "failure") : undefined;
  },
  isQuotaExceeded: ({ status, body }) =>
    status === 503 && (body as { status?: unknown } | null)?.status === "failure",
  isNotProcessed: ({ status }) => status === 503,
};

/** The text a `fetch` `Response` hands over for `answer`: UTF-8 decoded, byte order mark dropped. */
function decoded(answer: Answer): string {
  const bytes = answer.kind === "text" ? new TextEncoder().encode(answer.text) : answer.bytes;
  return new TextDecoder().decode(bytes);
}

function response(answer: Answer, code: number, headers: Record<string, string>): Response {
  // A 204, 205 or 304 has no body: a server sends none, and `Response` refuses one.
  if (code === 204 || code === 205 || code === 304)
    return new Response(null, { status: code, headers });
  if (answer.kind === "text") return new Response(answer.text, { status: code, headers });
  if (answer.kind === "bytes") {
    // Copied: a `Response` takes a view of a plain `ArrayBuffer` (fast-check may share one).
    return new Response(new Uint8Array(answer.bytes), { status: code, headers });
  }
  const { bytes, message } = answer;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      // The connection drops mid-body, with an error that quotes what it likes.
      controller.error(
        Object.assign(new TypeError(`terminated: ${message}`), { code: "ECONNRESET" }),
      );
    },
  });
  return new Response(stream, { status: code, headers });
}

/** Whether `answer` reaches the client as text (a broken stream does not, unless there is no body). */
const hasBody = (code: number) => code !== 204 && code !== 205 && code !== 304;

describe("createHttpClient().request: the body's JSON, or the error its status names", () => {
  it("any bytes, content type, status, method and Retry-After", {
    timeout: budget.timeout,
  }, async () => {
    await budget.assert(
      fc.asyncProperty(
        answer,
        status,
        contentType,
        retryAfter,
        fc.constantFrom<HttpMethod>("GET", "GET", "POST", "DELETE"),
        fc.boolean(),
        fc.boolean(),
        async (body, code, type, wait, method, withRules, cached) => {
          const headers: Record<string, string> = {};
          if (type !== undefined) headers["content-type"] = type;
          if (wait !== undefined) headers["retry-after"] = wait;
          const stub = stubFetch(() => response(body, code, headers));
          const api = createHttpClient({
            baseURL: "https://api.example.test/v1",
            auth: { headers: { "X-API-KEY": HEADER_SECRET }, query: { private: QUERY_SECRET } },
            fetch: stub.fetch,
            rateLimit: false,
            retry: false,
            cache: cached ? {} : false,
            responses: withRules ? envelopeRules : undefined,
          });
          const outcome = await api
            .request({ method, path: "/resource", query: { user: "alice" } })
            .then(
              (value) => ({ ok: true as const, value }),
              (error: unknown) => ({ ok: false as const, error }),
            );
          // Retries are off: a second request could only be a bug.
          expect(stub.calls).toHaveLength(1);
          const text = hasBody(code) ? decoded(body) : "";
          const broken = body.kind === "broken" && hasBody(code);

          if (outcome.ok) {
            expect(code, "an error status resolved").toBeLessThan(400);
            expect(broken, "a broken body resolved").toBe(false);
            expectExactJson(outcome.value, JSON.parse(text));
            return;
          }
          const { error } = outcome;
          if (!(error instanceof CointapError)) {
            throw new Error(`rejected with a non-cointap error: ${String(error)}`, {
              cause: error,
            });
          }
          expectNoSecrets(error, SECRETS, `${method} ${code}`);
          expect(error).not.toBeInstanceOf(ValidationError);
          const unknown = error instanceof OutcomeUnknownError;
          if (unknown) expect(method, "OutcomeUnknownError on a GET").not.toBe("GET");
          const failure = unknown ? error.cause : error;
          expect(failure).toBeInstanceOf(CointapError);
          if (failure instanceof ResponseValidationError) {
            expect(failure.issues.length).toBeGreaterThan(0);
          }
          if (failure instanceof RateLimitError && failure.retryAfter !== undefined) {
            expect(Number.isFinite(failure.retryAfter) && failure.retryAfter >= 0).toBe(true);
          }
          if (broken) {
            // The body never arrived whole: a connection failure, after sending.
            expect(failure).toBeInstanceOf(ConnectionError);
            expect(unknown).toBe(method !== "GET");
          } else if (code >= 400) {
            expect(failure).toBeInstanceOf(ApiError);
            expect((failure as ApiError).status).toBe(code);
            // A mutation's outcome is unknown after a 5xx, unless the API says "not processed".
            if (unknown) expect(code).toBeGreaterThanOrEqual(500);
          } else {
            const kinds = [ResponseValidationError, ApiError];
            expect(
              kinds.some((kind) => failure instanceof kind),
              String(failure),
            ).toBe(true);
            if (failure instanceof ApiError) expect(failure.status).toBe(code);
          }
        },
      ),
      PLANNED.request,
    );
  });
});

itRanTheBudget(budget);

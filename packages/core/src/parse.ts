/**
 * Response validation: a body becomes a typed value through a schema, or a
 * `ResponseValidationError` that lists every problem and carries the redacted body.
 */

import { type Issue, ResponseValidationError } from "./errors.js";
import { parseExactJson } from "./exact-json.js";
import { excerpt, MAX_BODY } from "./excerpt.js";
import { lazy } from "./lazy.js";
import { createRedactor, type Redactor } from "./redact.js";

/**
 * A schema, by the Standard Schema interface (https://standardschema.dev) that valibot, zod and
 * arktype all implement. The core depends on none of them: a client brings the one it uses.
 */
export interface Schema<Output = unknown> {
  readonly "~standard": {
    validate(value: unknown): SchemaResult<Output> | Promise<SchemaResult<Output>>;
  };
}

/** What a schema's `validate` returns. */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly SchemaIssue[] };

/** One problem a schema found. */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** Context that makes a parse failure useful and safe to report. */
export interface ParseContext {
  status?: number | undefined;
  redactor?: Redactor | undefined;
}

/** Validates `body` against `schema`; never rejects with anything but `ResponseValidationError`. */
export async function parse<Output>(
  schema: Schema<Output>,
  body: unknown,
  context: ParseContext = {},
): Promise<Output> {
  let result: SchemaResult<Output>;
  try {
    result = await schema["~standard"].validate(body);
  } catch (error) {
    // A transform that throws is a bug in a schema, but the caller still gets a typed error.
    const message = error instanceof Error ? error.message : String(error);
    result = { issues: [{ message }] };
  }
  if (result.issues) throw invalidBody(body, result.issues, context);
  return result.value;
}

/**
 * The JSON value of a response body, its numbers exact (see exact-json.ts). An empty body, or one that is not JSON (an HTML error page,
 * a truncated document), is a `ResponseValidationError` carrying the start of the text.
 */
export function parseJsonText(
  text: string,
  contentType: string | null,
  context: ParseContext = {},
): unknown {
  try {
    return parseExactJson(text);
  } catch {
    // Checked only now: `trim()` copies the text, a cost every good body would pay.
    if (!text.trim()) throw invalidBody("", [{ message: "the body is empty" }], context);
    const kind = contentType ? `a ${contentType.split(";")[0]} body` : "a body";
    // Redacted before it is cut: a secret straddling the cut would otherwise leave its start.
    const safe = (context.redactor ?? defaultRedactor()).text(text);
    throw invalidBody(
      excerpt(safe, MAX_BODY),
      [{ message: `expected JSON, got ${kind} that does not parse` }],
      context,
    );
  }
}

const defaultRedactor = lazy(() => createRedactor());

/**
 * The error for a body that is not what was expected, its body and messages redacted (the error
 * cuts them).
 * Issue paths may be a schema's (`{ key }` segments, symbols): they become names and indexes.
 */
export function invalidBody(
  body: unknown,
  issues: readonly (Issue | SchemaIssue)[],
  { status, redactor = defaultRedactor() }: ParseContext,
): ResponseValidationError {
  return new ResponseValidationError({
    status,
    issues: issues.map(({ path = [], message }) => ({
      // A path names the body's keys, and a body may be keyed by a secret.
      path: path.map((segment) => {
        const key = typeof segment === "object" ? segment.key : segment;
        return typeof key === "number" ? key : redactor.text(String(key));
      }),
      message: redactor.text(message),
    })),
    body: redactor.value(body),
  });
}

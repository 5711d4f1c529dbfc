/**
 * Response validation: a body becomes a typed value through a zod schema, or a
 * `ResponseValidationError` that lists every problem and carries the redacted body.
 */

import type * as z from "zod/mini";
import { type Issue, ResponseValidationError } from "./errors.js";
import { lazy } from "./lazy.js";
import { createRedactor, type Redactor } from "./redact.js";

/** Any zod schema (classic or mini). */
export type Schema<Output = unknown> = z.core.$ZodType<Output>;

/** Context that makes a parse failure useful and safe to report. */
export interface ParseContext {
  status?: number | undefined;
  redactor?: Redactor | undefined;
}

/** Validates `body` against `schema`; never throws anything but `ResponseValidationError`. */
export function parse<Output>(
  schema: Schema<Output>,
  body: unknown,
  context: ParseContext = {},
): Output {
  let result: ReturnType<(typeof schema)["~standard"]["validate"]>;
  try {
    result = schema["~standard"].validate(body);
  } catch (error) {
    // A transform that throws is a bug in a schema, but the caller still gets a typed error.
    throw invalidBody(
      body,
      [{ path: [], message: error instanceof Error ? error.message : String(error) }],
      context,
    );
  }
  if (result instanceof Promise) {
    throw invalidBody(body, [{ path: [], message: "the schema is asynchronous" }], context);
  }
  if (result.issues) {
    const issues = result.issues.map((issue) => ({
      path: (issue.path ?? []).map((segment) => {
        const key = typeof segment === "object" ? segment.key : segment;
        return typeof key === "number" ? key : String(key);
      }),
      message: issue.message,
    }));
    throw invalidBody(body, issues, context);
  }
  return result.value as Output;
}

// Bodies kept on errors are cut here: an HTML error page can be megabytes.
const MAX_TEXT_BODY = 2000;

/**
 * The JSON value of a response body. An empty body, or one that is not JSON (an HTML error page,
 * a truncated document), is a `ResponseValidationError` carrying the start of the text.
 */
export function parseJsonText(
  text: string,
  contentType: string | null,
  context: ParseContext = {},
): unknown {
  if (text.trim() === "")
    throw invalidBody("", [{ path: [], message: "the body is empty" }], context);
  try {
    return JSON.parse(text);
  } catch {
    const kind = contentType ? `a ${contentType.split(";")[0]} body` : "a body";
    const excerpt = text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text;
    throw invalidBody(
      excerpt,
      [{ path: [], message: `expected JSON, got ${kind} that does not parse` }],
      context,
    );
  }
}

const defaultRedactor = lazy(() => createRedactor());

/** The error for a body that is not what was expected, its body and messages redacted. */
export function invalidBody(
  body: unknown,
  issues: readonly Issue[],
  { status, redactor }: ParseContext,
): ResponseValidationError {
  const redact = redactor ?? defaultRedactor();
  return new ResponseValidationError({
    status,
    issues: issues.map((issue) => ({ ...issue, message: redact.text(issue.message) })),
    body: redact.value(body),
  });
}

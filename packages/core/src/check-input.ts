/**
 * Input checks by schema: a call's parameters are read once, at the call, then pass through the
 * client's schema before anything is built or sent, and every problem comes back at once as one
 * `ValidationError`.
 */

import { type Issue, ValidationError } from "./errors.js";
import type { Schema, SchemaIssue, SchemaResult } from "./parse.js";
import type { Redactor } from "./redact.js";

/** The most elements of one array in the parameters that are read (more are refused by length). */
export const MAX_INPUT_ITEMS = 1000;

/** The longest array length there is; a proxy may claim any other. */
const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/**
 * A copy of a call's parameters, taken at the call: each of `fields` read once — as a schema
 * would read it, `params[name]`, own or inherited, a getter included — and an array field's length
 * once and its elements by index. What the schema checks, and what is sent, is this copy: a caller
 * that reuses the object for the next call, a getter that answers differently on each read, or an
 * array proxy whose length grows cannot change it. Nothing else of the object is read (a model
 * class's other getters, a large buffer in another field). An array keeps its length but past
 * {@link MAX_INPUT_ITEMS} not its elements: its schema refuses it by length first. Anything that
 * is not an object is returned as it is, for the schema to refuse; a getter or proxy that throws
 * is a `ValidationError`.
 */
export function readInput(params: unknown, fields: readonly string[]): unknown {
  if (typeof params !== "object" || params === null) return params;
  try {
    const copy: Record<string, unknown> = {};
    for (const name of fields) {
      const value: unknown = (params as Record<string, unknown>)[name];
      if (value !== undefined) copy[name] = Array.isArray(value) ? copyArray(value) : value;
    }
    return copy;
  } catch {
    throw new ValidationError([
      { path: [], message: "could not be read (a getter or proxy threw)" },
    ]);
  }
}

function copyArray(array: readonly unknown[]): unknown[] {
  const length: unknown = array.length;
  if (
    !(Number.isInteger(length) && (length as number) >= 0 && (length as number) <= MAX_ARRAY_LENGTH)
  )
    throw new RangeError("not an array length");
  const items = new Array<unknown>(length as number);
  // Indexed, not iterated: a hole is read as `undefined`, and a custom iterator is not run.
  for (let index = 0; index < Math.min(length as number, MAX_INPUT_ITEMS); index++)
    items[index] = array[index];
  return items;
}

/**
 * The schema's output for `value`, or a `ValidationError` with one issue per problem. Give it
 * {@link readInput}'s copy: a getter of the caller's run inside a schema may be caught and run
 * again asynchronously (zod does). The schema
 * must be synchronous (an input check waits for nothing). A schema that throws — a getter of the
 * caller's that throws, a revoked proxy — is a `ValidationError` too, never the thrown error. With
 * a `redactor`, the client's secrets are cut out of the messages: a key passed in the wrong field
 * is shown as `[REDACTED]`.
 */
export function checkInput<Output>(
  schema: Schema<Output>,
  value: unknown,
  redactor?: Redactor,
): Output {
  let result: ReturnType<Schema<Output>["~standard"]["validate"]>;
  try {
    result = schema["~standard"].validate(value);
  } catch {
    throw new ValidationError([
      { path: [], message: "could not be read (a getter or proxy threw)" },
    ]);
  }
  // Any thenable, not only this realm's `Promise` (a schema from another realm returns its own).
  if (typeof (result as { then?: unknown }).then === "function") {
    // Nothing awaits here: a rejection of it is the schema's bug, but must not go unhandled.
    (result as PromiseLike<unknown>).then(undefined, () => {});
    throw new ValidationError([{ path: [], message: "the input schema must be synchronous" }]);
  }
  const settled = result as SchemaResult<Output>;
  if (settled.issues)
    throw new ValidationError(settled.issues.map((issue) => toIssue(issue, redactor)));
  return settled.value;
}

function toIssue({ path = [], message }: SchemaIssue, redactor?: Redactor): Issue {
  return {
    path: path.map((segment) => {
      const key = typeof segment === "object" ? segment.key : segment;
      if (typeof key === "number") return key;
      return redactor ? redactor.text(String(key)) : String(key);
    }),
    message: redactor ? redactor.text(message) : message,
  };
}

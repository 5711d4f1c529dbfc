/**
 * Input checks by schema: a call's parameters pass through the client's schema before anything is
 * built or sent, and every problem comes back at once as one `ValidationError`.
 */

import { type Issue, ValidationError } from "./errors.js";
import type { Schema, SchemaIssue, SchemaResult } from "./parse.js";

/**
 * The schema's output for `value`, or a `ValidationError` with one issue per problem. The schema
 * must be synchronous (an input check waits for nothing). A schema that throws — a getter of the
 * caller's that throws, a revoked proxy — is a `ValidationError` too, never the thrown error.
 */
export function checkInput<Output>(schema: Schema<Output>, value: unknown): Output {
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
  if (settled.issues) throw new ValidationError(settled.issues.map(toIssue));
  return settled.value;
}

function toIssue({ path = [], message }: SchemaIssue): Issue {
  return {
    path: path.map((segment) => {
      const key = typeof segment === "object" ? segment.key : segment;
      return typeof key === "number" ? key : String(key);
    }),
    message,
  };
}

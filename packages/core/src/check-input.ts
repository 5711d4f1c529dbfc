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

/** How many prototypes deep a parameter object's getters are looked for. */
const MAX_PROTOTYPES = 16;

/** The longest array length there is; a proxy may claim any other. */
const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/**
 * A copy of a call's parameters, taken at the call: the object's enumerable fields, and the
 * elements of its arrays and the fields of its objects one level down, each read once (an
 * array's `length` too). What the schema checks, and what is sent, is this copy: a caller that
 * reuses the object for the next call, a getter that answers differently on each read, or an array
 * proxy whose length grows, cannot change it. Past {@link MAX_INPUT_ITEMS} elements an array keeps
 * its length but not its elements (its schema refuses it by length first). A getter or proxy that
 * throws is a `ValidationError`.
 */
export function readInput(value: unknown): unknown {
  try {
    return copy(value, 2);
  } catch {
    throw new ValidationError([
      { path: [], message: "could not be read (a getter or proxy threw)" },
    ]);
  }
}

function copy(value: unknown, depth: number): unknown {
  if (depth === 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const length: unknown = value.length;
    if (
      !(
        Number.isInteger(length) &&
        (length as number) >= 0 &&
        (length as number) <= MAX_ARRAY_LENGTH
      )
    )
      throw new RangeError("not an array length");
    const items = new Array<unknown>(length as number);
    const read = Math.min(length as number, MAX_INPUT_ITEMS);
    // Indexed, not iterated: a hole is read as `undefined`, and a custom iterator is not run.
    for (let index = 0; index < read; index++) items[index] = copy(value[index], depth - 1);
    return items;
  }
  // Any object, whatever its prototype (a class instance, another realm's object, defaults
  // inherited through `Object.create`): what a schema reading `value[key]` would see, read now.
  const fields: Record<string, unknown> = {};
  for (const key of fieldNames(value)) {
    // Defined, not assigned: a `__proto__` field stays a field, never the copy's prototype.
    Object.defineProperty(fields, key, {
      value: copy((value as Record<string, unknown>)[key], depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return fields;
}

/**
 * The names an object answers to: its enumerable fields, own and inherited, and the getters of
 * its prototypes (a class's `get user()`), short of `Object.prototype`.
 */
function fieldNames(value: object): Set<string> {
  const names = new Set<string>();
  for (const key in value) names.add(key);
  // Bounded: a proxy's `getPrototypeOf` may answer a new object forever.
  let prototype = Object.getPrototypeOf(value);
  for (
    let depth = 0;
    prototype !== null && prototype !== Object.prototype && depth < MAX_PROTOTYPES;
    depth++, prototype = Object.getPrototypeOf(prototype)
  ) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (typeof Object.getOwnPropertyDescriptor(prototype, name)?.get === "function")
        names.add(name);
    }
  }
  return names;
}

/**
 * The schema's output for `value` (read by {@link readInput}), or a `ValidationError` with one
 * issue per problem. The schema
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
  // The schema sees a copy (see readInput): no getter of the caller's runs inside it, where a
  // library may catch its throw and try again asynchronously (zod does).
  const given = readInput(value);
  let result: ReturnType<Schema<Output>["~standard"]["validate"]>;
  try {
    result = schema["~standard"].validate(given);
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

/**
 * The few schema pieces CoinImp's answers need — conversions, objects, lists — each a function that
 * reads a value at a path and records what is wrong with it, and `schema()` to turn one into the
 * Standard Schema the core runs. Every issue is collected (not just the first), at its own path.
 *
 * Why not a schema library: CoinImp's fields are all custom conversions (numbers as strings,
 * lists as index-keyed objects, unix seconds), so a library would add only objects and arrays —
 * for about 2 KB gzipped, a fifth of this client's size budget (see the README).
 */

import type { Schema, SchemaIssue } from "@cointap/core";

type Path = readonly PropertyKey[];

/**
 * Reads `value` (found at `path`) into an output, or pushes issues. When it pushed any, its
 * output is never used.
 */
export type Shape<Output> = (value: unknown, path: Path, issues: SchemaIssue[]) => Output;

/** The Standard Schema of a shape. */
export function schema<Output>(shape: Shape<Output>): Schema<Output> {
  return {
    "~standard": {
      validate(value) {
        const issues: SchemaIssue[] = [];
        const output = shape(value, [], issues);
        return issues.length > 0 ? { issues } : { value: output };
      },
    },
  };
}

/**
 * A conversion: `to` returns the value read, or `undefined` when the input is not one; the issue
 * then says what was expected and, unless `showInput` is false (a long list), what came.
 */
export function convert<Output>(
  expected: string,
  to: (value: unknown) => Output | undefined,
  showInput = true,
): Shape<Output> {
  return (value, path, issues) => {
    const output = to(value);
    if (output === undefined) {
      const got = showInput
        ? `, got ${value === undefined ? "nothing" : JSON.stringify(value)}`
        : "";
      issues.push({ path, message: `expected ${expected}${got}` });
    }
    return output as Output;
  };
}

export const string = convert("a string", (value) =>
  typeof value === "string" ? value : undefined,
);

/** An object with these fields (others are dropped), each read at its own path. */
export function fields<Fields extends Record<string, Shape<unknown>>>(
  shapes: Fields,
): Shape<{ [Key in keyof Fields]: ReturnType<Fields[Key]> }> {
  return (value, path, issues) => {
    const output: Record<string, unknown> = {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      issues.push({
        path,
        message: `expected an object, got ${JSON.stringify(value) ?? "nothing"}`,
      });
      return output as never;
    }
    for (const [key, shape] of Object.entries(shapes)) {
      output[key] = shape((value as Record<string, unknown>)[key], [...path, key], issues);
    }
    return output as never;
  };
}

/**
 * A list sent as an array, or as an object keyed by index (PHP's `json_encode`), in index order;
 * each item read at its own path (`message.1.timestamp`).
 */
export function list<Item>(item: Shape<Item>): Shape<Item[]> {
  const items = convert(
    "a list, or an object keyed by index",
    (value): unknown[] | undefined => {
      if (Array.isArray(value)) return value;
      if (typeof value !== "object" || value === null) return;
      const entries = Object.entries(value);
      if (!entries.every(([key]) => /^\d+$/.test(key))) return;
      return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, entry]) => entry);
    },
    false,
  );
  return (value, path, issues) =>
    (items(value, path, issues) ?? []).map((entry, index) => item(entry, [...path, index], issues));
}

/** A shape whose output, when it read without issues, is reshaped by `to`. */
export function map<Input, Output>(
  shape: Shape<Input>,
  to: (input: Input) => Output,
): Shape<Output> {
  return (value, path, issues) => {
    const before = issues.length;
    const input = shape(value, path, issues);
    return (issues.length === before ? to(input) : undefined) as Output;
  };
}

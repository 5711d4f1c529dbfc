/**
 * `@cointap/core/schema-parts`: what the clients' zod/mini schemas are built with — their English
 * and their conversions.
 *
 * zod/mini ships its messages as locales (60+ modules, and `z.config` would change them for every
 * user of zod in the program); cointap's schemas carry their own text instead, so no locale is
 * ever loaded and the messages read the same everywhere. This entry is apart from the core's own,
 * so importing the core never loads zod.
 */

// The package's own entry, not ./decimal.js: shared with it, the file would become a chunk of its own.
import { describeValue, toDecimal } from "@cointap/core";
import * as z from "zod/mini";

/** What an issue says about the value it refused. */
export type Say = (value: unknown) => string;

/** A refused value, safe to show (see the core's `describeValue`). */
export const describe = describeValue;

/** A response's issue: "expected …, got …" (without the value when it would be long). */
export function expected(what: string, showValue = true): Say {
  return (value) => (showValue ? `expected ${what}, got ${describe(value)}` : `expected ${what}`);
}

/** An input's issue: "must be …, got …" — its path names the field. */
export function mustBe(what: string, showValue = true): Say {
  return (value) => (showValue ? `must be ${what}, got ${describe(value)}` : `must be ${what}`);
}

/** The `error` option of a zod schema, saying `say` of the refused value. */
export function saying(say: Say): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => say(issue.input) };
}

/** A value refused with a reason of its own, returned by a conversion's `read`. */
export class Refusal {
  constructor(readonly reason: string) {}
}

/**
 * A conversion as a schema: `read` returns the value read; or `undefined` when the input is not
 * one, and then the issue says `say` of it; or a `Refusal`, whose reason is the issue.
 */
export function convert<Output>(
  read: (value: unknown) => Output | Refusal | undefined,
  say: Say = expected("a valid value"),
) {
  return z.transform((value: unknown, context): Output => {
    const output = read(value);
    if (output !== undefined && !(output instanceof Refusal)) return output;
    const message = output instanceof Refusal ? output.reason : say(value);
    context.issues.push({ code: "custom", message, input: value });
    return z.NEVER;
  });
}

/**
 * `schema`, its input type declared as `Input`: the public parameter types name the values a
 * caller may pass (`"MINTME" | "mintme" | …`), where a conversion alone would say `unknown`.
 * Types only: nothing is added to the schema.
 */
export function accepting<Input>() {
  return <Schema extends z.ZodMiniType>(schema: Schema) =>
    schema as unknown as z.ZodMiniType<z.output<Schema>, Input>;
}

/**
 * An amount in a response: a number or a decimal string → its exact decimal string; never
 * negative, and `positive` refuses zero too. A value beyond a double's range is refused whether it
 * comes as a number (`1e400`, read as `Infinity`) or as text (`"1e400"`): no amount is that large.
 */
export function amount(positive = false) {
  return convert(
    (value) => {
      if (typeof value !== "number" && typeof value !== "string") return undefined;
      const decimal = toDecimal(typeof value === "string" ? value.trim() : value);
      if (decimal === undefined || decimal.startsWith("-") || !Number.isFinite(Number(decimal)))
        return undefined;
      return positive && decimal === "0" ? undefined : decimal;
    },
    expected(positive ? "a positive amount" : "a non-negative decimal amount"),
  );
}

/** Text, in a response: "expected a string". */
export const string = convert(
  (value) => (typeof value === "string" ? value : undefined),
  expected("a string"),
);

/** An object of these fields, others dropped; refused as "expected an object" (a response). */
export function record<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object(shape, saying(expected("an object")));
}

/** A call's parameters: an object of these fields, each read once, others ignored. */
export function params<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object(shape, saying(mustBe("an object of parameters")));
}

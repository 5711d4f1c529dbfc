/**
 * The reply to a mix, shape only: `{ currency, amount, address, address_legacy }`. Whether the
 * deposit address is one coins can be sent to is checked after (see mixes.ts), so that a bad one is
 * a `ResponseValidationError` of its own.
 *
 * Four fields do not need a schema library: this is the whole check, written out, as a Standard
 * Schema the core can run. (A library would cost more than the rest of the client: see the README.)
 */

import { type Schema, type SchemaIssue, toDecimal } from "@cointap/core";

/** The reply, its amount an exact positive decimal string. */
export interface MixReply {
  currency: string;
  amount: string;
  address: string;
  address_legacy?: string | null | undefined;
}

export const mixReply: Schema<MixReply> = {
  "~standard": {
    validate(body) {
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return { issues: [{ message: `expected an object, got ${describe(body)}` }] };
      }
      const reply = body as Record<string, unknown>;
      const issues: SchemaIssue[] = [];
      const expect = (key: string, ok: boolean, what: string) => {
        if (!ok)
          issues.push({ path: [key], message: `expected ${what}, got ${describe(reply[key])}` });
      };
      const { currency, amount, address, address_legacy: legacy } = reply;
      const decimal =
        typeof amount === "string" || typeof amount === "number"
          ? toDecimal(typeof amount === "string" ? amount.trim() : amount)
          : undefined;
      expect("currency", typeof currency === "string", "a string");
      expect(
        "amount",
        !!decimal && decimal !== "0" && !decimal.startsWith("-"),
        "a positive amount",
      );
      expect("address", typeof address === "string", "a string");
      expect("address_legacy", legacy == null || typeof legacy === "string", "a string or null");
      if (issues.length > 0) return { issues };
      return {
        value: {
          currency: currency as string,
          amount: decimal as string,
          address: address as string,
          address_legacy: legacy as string | null | undefined,
        },
      };
    },
  },
};

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

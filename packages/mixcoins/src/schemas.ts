/**
 * The reply to a mix, shape only: `{ currency, amount, address, address_legacy }`. Whether the
 * deposit address is one coins can be sent to is checked after (see mixes.ts), so that a bad one is
 * a `ResponseValidationError` of its own. Loaded on first use: zod costs ~75 ms to load in Node.
 */

import { toDecimal } from "@cointap/core";
import * as z from "zod/mini";

export const mixReply = z.object({
  currency: z.string(),
  amount: z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((value, ctx): string => {
      const decimal = toDecimal(typeof value === "string" ? value.trim() : value);
      if (decimal === undefined || decimal.startsWith("-") || decimal === "0") {
        ctx.issues.push({
          code: "custom",
          message: `expected a positive amount, got ${JSON.stringify(value)}`,
          input: value,
        });
        return z.NEVER;
      }
      return decimal;
    }),
  ),
  address: z.string(),
  address_legacy: z.optional(z.nullable(z.string())),
});

export type MixReply = z.output<typeof mixReply>;

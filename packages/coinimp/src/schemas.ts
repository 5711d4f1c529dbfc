/**
 * Response schemas: lenient in, exact out. Numbers may arrive as numbers or numeric strings, lists
 * as arrays or as objects keyed by index, timestamps as unix seconds; they leave as safe integers,
 * exact decimal strings, arrays and `Date`s — or as a `ResponseValidationError`.
 *
 * This module is loaded on the first call, not at import: zod costs ~75 ms to load in Node.
 */

import { toDecimal } from "@cointap/core";
import * as z from "zod/mini";
import type {
  AccountStats,
  Payment,
  PaymentStatus,
  SiteStats,
  SiteSummary,
  UserBalance,
} from "./types.js";

type Context = Parameters<Parameters<typeof z.transform>[0]>[1];

function invalid(ctx: Context, input: unknown, message: string): never {
  ctx.issues.push({ code: "custom", message, input });
  return z.NEVER;
}

const numberOrString = z.union([z.number(), z.string()]);

/** An amount: a number or a decimal string, never negative → its exact decimal string. */
const money = z.pipe(
  numberOrString,
  z.transform((value, ctx): string => {
    const decimal = toDecimal(typeof value === "string" ? value.trim() : value);
    if (decimal === undefined || decimal.startsWith("-")) {
      return invalid(
        ctx,
        value,
        `expected a non-negative decimal amount, got ${JSON.stringify(value)}`,
      );
    }
    return decimal;
  }),
);

/** A count (hashes): a non-negative safe integer, as a number or a string of digits. */
const count = z.pipe(
  numberOrString,
  z.transform((value, ctx): number => {
    const parsed = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    // `+ 0` turns a JSON `-0` into 0.
    if (typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed >= 0)
      return parsed + 0;
    return invalid(ctx, value, `expected a whole count, got ${JSON.stringify(value)}`);
  }),
);

/** A rate: a finite non-negative number, as a number or a numeric string. */
const rate = z.pipe(
  numberOrString,
  z.transform((value, ctx): number => {
    // Decimal text only: `Number` would also read "0x10", "0b1" and "0o7".
    const decimal = typeof value === "string" && toDecimal(value.trim()) !== undefined;
    const parsed = decimal ? Number(value) : value;
    if (typeof parsed === "number" && Number.isFinite(parsed) && parsed >= 0) return parsed + 0;
    return invalid(ctx, value, `expected a rate, got ${JSON.stringify(value)}`);
  }),
);

/** Text the API may send as a number (a hash rate shown as given). */
const text = z.pipe(
  numberOrString,
  z.transform((value): string => String(value)),
);

/** Unix seconds (number or digits) → `Date`. */
const unixTime = z.pipe(
  numberOrString,
  z.transform((value, ctx): Date => {
    const seconds = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof seconds === "number" && Number.isSafeInteger(seconds) && seconds >= 0) {
      const date = new Date(seconds * 1000);
      // Past year 275760 a `Date` is invalid: refused, never returned as `Invalid Date`.
      if (!Number.isNaN(date.getTime())) return date;
    }
    return invalid(ctx, value, `expected a unix time in seconds, got ${JSON.stringify(value)}`);
  }),
);

const paymentStatus = z.pipe(
  z.string(),
  z.transform((value, ctx): PaymentStatus => {
    const upper = value.toUpperCase();
    if (upper === "PAID" || upper === "ERROR" || upper === "PENDING") return upper;
    return invalid(ctx, value, `expected PAID, ERROR or PENDING, got ${JSON.stringify(value)}`);
  }),
);

/**
 * A list sent as an array, or as an object keyed by index (PHP's `json_encode`), in index order.
 * The shape is settled first and the items checked after, so a bad item is reported at its own
 * path (`message.1.timestamp`) instead of as one "Invalid input" of a union.
 */
function list<Item extends z.core.SomeType>(item: Item) {
  return z.pipe(
    z.transform((value: unknown, ctx): unknown[] => {
      if (Array.isArray(value)) return value;
      if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value);
        if (entries.every(([key]) => /^\d+$/.test(key))) {
          return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, entry]) => entry);
        }
      }
      return invalid(ctx, value, "expected a list, or an object keyed by index");
    }),
    z.array(item),
  );
}

/** `{"status":"success","message":…}` → the message. Failures never get here (see rules.ts). */
function envelope<Message extends z.core.SomeType>(message: Message) {
  return z.pipe(
    z.object({ status: z.literal("success"), message }),
    // A generic object type defeats inference of `message`: name its type.
    z.transform((body) => (body as unknown as { message: z.output<Message> }).message),
  );
}

const balance = z.pipe(
  z.object({ name: z.string(), pending: money, withdrawn: count, hashes: count, hashRate: text }),
  z.transform((wire): UserBalance => ({ ...wire })),
);

export const hashes = envelope(count);
export const reward = envelope(money);
export const userBalance = envelope(balance);
export const userList = envelope(list(z.string()));
export const withdrawal = envelope(balance);

export const accountStats = envelope(
  z.pipe(
    z.object({ hashrate: rate, hashes: count, reward: money, "reward-pending": money }),
    z.transform(
      (wire): AccountStats => ({
        hashrate: wire.hashrate,
        hashes: wire.hashes,
        reward: wire.reward,
        rewardPending: wire["reward-pending"],
      }),
    ),
  ),
);

export const accountSites = envelope(
  list(
    z.pipe(
      z.object({ name: z.string(), "site-key": z.string() }),
      z.transform((wire): SiteSummary => ({ name: wire.name, siteKey: wire["site-key"] })),
    ),
  ),
);

export const accountPayments = envelope(
  list(
    z.pipe(
      z.object({
        amount: money,
        fee: money,
        status: paymentStatus,
        wallet_address: z.string(),
        tx_id: z.string(),
        timestamp: unixTime,
      }),
      z.transform(
        (wire): Payment => ({
          amount: wire.amount,
          fee: wire.fee,
          status: wire.status,
          walletAddress: wire.wallet_address,
          txId: wire.tx_id,
          timestamp: wire.timestamp,
        }),
      ),
    ),
  ),
);

export const siteStats = envelope(
  z.pipe(
    z.object({ name: z.string(), hashrate: rate, hashes: count, reward: money }),
    z.transform((wire): SiteStats => ({ ...wire })),
  ),
);

export const siteDeleted = envelope(text);

export const payout = envelope(
  z.pipe(
    z.object({ result: money }),
    z.transform((wire) => wire.result),
  ),
);

/**
 * Response schemas: lenient in, exact out. Numbers may arrive as numbers or numeric strings, lists
 * as arrays or as objects keyed by index, timestamps as unix seconds; they leave as safe integers,
 * exact decimal strings, arrays and `Date`s — or as a `ResponseValidationError`.
 *
 * Built from the small pieces in shape.ts.
 */

import { toDecimal } from "@cointap/core";
import { convert, fields, list, map, type Shape, schema, string } from "./shape.js";
import type {
  AccountStats,
  Payment,
  PaymentStatus,
  SiteStats,
  SiteSummary,
  UserBalance,
} from "./types.js";

/** A number, or a string of decimal digits as its number (`Number` alone would read "0x10"). */
function digits(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** An amount: a number or a decimal string, never negative → its exact decimal string. */
const money = convert("a non-negative decimal amount", (value) => {
  if (typeof value !== "number" && typeof value !== "string") return;
  const decimal = toDecimal(typeof value === "string" ? value.trim() : value);
  return decimal?.startsWith("-") ? undefined : decimal;
});

/** A count (hashes): a non-negative safe integer, as a number or a string of digits. */
const count = convert("a whole count", (value) => {
  const parsed = digits(value);
  // `+ 0` turns a JSON `-0` into 0.
  return typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed >= 0
    ? parsed + 0
    : undefined;
});

/** A rate: a finite non-negative number, as a number or a numeric string. */
const rate = convert("a rate", (value) => {
  // Decimal text only: `Number` would also read "0x10", "0b1" and "0o7".
  const decimal = typeof value === "string" && toDecimal(value.trim()) !== undefined;
  const parsed = decimal ? Number(value) : value;
  return typeof parsed === "number" && Number.isFinite(parsed) && parsed >= 0
    ? parsed + 0
    : undefined;
});

/** Text the API may send as a number (a hash rate shown as given). */
const text = convert("a string or a number", (value) =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined,
);

/** Unix seconds (number or digits) → `Date`. */
const unixTime = convert("a unix time in seconds", (value) => {
  const seconds = digits(value);
  if (!(typeof seconds === "number" && Number.isSafeInteger(seconds) && seconds >= 0)) return;
  const date = new Date(seconds * 1000);
  // Past year 275760 a `Date` is invalid: refused, never returned as `Invalid Date`.
  return Number.isNaN(date.getTime()) ? undefined : date;
});

const paymentStatus = convert("PAID, ERROR or PENDING", (value): PaymentStatus | undefined => {
  const upper = typeof value === "string" ? value.toUpperCase() : undefined;
  return upper === "PAID" || upper === "ERROR" || upper === "PENDING" ? upper : undefined;
});

const success = convert('"success"', (value) => (value === "success" ? value : undefined));

/** `{"status":"success","message":…}` → the message. Failures never get here (see rules.ts). */
function envelope<Message>(message: Shape<Message>) {
  return schema(map(fields({ status: success, message }), (body) => body.message));
}

const balance = map(
  fields({ name: string, pending: money, withdrawn: count, hashes: count, hashRate: text }),
  (wire): UserBalance => ({ ...wire }),
);

export const hashes = envelope(count);
export const reward = envelope(money);
export const userBalance = envelope(balance);
export const userList = envelope(list(string));
export const withdrawal = envelope(balance);

export const accountStats = envelope(
  map(
    fields({ hashrate: rate, hashes: count, reward: money, "reward-pending": money }),
    (wire): AccountStats => ({
      hashrate: wire.hashrate,
      hashes: wire.hashes,
      reward: wire.reward,
      rewardPending: wire["reward-pending"],
    }),
  ),
);

export const accountSites = envelope(
  list(
    map(
      fields({ name: string, "site-key": string }),
      (wire): SiteSummary => ({ name: wire.name, siteKey: wire["site-key"] }),
    ),
  ),
);

export const accountPayments = envelope(
  list(
    map(
      fields({
        amount: money,
        fee: money,
        status: paymentStatus,
        wallet_address: string,
        tx_id: string,
        timestamp: unixTime,
      }),
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
);

export const siteStats = envelope(
  map(
    fields({ name: string, hashrate: rate, hashes: count, reward: money }),
    (wire): SiteStats => ({ ...wire }),
  ),
);

export const siteDeleted = envelope(text);

export const payout = envelope(map(fields({ result: money }), (wire) => wire.result));

/**
 * What CoinImp answers, one schema per endpoint: the wire shape read leniently (see wire.ts) and
 * turned into the client's output — camelCase, exact decimal strings, `Date`s. The records are
 * exported on their own too, to check stored or forwarded data with the same definitions.
 */

import { convert, expected, record, string } from "@cointap/core/schema-parts";
import * as z from "zod/mini";
import { count, envelope, list, money, rate, text, unixTime } from "./wire.js";

/** A user's balance on a site: `message` of `/user/balance` and `/user/withdraw`. */
export const userBalance = record({
  name: string,
  /** Reward not yet withdrawn, as an exact decimal string. */
  pending: money,
  /** Hashes withdrawn so far. */
  withdrawn: count,
  /** Hashes mined and not yet withdrawn. */
  hashes: count,
  /** The user's current hash rate, as the API gives it. */
  hashRate: text,
});

/** The account's totals in one currency: `message` of `/account/stats`. */
export const accountStats = z.pipe(
  record({ hashrate: rate, hashes: count, reward: money, "reward-pending": money }),
  z.transform((wire) => ({
    hashrate: wire.hashrate,
    hashes: wire.hashes,
    /** Exact decimal string. */
    reward: wire.reward,
    /** Exact decimal string. */
    rewardPending: wire["reward-pending"],
  })),
);

/** One site of the account: an item of `/account/sites`. */
export const siteSummary = z.pipe(
  record({ name: string, "site-key": string }),
  z.transform((wire) => ({ name: wire.name, siteKey: wire["site-key"] })),
);

/** A site's figures: `message` of `/site`. */
export const siteStats = record({
  name: string,
  hashrate: rate,
  hashes: count,
  /** Exact decimal string. */
  reward: money,
});

const PAYMENT_STATUSES = ["PAID", "ERROR", "PENDING"] as const;

/** A payment's state, sent in any case, read upper case. */
export const paymentStatus = convert((value) => {
  const upper = typeof value === "string" ? value.toUpperCase() : undefined;
  return PAYMENT_STATUSES.find((status) => status === upper);
}, expected("PAID, ERROR or PENDING"));

/** One payment to the account: an item of `/account/payments`. */
export const payment = z.pipe(
  record({
    amount: money,
    fee: money,
    status: paymentStatus,
    wallet_address: string,
    tx_id: string,
    timestamp: unixTime,
  }),
  z.transform((wire) => ({
    /** Exact decimal string. */
    amount: wire.amount,
    /** Exact decimal string. */
    fee: wire.fee,
    status: wire.status,
    walletAddress: wire.wallet_address,
    txId: wire.tx_id,
    timestamp: wire.timestamp,
  })),
);

/** Every endpoint's whole answer, `{"status":"success","message":…}`, to its output. */
export const responses = {
  hashes: envelope(count),
  reward: envelope(money),
  payout: envelope(
    z.pipe(
      record({ result: money }),
      z.transform((wire) => wire.result),
    ),
  ),
  userBalance: envelope(userBalance),
  userList: envelope(list(string)),
  userWithdraw: envelope(userBalance),
  accountStats: envelope(accountStats),
  accountSites: envelope(list(siteSummary)),
  accountPayments: envelope(list(payment)),
  siteStats: envelope(siteStats),
  siteDelete: envelope(text),
};

export type UserBalance = z.output<typeof userBalance>;
export type AccountStats = z.output<typeof accountStats>;
export type SiteSummary = z.output<typeof siteSummary>;
export type SiteStats = z.output<typeof siteStats>;
export type PaymentStatus = z.output<typeof paymentStatus>;
export type Payment = z.output<typeof payment>;

/**
 * How long each answer is kept, and what a change makes stale. The quota is 3 calls a minute, so
 * every cached read is a call saved; lifetimes follow how fast each figure moves.
 */

import type { Query } from "@cointap/core";
import type { Currency } from "./schemas/inputs.js";

/** Cache lifetimes in ms, per endpoint. */
export const CACHE_TTL = {
  /** Mining totals move with every share; half a minute is fresh enough for a dashboard. */
  hashes: 30_000,
  reward: 30_000,
  accountStats: 30_000,
  siteStats: 30_000,
  /** A balance is what a payout is decided on: kept briefly, and dropped on withdrawal. */
  userBalance: 15_000,
  userList: 60_000,
  accountSites: 60_000,
  accountPayments: 60_000,
  /** The payout rate per million hashes changes slowly. */
  payout: 300_000,
} as const;

const CURRENCIES: readonly Currency[] = ["MINTME", "XMR"];

type CachedRead = { path: string; query: Query };

/** What a withdrawal changes: the user's balance and the account's stats (either currency). */
export function staleAfterWithdraw(siteKey: string, user: string): CachedRead[] {
  return [
    { path: "/user/balance", query: { "site-key": siteKey, user } },
    ...CURRENCIES.map((currency) => ({ path: "/account/stats", query: { currency } })),
  ];
}

/** What deleting a site changes: the site, its users, and every total it counted in. */
export function staleAfterDelete(siteKey: string): CachedRead[] {
  return [
    { path: "/site", query: { "site-key": siteKey } },
    { path: "/user/list", query: { "site-key": siteKey } },
    ...CURRENCIES.flatMap((currency) => [
      { path: "/account/sites", query: { currency } },
      { path: "/account/stats", query: { currency } },
      { path: "/hashes", query: { currency } },
      { path: "/reward", query: { currency } },
      { path: "/hashes", query: { currency, "site-key": siteKey } },
      { path: "/reward", query: { currency, "site-key": siteKey } },
    ]),
  ];
}

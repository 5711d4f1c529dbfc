/**
 * Every CoinImp call in one table: its HTTP method and path, how long its answer is cached, and
 * what it makes stale. The schemas of its parameters and answer carry the same name in
 * `schemas/inputs.ts` and `schemas/responses.ts`.
 */

import type { Query } from "@cointap/core";
import { CACHE_TTL, staleAfterDelete, staleAfterWithdraw } from "./cache-policy.js";

/** A cached read. */
interface Read {
  method: "GET";
  path: string;
  ttl: number;
}

/** A call that changes something: never repeated once it may have been applied. */
interface Write {
  method: "POST" | "DELETE";
  path: string;
  /** Where the parameters go: a form body (POST) or the query (DELETE). */
  send: "form" | "query";
  /** The cached reads the change makes stale, from the parameters sent. */
  invalidates: (sent: Query) => { path: string; query: Query }[];
}

export type Endpoint = Read | Write;

const read = (path: string, ttl: number): Read => ({ method: "GET", path, ttl });

export const ENDPOINTS = {
  hashes: read("/hashes", CACHE_TTL.hashes),
  reward: read("/reward", CACHE_TTL.reward),
  payout: read("/payout/1mhash", CACHE_TTL.payout),
  userBalance: read("/user/balance", CACHE_TTL.userBalance),
  userList: read("/user/list", CACHE_TTL.userList),
  userWithdraw: {
    method: "POST",
    path: "/user/withdraw",
    send: "form",
    invalidates: (sent) => staleAfterWithdraw(String(sent["site-key"]), String(sent.user)),
  },
  accountStats: read("/account/stats", CACHE_TTL.accountStats),
  accountSites: read("/account/sites", CACHE_TTL.accountSites),
  accountPayments: read("/account/payments", CACHE_TTL.accountPayments),
  siteStats: read("/site", CACHE_TTL.siteStats),
  siteDelete: {
    method: "DELETE",
    path: "/site",
    send: "query",
    invalidates: (sent) => staleAfterDelete(String(sent["site-key"])),
  },
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

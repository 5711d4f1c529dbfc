/**
 * Every CoinImp call in one table: its HTTP method and path, how long its answer is cached, and
 * what it makes stale. The schemas of its parameters and answer carry the same name in
 * `schemas/inputs.ts` and `schemas/responses.ts`.
 */

import type { Query } from "@cointap/core";
import { CACHE_TTL, staleAfterDelete, staleAfterWithdraw } from "./cache-policy.js";

/** The parameters a call takes (its input schema's fields), read at the call. */
type Fields = readonly string[];

/** A cached read. */
interface Read {
  method: "GET";
  path: string;
  fields: Fields;
  ttl: number;
}

/** A call that changes something: never repeated once it may have been applied. */
interface Write {
  method: "POST" | "DELETE";
  path: string;
  fields: Fields;
  /** Where the parameters go: a form body (POST) or the query (DELETE). */
  send: "form" | "query";
  /** The cached reads the change makes stale, from the parameters sent. */
  invalidates: (sent: Query) => { path: string; query: Query }[];
}

export type Endpoint = Read | Write;

const read = (path: string, fields: Fields, ttl: number): Read => ({
  method: "GET",
  path,
  fields,
  ttl,
});

const CURRENCY = ["currency"];
const CURRENCY_SITE = ["currency", "siteKey"];
const SITE = ["siteKey"];
const USER = ["siteKey", "user"];

export const ENDPOINTS = {
  hashes: read("/hashes", CURRENCY_SITE, CACHE_TTL.hashes),
  reward: read("/reward", CURRENCY_SITE, CACHE_TTL.reward),
  payout: read("/payout/1mhash", CURRENCY, CACHE_TTL.payout),
  userBalance: read("/user/balance", USER, CACHE_TTL.userBalance),
  userList: read("/user/list", SITE, CACHE_TTL.userList),
  userWithdraw: {
    method: "POST",
    path: "/user/withdraw",
    fields: [...USER, "amount"],
    send: "form",
    invalidates: (sent) => staleAfterWithdraw(String(sent["site-key"]), String(sent.user)),
  },
  accountStats: read("/account/stats", CURRENCY, CACHE_TTL.accountStats),
  accountSites: read("/account/sites", CURRENCY, CACHE_TTL.accountSites),
  accountPayments: read("/account/payments", CURRENCY, CACHE_TTL.accountPayments),
  siteStats: read("/site", SITE, CACHE_TTL.siteStats),
  siteDelete: {
    method: "DELETE",
    path: "/site",
    fields: SITE,
    send: "query",
    invalidates: (sent) => staleAfterDelete(String(sent["site-key"])),
  },
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

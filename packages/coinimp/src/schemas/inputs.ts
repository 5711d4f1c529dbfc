/**
 * What each call takes, one schema per endpoint: the caller's parameters (camelCase, currency in
 * any case) checked and turned into the exact wire parameters (`site-key`, upper-case currency).
 * Run before anything is sent; every problem is one issue of the `ValidationError`, at its field.
 */

import { accepting, convert, mustBe, params, Refusal } from "@cointap/core/schema-parts";
import * as z from "zod/mini";

const CURRENCIES = ["MINTME", "XMR"] as const;

/** The currencies CoinImp mines. Accepted in any case; sent upper case. */
export type Currency = (typeof CURRENCIES)[number];

/** `MINTME` or `XMR`, in any case → upper case. */
export const currency = accepting<Currency | Lowercase<Currency> | (string & {})>()(
  convert((value) => {
    const upper = typeof value === "string" ? value.toUpperCase() : undefined;
    return CURRENCIES.find((name) => name === upper);
  }, mustBe('"MINTME" or "XMR"')),
);

const SITE_KEY = /^[0-9a-fA-F]{64}$/;

/** A site key: 64 hex digits. */
export const siteKey = accepting<string>()(
  convert(
    (value) => (typeof value === "string" && SITE_KEY.test(value) ? value : undefined),
    mustBe("a site key of 64 hex digits"),
  ),
);

const MAX_USER_LENGTH = 128;

/**
 * A user name: 1 to 128 characters, no control characters, no surrounding spaces, and whole
 * Unicode text (a lone surrogate would reach the server as another name, U+FFFD).
 */
export const user = accepting<string>()(
  convert((value) => {
    if (typeof value !== "string" || value.length === 0)
      return new Refusal("must be a non-empty string");
    if (value.length > MAX_USER_LENGTH)
      return new Refusal(`must be at most ${MAX_USER_LENGTH} characters`);
    if (value.trim() !== value || /[\p{Cc}\p{Cs}]/u.test(value))
      return new Refusal(
        "must not contain control characters, lone surrogates or surrounding spaces",
      );
    return value;
  }),
);

/** Hashes to withdraw: a positive whole number, as a number or a string of digits. */
export const hashes = accepting<number | string>()(
  convert((value) => {
    const parsed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof parsed === "number" && Number.isSafeInteger(parsed) && parsed > 0
      ? parsed
      : undefined;
  }, mustBe("a positive whole number of hashes")),
);

const withCurrency = params({ currency });
const withSite = params({ siteKey });
const withUser = params({ siteKey, user });
const withCurrencyAndSite = params({ currency, siteKey: z.optional(siteKey) });

const siteQuery = z.pipe(
  withSite,
  z.transform(({ siteKey }) => ({ "site-key": siteKey })),
);
const currencySiteQuery = z.pipe(
  withCurrencyAndSite,
  z.transform(({ currency, siteKey }) => ({ currency, "site-key": siteKey })),
);

/** Every endpoint's parameters, to its wire query or form. */
export const inputs = {
  hashes: currencySiteQuery,
  reward: currencySiteQuery,
  payout: withCurrency,
  userBalance: z.pipe(
    withUser,
    z.transform(({ siteKey, user }) => ({ "site-key": siteKey, user })),
  ),
  userList: siteQuery,
  userWithdraw: z.pipe(
    params({ siteKey, user, amount: hashes }),
    z.transform(({ siteKey, user, amount }) => ({ "site-key": siteKey, user, amount })),
  ),
  accountStats: withCurrency,
  accountSites: withCurrency,
  accountPayments: withCurrency,
  siteStats: siteQuery,
  siteDelete: siteQuery,
};

export type CurrencyParams = z.input<typeof withCurrency>;
export type CurrencySiteParams = z.input<typeof withCurrencyAndSite>;
export type SiteParams = z.input<typeof withSite>;
export type UserParams = z.input<typeof withUser>;
export type WithdrawParams = z.input<typeof inputs.userWithdraw>;

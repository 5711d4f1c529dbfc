/**
 * The CoinImp HTTP API (v2 header keys, v1 query keys), answering with the shapes the live API is
 * known to send: `hashes` as numbers; rewards, payment amounts and the payout rate as decimal
 * strings; payment timestamps as unix seconds; the payment list as an object keyed by index.
 */

import { type Context, Hono } from "hono";
import { parseUnits } from "./decimal.js";
import type { QuotaBuckets } from "./quota.js";
import {
  COINIMP_CURRENCIES,
  type CoinImpCurrency,
  formatAmount,
  pendingUnits,
  type SandboxSite,
  type SandboxState,
  type SandboxUser,
} from "./state.js";

export interface CoinImpCredentials {
  publicKey: string;
  privateKey: string;
}

/** How the sandbox answers each failure (the public docs leave the statuses open). */
export const COINIMP_FAILURE_STATUS = {
  badKeys: 401,
  badParameter: 400,
  unknownSite: 404,
  unknownUser: 404,
  insufficientBalance: 400,
  quota: 503,
  unknownEndpoint: 404,
} as const;

/** `{"status":"failure","message":…}` with a status. */
function failure(
  c: Context,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  return c.json({ status: "failure", message }, status as 400, headers);
}

function success(c: Context, message: unknown) {
  return c.json({ status: "success", message });
}

/** A Hono app for `/api/v1` or `/api/v2`. */
export function coinImpApp(
  version: "v1" | "v2",
  state: SandboxState,
  credentials: CoinImpCredentials,
  quota: QuotaBuckets | undefined,
): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const presented =
      version === "v2"
        ? { id: c.req.header("X-API-ID"), key: c.req.header("X-API-KEY") }
        : { id: c.req.query("public"), key: c.req.query("private") };
    // The quota counts every request by the public key it names, as the API counts by key.
    const decision = quota?.take(presented.id ?? "(none)");
    if (decision && !decision.allowed) {
      return failure(
        c,
        COINIMP_FAILURE_STATUS.quota,
        "Too many requests. Request was not processed.",
        {
          "Retry-After": String(decision.retryAfterSeconds),
        },
      );
    }
    if (presented.id !== credentials.publicKey || presented.key !== credentials.privateKey) {
      return failure(c, COINIMP_FAILURE_STATUS.badKeys, "Invalid API keys");
    }
    await next();
  });

  const currencyOf = (c: Context): CoinImpCurrency | undefined => {
    const currency = c.req.query("currency");
    return COINIMP_CURRENCIES.find((known) => known === currency);
  };
  const siteOf = (siteKey: string | undefined): SandboxSite | undefined =>
    state.coinimp.sites.find((site) => site.siteKey === siteKey);
  const sitesIn = (currency: CoinImpCurrency) =>
    state.coinimp.sites.filter((site) => site.currency === currency);
  const balance = (site: SandboxSite, user: SandboxUser) => ({
    name: user.name,
    // A number, as PHP APIs often send: the client must turn it into an exact decimal string.
    pending: Number(formatAmount(pendingUnits(state, site, user.hashes), site.currency)),
    withdrawn: user.withdrawn,
    hashes: user.hashes,
    hashRate: user.hashRate,
  });

  /** The sites a `hashes` / `reward` call covers: one site, or every site in the currency. */
  const scope = (c: Context): SandboxSite[] | Response => {
    const currency = currencyOf(c);
    if (!currency) return failure(c, COINIMP_FAILURE_STATUS.badParameter, "Invalid currency");
    const siteKey = c.req.query("site-key");
    if (siteKey === undefined) return sitesIn(currency);
    const site = siteOf(siteKey);
    // A site of another currency is not found: its figures must never be reported in this one.
    return site?.currency === currency
      ? [site]
      : failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
  };

  app.get("/hashes", (c) => {
    const sites = scope(c);
    if (sites instanceof Response) return sites;
    return success(
      c,
      sites.reduce((sum, site) => sum + site.hashes, 0),
    );
  });

  app.get("/reward", (c) => {
    const sites = scope(c);
    if (sites instanceof Response) return sites;
    const currency = currencyOf(c) as CoinImpCurrency;
    return success(
      c,
      formatAmount(
        sites.reduce((sum, site) => sum + site.reward, 0n),
        currency,
      ),
    );
  });

  app.get("/user/balance", (c) => {
    const site = siteOf(c.req.query("site-key"));
    if (!site) return failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
    const user = site.users.get(c.req.query("user") ?? "");
    if (!user) return failure(c, COINIMP_FAILURE_STATUS.unknownUser, "User not found");
    return success(c, balance(site, user));
  });

  app.get("/user/list", (c) => {
    const site = siteOf(c.req.query("site-key"));
    if (!site) return failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
    return success(c, [...site.users.keys()]);
  });

  app.post("/user/withdraw", async (c) => {
    const type = c.req.header("Content-Type") ?? "";
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) {
      return failure(
        c,
        COINIMP_FAILURE_STATUS.badParameter,
        "Expected form fields: site-key, user, amount",
      );
    }
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const site = siteOf(String(form["site-key"] ?? ""));
    if (!site) return failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
    const user = site.users.get(String(form.user ?? ""));
    if (!user) return failure(c, COINIMP_FAILURE_STATUS.unknownUser, "User not found");
    const amount = parseUnits(String(form.amount ?? ""), 0);
    if (amount === undefined || amount <= 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) {
      return failure(
        c,
        COINIMP_FAILURE_STATUS.badParameter,
        "Invalid amount: a positive whole number of hashes",
      );
    }
    if (Number(amount) > user.hashes) {
      return failure(c, COINIMP_FAILURE_STATUS.insufficientBalance, "Insufficient balance");
    }
    user.hashes -= Number(amount);
    user.withdrawn += Number(amount);
    state.coinimp.withdrawals.push({
      siteKey: site.siteKey,
      user: user.name,
      amount: Number(amount),
    });
    return success(c, balance(site, user));
  });

  app.get("/account/stats", (c) => {
    const currency = currencyOf(c);
    if (!currency) return failure(c, COINIMP_FAILURE_STATUS.badParameter, "Invalid currency");
    const sites = sitesIn(currency);
    return success(c, {
      hashrate: sites.reduce((sum, site) => sum + site.hashrate, 0),
      hashes: sites.reduce((sum, site) => sum + site.hashes, 0),
      reward: formatAmount(
        sites.reduce((sum, site) => sum + site.reward, 0n),
        currency,
      ),
      "reward-pending": formatAmount(state.coinimp.rewardPending[currency], currency),
    });
  });

  app.get("/account/sites", (c) => {
    const currency = currencyOf(c);
    if (!currency) return failure(c, COINIMP_FAILURE_STATUS.badParameter, "Invalid currency");
    return success(
      c,
      sitesIn(currency).map((site) => ({ name: site.name, "site-key": site.siteKey })),
    );
  });

  app.get("/account/payments", (c) => {
    const currency = currencyOf(c);
    if (!currency) return failure(c, COINIMP_FAILURE_STATUS.badParameter, "Invalid currency");
    const payments = state.coinimp.payments.filter((payment) => payment.currency === currency);
    // An object keyed by index, as PHP's json_encode sends a list whose keys are not 0..n-1.
    const keyed: Record<string, unknown> = {};
    payments.forEach((payment, index) => {
      keyed[String(index)] = {
        amount: formatAmount(payment.amount, currency),
        fee: formatAmount(payment.fee, currency),
        status: payment.status,
        wallet_address: payment.walletAddress,
        tx_id: payment.txId,
        timestamp: payment.timestamp,
      };
    });
    return success(c, keyed);
  });

  app.get("/site", (c) => {
    const site = siteOf(c.req.query("site-key"));
    if (!site) return failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
    return success(c, {
      name: site.name,
      hashrate: site.hashrate,
      hashes: site.hashes,
      reward: formatAmount(site.reward, site.currency),
    });
  });

  app.delete("/site", (c) => {
    const site = siteOf(c.req.query("site-key"));
    if (!site) return failure(c, COINIMP_FAILURE_STATUS.unknownSite, "Site not found");
    state.coinimp.sites = state.coinimp.sites.filter((kept) => kept !== site);
    return success(c, `Site ${site.name} deleted`);
  });

  app.get("/payout/1mhash", (c) => {
    const currency = currencyOf(c);
    if (!currency) return failure(c, COINIMP_FAILURE_STATUS.badParameter, "Invalid currency");
    return success(c, { result: formatAmount(state.coinimp.payoutPer1M[currency], currency) });
  });

  // Unknown endpoints reach the top-level app's not-found answer (a mounted app's own is never used).
  return app;
}

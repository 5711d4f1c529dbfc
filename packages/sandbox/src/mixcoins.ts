/**
 * The MixCoins HTTP API: `POST /api/{btc|bch|eth}/mix` with `X-Api-Token`, `address[]` and
 * `amount` as multipart or urlencoded fields, answering `{ currency, amount, address,
 * address_legacy }` with a deposit address taken from the specifications' test vectors.
 */

import { type Context, Hono } from "hono";
import { parseUnits } from "./decimal.js";
import {
  DEPOSIT_ADDRESSES,
  type DepositAddress,
  type MixCurrency,
  type Network,
} from "./deposit-addresses.js";
import type { QuotaBuckets } from "./quota.js";
import type { Random } from "./random.js";
import type { SandboxState } from "./state.js";

const DECIMALS: Record<MixCurrency, number> = { btc: 8, bch: 8, eth: 18 };

/**
 * Loose shapes per currency and network. Deliberately not a validator: the client owns address
 * validation, and the sandbox only refuses what is plainly not an address of that currency.
 */
const ADDRESS_SHAPES: Record<MixCurrency, Record<Network, RegExp>> = {
  btc: {
    mainnet:
      /^(bc1[02-9ac-hj-np-z]{8,87}|BC1[02-9AC-HJ-NP-Z]{8,87}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/,
    testnet:
      /^(tb1[02-9ac-hj-np-z]{8,87}|TB1[02-9AC-HJ-NP-Z]{8,87}|[mn2][1-9A-HJ-NP-Za-km-z]{25,34})$/,
  },
  bch: {
    mainnet:
      /^((bitcoincash:)?[qpzr][02-9ac-hj-np-z]{41,111}|(BITCOINCASH:)?[QPZR][02-9AC-HJ-NP-Z]{41,111}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/,
    testnet:
      /^((bchtest:)?[qpzr][02-9ac-hj-np-z]{41,111}|(BCHTEST:)?[QPZR][02-9AC-HJ-NP-Z]{41,111}|[mn2][1-9A-HJ-NP-Za-km-z]{25,34})$/,
  },
  eth: { mainnet: /^0x[0-9a-fA-F]{40}$/, testnet: /^0x[0-9a-fA-F]{40}$/ },
};

/** MixCoins' answer while it is down for maintenance (503), before it processes anything. */
export const MIXCOINS_MAINTENANCE = "Service is offline for maintenance";

/** The statuses of the MixCoins error table, as the sandbox uses them. */
export const MIXCOINS_STATUS = {
  badInput: 400,
  badToken: 401,
  unknownCurrency: 404,
  wrongMethod: 405,
  notAcceptable: 406,
  tooManyRequests: 429,
  maintenance: 503,
} as const;

function error(c: Context, status: number, message: string, headers: Record<string, string> = {}) {
  return c.json({ error: message }, status as 400, headers);
}

/**
 * Whether a payout address may name a deposit address, in any form the sandbox hands out: any
 * case, with or without the CashAddr prefix, as its legacy form, or as a CashAddr of another type
 * over the same hash (token-aware, P2SH): those differ only in the first character and the
 * checksum. Over-cautious on purpose — a deposit address that is not handed out costs nothing.
 */
function sameAddress(payout: string, deposit: DepositAddress): boolean {
  const bare = (text: string) => text.toLowerCase().replace(/^[a-z]+:/, "");
  const [mine, theirs] = [bare(payout), bare(deposit.address)];
  const cashaddr = /^[qpzr][02-9ac-hj-np-z]{41,}$/;
  return (
    mine === theirs ||
    (deposit.legacy !== null && payout === deposit.legacy) ||
    (deposit.sameKey ?? []).some((other) => bare(other) === mine) ||
    (cashaddr.test(mine) && cashaddr.test(theirs) && mine.slice(1, -8) === theirs.slice(1, -8))
  );
}

/** Whether an `Accept` header admits a JSON answer. */
function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase())
    .some((type) => type === "application/json" || type === "application/*" || type === "*/*");
}

/** A Hono app for `/api/:currency/mix`. */
export function mixCoinsApp(
  state: SandboxState,
  token: string,
  quota: QuotaBuckets | undefined,
  random: Random,
  /** The network this MixCoins serves; without it, guessed from the payout addresses. */
  fixedNetwork?: Network,
): Hono {
  const app = new Hono();

  app.all("/api/:currency/mix", async (c) => {
    const currency = c.req.param("currency") as MixCurrency;
    if (!(currency in DECIMALS))
      return error(c, MIXCOINS_STATUS.unknownCurrency, `Unknown currency ${currency}`);
    if (c.req.method !== "POST") {
      return error(c, MIXCOINS_STATUS.wrongMethod, "Method not allowed", { Allow: "POST" });
    }
    if (!acceptsJson(c.req.header("Accept"))) {
      return error(c, MIXCOINS_STATUS.notAcceptable, "This API answers application/json only");
    }
    const presented = c.req.header("X-Api-Token");
    const decision = quota?.take(presented ?? "(none)");
    if (decision && !decision.allowed) {
      return error(c, MIXCOINS_STATUS.tooManyRequests, "Too many requests", {
        "Retry-After": String(decision.retryAfterSeconds),
      });
    }
    if (presented !== token) return error(c, MIXCOINS_STATUS.badToken, "Invalid API token");
    if (state.mixcoins.maintenance) {
      return error(c, MIXCOINS_STATUS.maintenance, MIXCOINS_MAINTENANCE);
    }

    const form = await c.req.parseBody({ all: true }).catch(() => undefined);
    if (!form)
      return error(
        c,
        MIXCOINS_STATUS.badInput,
        "Expected multipart/form-data or urlencoded fields",
      );
    const raw = form["address[]"];
    const addresses = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
    const amountText = typeof form.amount === "string" ? form.amount : "";
    const problems: string[] = [];
    if (addresses.length === 0) problems.push("at least one address[] is required");
    // Testnet only when some address says so and all fit it: an address that fits both networks
    // (any eth address, a prefix-less cashaddr) is mainnet, the clients' default. A sandbox
    // created for one network (`mixcoins.network`) guesses nothing.
    const shapes = ADDRESS_SHAPES[currency];
    const network: Network =
      fixedNetwork ??
      (addresses.every((address) => shapes.testnet.test(address)) &&
      addresses.some((address) => !shapes.mainnet.test(address))
        ? "testnet"
        : "mainnet");
    for (const address of addresses) {
      if (!ADDRESS_SHAPES[currency][network].test(address))
        problems.push(`not a ${currency} address: ${address}`);
    }
    if (new Set(addresses).size !== addresses.length) problems.push("duplicate addresses");
    const units = parseUnits(amountText, DECIMALS[currency]);
    if (units === undefined || units === 0n)
      problems.push(`invalid amount: ${JSON.stringify(amountText)}`);
    if (problems.length > 0) return error(c, MIXCOINS_STATUS.badInput, problems.join("; "));

    // Never one of the caller's payout addresses: coins paid in would go straight back out.
    const pool = DEPOSIT_ADDRESSES[currency][network].filter(
      (candidate) => !addresses.some((address) => sameAddress(address, candidate)),
    );
    const deposit = pool[Math.floor(random() * pool.length)] ?? pool[0];
    if (!deposit) {
      return error(c, MIXCOINS_STATUS.badInput, "every deposit address is a payout address");
    }
    state.mixcoins.mixes.push({
      currency,
      addresses,
      amount: amountText,
      depositAddress: deposit.address,
    });
    return c.json({
      currency,
      amount: amountText,
      address: deposit.address,
      address_legacy: deposit.legacy,
    });
  });

  return app;
}

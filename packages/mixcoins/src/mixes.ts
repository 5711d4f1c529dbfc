/**
 * Creating a mix: every input checked before anything is sent, the body sent exactly as
 * `curl -F "address[]=…" -F "amount=…"` sends it, and the deposit address in the reply checked
 * before anyone is told to pay into it.
 */

import {
  checkCallOptions,
  type HttpClient,
  type Issue,
  type Redactor,
  ResponseValidationError,
  toAmount,
  ValidationError,
} from "@cointap/core";
import { bchDestination } from "./addresses/bch.js";
import { btcKeyHash } from "./addresses/btc.js";
import { checkAddress, type MixCurrency, type Network } from "./addresses/index.js";
import { mixPath } from "./endpoint.js";
import { mixReply } from "./schemas.js";
import type { CallOptions, CreateMixParams, Mix } from "./types.js";

/** The most payout addresses one mix may list: a mix is paid to a few, never to millions. */
export const MAX_PAYOUTS = 100;

/** Decimals each currency has: an amount may not have more. */
export const CURRENCY_DECIMALS: Record<MixCurrency, number> = { btc: 8, bch: 8, eth: 18 };

/** Mix transactions. */
export class Mixes {
  readonly #http: HttpClient;
  readonly #network: Network;

  constructor(http: HttpClient, network: Network) {
    this.#http = http;
    this.#network = network;
  }

  /**
   * Creates a mix paying out to `addresses`, and returns the deposit address to send the coins to.
   * `POST {baseURL}/{currency}/mix`. Never sent twice: if the outcome is unknown (a timeout or a
   * dropped connection after sending), it rejects with `OutcomeUnknownError` and nothing is retried.
   */
  async create(params: CreateMixParams, options?: CallOptions): Promise<Mix> {
    checkCallOptions(options);
    const { currency, addresses, amount } = checkMix(params, this.#network);
    const reply = await this.#http.request({
      method: "POST",
      path: mixPath(currency),
      multipart: { "address[]": addresses, amount },
      schema: mixReply,
      signal: options?.signal,
      timeout: options?.timeout,
    });
    return checkDeposit(reply, { currency, addresses, amount }, this.#network, this.#http.redactor);
  }
}

/** The checked currency, addresses and canonical amount, or a `ValidationError` listing every problem. */
function checkMix(
  params: CreateMixParams,
  network: Network,
): { currency: MixCurrency; addresses: string[]; amount: string } {
  const issues: Issue[] = [];
  const given: unknown = params?.currency;
  const currency = typeof given === "string" ? given.toLowerCase() : undefined;
  if (currency !== "btc" && currency !== "bch" && currency !== "eth") {
    // Shown without JSON.stringify, which throws on a BigInt or a circular object.
    const shown = typeof given === "string" ? `"${given.slice(0, 20)}"` : typeof given;
    issues.push({ path: ["currency"], message: `must be "btc", "bch" or "eth", got ${shown}` });
    throw new ValidationError(issues);
  }
  // Read once, each element once, by index (an array's own iterator or getters may lie): what is
  // checked here is the copy that is sent and compared with the deposit address.
  const givenAddresses: unknown = params.addresses;
  const list = Array.isArray(givenAddresses) ? (givenAddresses as unknown[]) : undefined;
  const count = list?.length ?? 0;
  const addresses: string[] = [];
  if (count === 0) {
    issues.push({ path: ["addresses"], message: "must list at least one payout address" });
  } else if (count > MAX_PAYOUTS) {
    issues.push({
      path: ["addresses"],
      message: `lists ${count} addresses; at most ${MAX_PAYOUTS}`,
    });
  }
  const seen = new Map<string, number>();
  // Indexed, not `forEach`: a hole (`[, address]`) is checked as `undefined`, not skipped.
  for (let index = 0; index < Math.min(count, MAX_PAYOUTS); index++) {
    const address: unknown = list?.[index];
    const check = checkAddress(currency, address as string, { network });
    if (!check.valid) {
      issues.push({ path: ["addresses", index], message: check.reason });
      continue;
    }
    addresses.push(address as string);
    const key = destinationKey(currency, address as string, network);
    const first = seen.get(key);
    if (first !== undefined)
      issues.push({ path: ["addresses", index], message: `repeats addresses[${first}]` });
    else seen.set(key, index);
  }
  let canonical = "";
  try {
    canonical = toAmount(params.amount, { maxDecimals: CURRENCY_DECIMALS[currency] });
  } catch (error) {
    issues.push(...(error as ValidationError).issues);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { currency, addresses, amount: canonical };
}

/**
 * The form that tells destinations apart: hex and bech32 ignore case; a Bitcoin Cash address is
 * its output (type and hash), so a cashaddr with or without its prefix, its token-aware form and
 * its legacy form are one destination.
 */
function destinationKey(currency: MixCurrency, address: string, network: Network): string {
  const lower = address.toLowerCase();
  if (currency === "eth" || /^(bc1|tb1)/.test(lower)) return lower;
  if (currency === "bch") return bchDestination(address, network) ?? lower;
  return address;
}

/** The reply as a `Mix`, once its currency and deposit address are what coins may be sent to. */
function checkDeposit(
  reply: {
    currency: string;
    amount: string;
    address: string;
    address_legacy?: string | null | undefined;
  },
  asked: { currency: MixCurrency; addresses: readonly string[]; amount: string },
  network: Network,
  redactor: Redactor,
): Mix {
  const { currency } = asked;
  const issues: Issue[] = [];
  // The amount to send is the one asked for: another (rounded, re-scaled, 1e400) is not this mix.
  if (reply.amount !== asked.amount) {
    issues.push({
      path: ["amount"],
      message: `the mix was asked for ${asked.amount}, the reply says ${reply.amount.slice(0, 40)}`,
    });
  }
  if (reply.currency.toLowerCase() !== currency) {
    issues.push({
      path: ["currency"],
      message: `the mix was asked in ${currency}, the reply says ${reply.currency}`,
    });
  }
  const deposit = checkAddress(currency, reply.address, { network });
  if (!deposit.valid)
    issues.push({ path: ["address"], message: `deposit address refused: ${deposit.reason}` });
  else if (paysOut(reply.address, asked, network)) {
    // Coins paid in would go straight back out, unmixed (or the reply is not MixCoins' at all).
    issues.push({
      path: ["address"],
      message: "deposit address refused: it is one of the payout addresses",
    });
  }
  const legacy = reply.address_legacy ?? null;
  if (legacy !== null && currency !== "bch") {
    // Only Bitcoin Cash has a second, legacy form of the same address.
    issues.push({ path: ["address_legacy"], message: `a ${currency} reply has no legacy address` });
  } else if (legacy !== null) {
    const check = checkAddress(currency, legacy, { network });
    if (!check.valid)
      issues.push({
        path: ["address_legacy"],
        message: `legacy deposit address refused: ${check.reason}`,
      });
    else if (paysOut(legacy, asked, network))
      issues.push({
        path: ["address_legacy"],
        message: "legacy deposit address refused: it is one of the payout addresses",
      });
    else if (
      currency === "bch" &&
      deposit.valid &&
      bchDestination(legacy, network) !== bchDestination(reply.address, network)
    )
      // Offered as the same address in another form: paying into it must reach the same output.
      issues.push({
        path: ["address_legacy"],
        message: "legacy deposit address refused: it is not the same destination as address",
      });
  }
  if (issues.length > 0) {
    // Nobody may be told to pay into this: the mix exists, but its deposit address cannot be trusted.
    // Redacted like every body the core reports: a server may echo the token in any field.
    throw new ResponseValidationError({
      status: 200,
      issues: issues.map((issue) => ({ ...issue, message: redactor.text(issue.message) })),
      body: redactor.value(reply),
    });
  }
  // `address`: the old name, kept one release as a plain copy, so spreads, clones and JSON keep it.
  return {
    currency,
    amount: reply.amount,
    depositAddress: reply.address,
    address: reply.address,
    addressLegacy: legacy,
  };
}

/**
 * Whether a (valid) address pays to one of the mix's payout destinations — or, in Bitcoin, to the
 * same key as one (P2PKH and P2WPKH of one key hash): two payouts may do that, but a deposit
 * address must not, or the coins paid in reach the payee unmixed.
 */
function paysOut(
  address: string,
  { currency, addresses }: { currency: MixCurrency; addresses: readonly string[] },
  network: Network,
): boolean {
  const destination = destinationKey(currency, address, network);
  const key = currency === "btc" ? btcKeyHash(address) : undefined;
  return addresses.some(
    (payout) =>
      destinationKey(currency, payout, network) === destination ||
      (key !== undefined && btcKeyHash(payout) === key),
  );
}

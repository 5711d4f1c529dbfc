import { CACHE_TTL } from "../cache-policy.js";
import type { Transport } from "../transport.js";
import type { AccountStats, CallOptions, CurrencyParams, Payment, SiteSummary } from "../types.js";
import { validate } from "../validate.js";

/** The account as a whole: totals, sites and payments, per currency. */
export class Account {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Hash rate, hashes and rewards. `GET /account/stats`. */
  async stats(params: CurrencyParams, options?: CallOptions): Promise<AccountStats> {
    const currency = validate((check) => check.currency(params?.currency));
    return this.#transport.read(
      "/account/stats",
      { currency },
      (s) => s.accountStats,
      CACHE_TTL.accountStats,
      options,
    );
  }

  /** The account's sites. `GET /account/sites`. */
  async sites(params: CurrencyParams, options?: CallOptions): Promise<SiteSummary[]> {
    const currency = validate((check) => check.currency(params?.currency));
    return this.#transport.read(
      "/account/sites",
      { currency },
      (s) => s.accountSites,
      CACHE_TTL.accountSites,
      options,
    );
  }

  /** Payments made to the account. `GET /account/payments`. */
  async payments(params: CurrencyParams, options?: CallOptions): Promise<Payment[]> {
    const currency = validate((check) => check.currency(params?.currency));
    return this.#transport.read(
      "/account/payments",
      { currency },
      (s) => s.accountPayments,
      CACHE_TTL.accountPayments,
      options,
    );
  }
}

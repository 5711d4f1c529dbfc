import type { CallOptions } from "../options.js";
import type { AccountStats, CurrencyParams, Payment, SiteSummary } from "../schemas/index.js";
import type { Transport } from "../transport.js";

/** The account as a whole: totals, sites and payments, per currency. */
export class Account {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Hash rate, hashes and rewards. `GET /account/stats`. */
  async stats(params: CurrencyParams, options?: CallOptions): Promise<AccountStats> {
    return this.#transport.call("accountStats", params, options);
  }

  /** The account's sites. `GET /account/sites`. */
  async sites(params: CurrencyParams, options?: CallOptions): Promise<SiteSummary[]> {
    return this.#transport.call("accountSites", params, options);
  }

  /** Payments made to the account. `GET /account/payments`. */
  async payments(params: CurrencyParams, options?: CallOptions): Promise<Payment[]> {
    return this.#transport.call("accountPayments", params, options);
  }
}

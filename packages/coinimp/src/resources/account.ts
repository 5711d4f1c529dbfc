import type { CallOptions } from "../options.js";
import type { Params, Result, Transport } from "../transport.js";

/** The account as a whole: totals, sites and payments, per currency. */
export class Account {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Hash rate, hashes and rewards. `GET /account/stats`. */
  async stats(
    params: Params<"accountStats">,
    options?: CallOptions,
  ): Promise<Result<"accountStats">> {
    return this.#transport.call("accountStats", params, options);
  }

  /** The account's sites. `GET /account/sites`. */
  async sites(
    params: Params<"accountSites">,
    options?: CallOptions,
  ): Promise<Result<"accountSites">> {
    return this.#transport.call("accountSites", params, options);
  }

  /** Payments made to the account. `GET /account/payments`. */
  async payments(
    params: Params<"accountPayments">,
    options?: CallOptions,
  ): Promise<Result<"accountPayments">> {
    return this.#transport.call("accountPayments", params, options);
  }
}

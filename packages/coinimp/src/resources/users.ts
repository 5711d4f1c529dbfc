import type { CallOptions } from "../options.js";
import type { SiteParams, UserBalance, UserParams, WithdrawParams } from "../schemas/index.js";
import type { Transport } from "../transport.js";

/** A site's users: balances, the list, and withdrawals. */
export class Users {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A user's balance on a site. `GET /user/balance`. */
  async balance(params: UserParams, options?: CallOptions): Promise<UserBalance> {
    return this.#transport.call("userBalance", params, options);
  }

  /** The names of a site's active users. `GET /user/list`. */
  async list(params: SiteParams, options?: CallOptions): Promise<string[]> {
    return this.#transport.call("userList", params, options);
  }

  /**
   * Withdraws `amount` hashes of a user's balance and returns the balance after it.
   * `POST /user/withdraw`. Never sent twice: if the outcome is unknown (a timeout or a dropped
   * connection after sending), it rejects with `OutcomeUnknownError` — check the balance before
   * trying again.
   */
  async withdraw(params: WithdrawParams, options?: CallOptions): Promise<UserBalance> {
    return this.#transport.call("userWithdraw", params, options);
  }
}

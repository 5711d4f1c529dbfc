import { CACHE_TTL, staleAfterWithdraw } from "../cache-policy.js";
import type { Transport } from "../transport.js";
import type { CallOptions, SiteParams, UserBalance, UserParams, WithdrawParams } from "../types.js";
import { validate } from "../validate.js";

/** A site's users: balances, the list, and withdrawals. */
export class Users {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A user's balance on a site. `GET /user/balance`. */
  async balance(params: UserParams, options?: CallOptions): Promise<UserBalance> {
    const { siteKey, user } = validate((check) => ({
      siteKey: check.siteKey(params?.siteKey),
      user: check.user(params?.user),
    }));
    const query = { "site-key": siteKey, user };
    return this.#transport.read(
      "/user/balance",
      query,
      (s) => s.userBalance,
      CACHE_TTL.userBalance,
      options,
    );
  }

  /** The names of a site's active users. `GET /user/list`. */
  async list(params: SiteParams, options?: CallOptions): Promise<string[]> {
    const siteKey = validate((check) => check.siteKey(params?.siteKey));
    return this.#transport.read(
      "/user/list",
      { "site-key": siteKey },
      (s) => s.userList,
      CACHE_TTL.userList,
      options,
    );
  }

  /**
   * Withdraws `amount` hashes of a user's balance and returns the balance after it.
   * `POST /user/withdraw`. Never sent twice: if the outcome is unknown (a timeout or a dropped
   * connection after sending), it rejects with `OutcomeUnknownError` — check the balance before
   * trying again.
   */
  async withdraw(params: WithdrawParams, options?: CallOptions): Promise<UserBalance> {
    const { siteKey, user, amount } = validate((check) => ({
      siteKey: check.siteKey(params?.siteKey),
      user: check.user(params?.user),
      amount: check.hashes(params?.amount),
    }));
    return this.#transport.write(
      {
        method: "POST",
        path: "/user/withdraw",
        form: { "site-key": siteKey, user, amount },
        invalidates: staleAfterWithdraw(siteKey, user),
      },
      (s) => s.withdrawal,
      options,
    );
  }
}

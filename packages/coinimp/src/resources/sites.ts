import { CACHE_TTL, staleAfterDelete } from "../cache-policy.js";
import type { Transport } from "../transport.js";
import type { CallOptions, SiteParams, SiteStats } from "../types.js";
import { validate } from "../validate.js";

/** One site: its stats, or its removal. */
export class Sites {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A site's name, hash rate, hashes and reward. `GET /site`. */
  async stats(params: SiteParams, options?: CallOptions): Promise<SiteStats> {
    const siteKey = validate((check) => check.siteKey(params?.siteKey));
    return this.#transport.read(
      "/site",
      { "site-key": siteKey },
      (s) => s.siteStats,
      CACHE_TTL.siteStats,
      options,
    );
  }

  /**
   * Removes a site from the account; returns the API's message. `DELETE /site`. Never sent twice:
   * an unknown outcome rejects with `OutcomeUnknownError`.
   */
  async delete(params: SiteParams, options?: CallOptions): Promise<string> {
    const siteKey = validate((check) => check.siteKey(params?.siteKey));
    return this.#transport.write(
      {
        method: "DELETE",
        path: "/site",
        query: { "site-key": siteKey },
        invalidates: staleAfterDelete(siteKey),
      },
      (s) => s.siteDeleted,
      options,
    );
  }
}

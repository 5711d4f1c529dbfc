import type { CallOptions } from "../options.js";
import type { SiteParams, SiteStats } from "../schemas/index.js";
import type { Transport } from "../transport.js";

/** One site: its stats, or its removal. */
export class Sites {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A site's name, hash rate, hashes and reward. `GET /site`. */
  async stats(params: SiteParams, options?: CallOptions): Promise<SiteStats> {
    return this.#transport.call("siteStats", params, options);
  }

  /**
   * Removes a site from the account; returns the API's message. `DELETE /site`. Never sent twice:
   * an unknown outcome rejects with `OutcomeUnknownError`.
   */
  async delete(params: SiteParams, options?: CallOptions): Promise<string> {
    return this.#transport.call("siteDelete", params, options);
  }
}

/**
 * Creating a mix: every input checked before anything is sent, the body sent exactly as
 * `curl -F "address[]=…" -F "amount=…"` sends it, and the deposit address in the reply checked
 * before anyone is told to pay into it.
 *
 * The schemas (and zod with them) are imported on the first mix, not with the client: zod/mini's
 * module graph takes tens of ms to load, a cost a program that only checks addresses — or a CLI
 * printing its help — should not pay.
 */

import {
  CointapError,
  checkCallOptions,
  checkInput,
  type HttpClient,
  lazyImport,
  parseResponse,
  readInput,
} from "@cointap/core";
import type { Network } from "./addresses/index.js";
import { mixPath } from "./endpoint.js";
import type { CallOptions } from "./options.js";
import type { CreateMixParams, Mix } from "./schemas/index.js";

const loadSchemas = /* @__PURE__ */ lazyImport(
  () => import("./schemas/index.js"),
  (error) =>
    new CointapError("The MixCoins schemas could not be loaded; nothing was sent", {
      cause: error,
    }),
);

/** What `create` takes (its input schema's fields), read at the call. */
const MIX_FIELDS = ["currency", "addresses", "amount"];

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
    const checked = checkCallOptions(options, undefined, this.#http.redactor);
    // Read now, at the call, before anything is awaited: a caller may reuse the object at once.
    const given = readInput(params, MIX_FIELDS);
    const { signal, timeout } = checked;
    const { mixParams, mixReply, mixDeposit } = await loadSchemas();
    const mix = checkInput(mixParams(this.#network), given, this.#http.redactor);
    const reply = await this.#http.request({
      method: "POST",
      path: mixPath(mix.currency),
      multipart: { "address[]": mix.addresses, amount: mix.amount },
      schema: mixReply,
      signal,
      timeout,
    });
    // Read, but not yet trusted: nobody may be told to pay into a deposit address that fails here.
    return parseResponse(mixDeposit(mix, this.#network), reply, {
      status: 200,
      redactor: this.#http.redactor,
    });
  }
}

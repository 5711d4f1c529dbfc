/**
 * `new MixCoins(…)`: creates mix transactions for btc, bch and eth, refusing before sending any
 * payout address that is not valid and spendable on the chosen network.
 */

import { createHttpClient, shownChoice, ValidationError } from "@cointap/core";
import type { Network } from "./addresses/index.js";
import { DEFAULT_BASE_URL } from "./endpoint.js";
import { Mixes } from "./mixes.js";
import type { MixCoinsOptions } from "./options.js";
import { mixCoinsRules } from "./rules.js";

/** A client for one MixCoins token. */
export class MixCoins {
  /** `create` a mix. */
  readonly mixes: Mixes;
  /** The network every address must belong to. */
  readonly network: Network;

  constructor(options: MixCoinsOptions) {
    if (typeof options?.token !== "string" || options.token.trim() === "") {
      throw new ValidationError([
        { path: ["token"], message: "is required: the MixCoins API token" },
      ]);
    }
    const network = options.network ?? "mainnet";
    if (network !== "mainnet" && network !== "testnet") {
      throw new ValidationError([
        {
          path: ["network"],
          message: `must be "mainnet" or "testnet", got ${shownChoice(network)}`,
        },
      ]);
    }
    this.network = network;
    // No quota and no cache: MixCoins documents no quota (its 429s are honoured through
    // Retry-After instead of guessed at), and a mix is never cached.
    const http = createHttpClient({
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      auth: { headers: { "X-Api-Token": options.token } },
      responses: mixCoinsRules,
      userAgent: "@cointap/mixcoins",
      fetch: options.fetch,
      timeout: options.timeout,
      retry: options.retry,
      hooks: options.hooks,
      allowInsecureHttp: options.allowInsecureHttp,
      clock: options.clock,
      rateLimit: false,
      cache: false,
    });
    this.mixes = new Mixes(http, network);
  }
}

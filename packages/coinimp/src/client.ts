/**
 * `new CoinImp(…)`: the whole CoinImp HTTP API. Reads are cached and share in-flight requests;
 * every call waits its turn in the account's quota; withdrawals and deletions are never repeated
 * once they may have been applied.
 */

import {
  type Auth,
  createHttpClient,
  RateLimiter,
  shownChoice,
  ValidationError,
} from "@cointap/core";
import type { CallOptions, CoinImpOptions } from "./options.js";
import { Account } from "./resources/account.js";
import { Sites } from "./resources/sites.js";
import { Users } from "./resources/users.js";
import { coinImpRules } from "./rules.js";
import type { CurrencyParams, CurrencySiteParams } from "./schemas/index.js";
import { Transport } from "./transport.js";

/** CoinImp's documented quota: bursts of 10, then 3 requests per minute. */
export const COINIMP_QUOTA = { capacity: 10, refill: 3, interval: 60_000 } as const;

/** A client for one CoinImp account. Create one and reuse it. */
export class CoinImp {
  /** A site's users: `balance`, `list`, `withdraw`. */
  readonly users: Users;
  /** The account: `stats`, `sites`, `payments`. */
  readonly account: Account;
  /** One site: `stats`, `delete`. */
  readonly sites: Sites;
  readonly #transport: Transport;

  constructor(options: CoinImpOptions) {
    assertKeys(options);
    const apiVersion = options.apiVersion ?? "v2";
    if (apiVersion !== "v1" && apiVersion !== "v2") {
      throw new ValidationError([
        { path: ["apiVersion"], message: `must be "v1" or "v2", got ${shownChoice(apiVersion)}` },
      ]);
    }
    const baseURL = options.baseURL ?? `https://www.coinimp.com/api/${apiVersion}`;
    const auth: Auth =
      apiVersion === "v2"
        ? { headers: { "X-API-ID": options.publicKey, "X-API-KEY": options.privateKey } }
        : { query: { public: options.publicKey, private: options.privateKey } };
    const http = createHttpClient({
      baseURL,
      auth,
      responses: coinImpRules,
      userAgent: "@cointap/coinimp",
      rateLimit: quotaOption(options, baseURL),
      fetch: options.fetch,
      timeout: options.timeout,
      retry: options.retry,
      cache: options.cache,
      hooks: options.hooks,
      allowInsecureHttp: options.allowInsecureHttp,
      clock: options.clock,
    });
    this.#transport = new Transport(http);
    this.users = new Users(this.#transport);
    this.account = new Account(this.#transport);
    this.sites = new Sites(this.#transport);
  }

  /** Total hashes of the account's sites in a currency, or of one site. `GET /hashes`. */
  async hashes(params: CurrencySiteParams, options?: CallOptions): Promise<number> {
    return this.#transport.call("hashes", params, options);
  }

  /** Total reward in a currency, or of one site, as an exact decimal string. `GET /reward`. */
  async reward(params: CurrencySiteParams, options?: CallOptions): Promise<string> {
    return this.#transport.call("reward", params, options);
  }

  /** What one million hashes pay, as an exact decimal string. `GET /payout/1mhash`. */
  async payout(params: CurrencyParams, options?: CallOptions): Promise<string> {
    return this.#transport.call("payout", params, options);
  }
}

/** Keys are checked for presence and form only; their values never appear in the error. */
function assertKeys(options: CoinImpOptions): void {
  const issues = (["publicKey", "privateKey"] as const)
    .filter((name) => typeof options?.[name] !== "string" || options[name].trim() === "")
    .map((name) => ({
      path: [name],
      message: "is required: the API key from the CoinImp dashboard",
    }));
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The quota: CoinImp's by default, one bucket per public key (v1 and v2 alike) and server. */
function quotaOption(options: CoinImpOptions, baseURL: string) {
  const { rateLimit } = options;
  if (rateLimit === false || rateLimit instanceof RateLimiter) return rateLimit;
  let origin = baseURL;
  try {
    origin = new URL(baseURL).origin;
  } catch {
    // The core refuses the URL with a clear error; the bucket name does not matter then.
  }
  return { ...COINIMP_QUOTA, account: `coinimp ${origin} ${options.publicKey}`, ...rateLimit };
}

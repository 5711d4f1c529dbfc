/**
 * The one path every CoinImp call takes to the core: its schema picked, cache lifetimes
 * and invalidations applied, call options passed through.
 */

import { checkCallOptions, type HttpClient, type Query, type Schema } from "@cointap/core";
import * as schemas from "./schemas.js";
import type { CallOptions } from "./types.js";

export type Schemas = typeof schemas;

/** Reads and writes CoinImp resources through a configured core client. */
export class Transport {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** A cached GET. */
  async read<Output>(
    path: string,
    query: Query,
    pick: (schemas: Schemas) => Schema<Output>,
    ttl: number,
    options?: CallOptions,
  ): Promise<Output> {
    checkCallOptions(options);
    const schema = pick(schemas);
    const cache = options?.cache === undefined || options.cache === true ? { ttl } : options.cache;
    return this.#http.request({
      method: "GET",
      path,
      query,
      schema,
      cache,
      signal: options?.signal,
      timeout: options?.timeout,
    });
  }

  /** A POST or DELETE: never retried once it may have been applied; drops what it makes stale. */
  async write<Output>(
    request: {
      method: "POST" | "DELETE";
      path: string;
      query?: Query;
      form?: Query;
      invalidates: { path: string; query: Query }[];
    },
    pick: (schemas: Schemas) => Schema<Output>,
    options?: CallOptions,
  ): Promise<Output> {
    checkCallOptions(options);
    const schema = pick(schemas);
    return this.#http.request({
      ...request,
      schema,
      signal: options?.signal,
      timeout: options?.timeout,
    });
  }
}

/**
 * The one path every CoinImp call takes to the core: schemas loaded on first use, cache lifetimes
 * and invalidations applied, call options passed through.
 */

import { type HttpClient, lazy, type Query, type Schema } from "@cointap/core";
import type { CallOptions } from "./types.js";

export type Schemas = typeof import("./schemas.js");

const loadSchemas = lazy(() => import("./schemas.js"));

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
    options: CallOptions = {},
  ): Promise<Output> {
    const schema = pick(await loadSchemas());
    const cache =
      options.cache === false
        ? false
        : { ttl: typeof options.cache === "object" ? options.cache.ttl : ttl };
    return this.#http.request({
      method: "GET",
      path,
      query,
      schema,
      cache,
      signal: options.signal,
      timeout: options.timeout,
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
    options: CallOptions = {},
  ): Promise<Output> {
    const schema = pick(await loadSchemas());
    return this.#http.request({
      ...request,
      schema,
      signal: options.signal,
      timeout: options.timeout,
    });
  }
}

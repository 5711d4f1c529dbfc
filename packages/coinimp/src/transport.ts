/**
 * The one path every CoinImp call takes to the core: its parameters checked by the endpoint's
 * input schema, then sent as the wire parameters that schema made, cached or invalidating as the
 * endpoint says, and its answer parsed by the endpoint's response schema.
 *
 * The schemas (and zod with them) are imported on the first call, not with the client: zod/mini's
 * module graph takes tens of ms to load, a cost a program that only constructs a client — or a
 * CLI printing its help — should not pay.
 */

import {
  CointapError,
  checkCallOptions,
  checkInput,
  type HttpClient,
  lazyImport,
  type Query,
  readInput,
  type Schema,
} from "@cointap/core";
import type * as z from "zod/mini";
import { ENDPOINTS, type EndpointName } from "./endpoints.js";
import type { CallOptions } from "./options.js";

type Schemas = typeof import("./schemas/index.js");

/** What a call returns: its response schema's output. */
export type Result<Name extends EndpointName> = z.output<Schemas["responses"][Name]>;

/** Its parameters: its input schema's input. */
export type Params<Name extends EndpointName> = z.input<Schemas["inputs"][Name]>;

const loadSchemas = /* @__PURE__ */ lazyImport(
  () => import("./schemas/index.js"),
  (error) =>
    new CointapError("The CoinImp schemas could not be loaded; nothing was sent", {
      cause: error,
    }),
);

/** Calls CoinImp endpoints through a configured core client. */
export class Transport {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Checks `params`, sends the call, and returns its parsed answer. */
  async call<Name extends EndpointName>(
    name: Name,
    params: Params<Name>,
    options?: CallOptions,
  ): Promise<Result<Name>> {
    const checked = checkCallOptions(options, undefined, this.#http.redactor);
    // Read now, at the call, before anything is awaited: a caller may reuse the object at once.
    const endpoint = ENDPOINTS[name];
    const given = readInput(params, endpoint.fields);
    const { signal, timeout, cache: cacheOption } = checked;
    const { inputs, responses } = await loadSchemas();
    // Indexed by a generic name TypeScript sees the union of all schemas; each entry matches its
    // call (test/types.test.ts, test/endpoint-fields.test.ts).
    const sent = checkInput(inputs[name] as Schema<Query>, given, this.#http.redactor);
    const schema = responses[name] as unknown as Schema<Result<Name>>;
    if (endpoint.method === "GET") {
      const cache =
        cacheOption === undefined || cacheOption === true ? { ttl: endpoint.ttl } : cacheOption;
      return this.#http.request({
        method: "GET",
        path: endpoint.path,
        query: sent,
        schema,
        cache,
        signal,
        timeout,
      });
    }
    return this.#http.request({
      method: endpoint.method,
      path: endpoint.path,
      ...(endpoint.send === "form" ? { form: sent } : { query: sent }),
      invalidates: endpoint.invalidates(sent),
      schema,
      signal,
      timeout,
    });
  }
}

/**
 * The HTTP engine: every request goes through one ofetch instance per client (`ofetch.create`).
 *
 * ofetch sends: it merges the headers, hands URL-encoded and multipart bodies to `fetch` as they
 * are, and uses the injected `fetch` (the sandbox's, a test's) or the global one. The core keeps
 * the rules ofetch gets wrong or does not know (measured on ofetch 1.5.1): its `timeout` is
 * ignored when a signal is passed, its retries reuse an aborted signal and ignore `Retry-After`,
 * and its `FetchError` carries the URL and options — v1 keys included. So ofetch runs with
 * `retry: false`, no `timeout`, `ignoreResponseError: true` (the core judges every status),
 * `redirect: "manual"` (credentials never follow a redirect: DESIGN rule 9) and
 * `responseType: "stream"`, so the core reads the body itself, bounded, and parses it as JSON
 * whatever its content type. Each attempt brings its own signal.
 *
 * ofetch is imported on the first request, not with the core: its Node entry loads
 * `node-fetch-native` (tens of ms), a cost a program that never sends should not pay.
 */

import type { $Fetch } from "ofetch";
import { lazyImport } from "../lazy.js";
import { raceSignal } from "../signals.js";
import type { HttpMethod } from "./build.js";
import { readBody } from "./read-body.js";

/** The `fetch` a client may be given instead of the global one. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** A fully built request, ready to send. */
export interface Exchange {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: URLSearchParams | FormData | undefined;
  signal: AbortSignal;
}

/** What came back: status, headers and the body as text (`undefined`: over the size limit). */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string | undefined;
  /**
   * A redirect the fetch itself reports: a browser's opaque one (status 0, where
   * `redirect: "manual"` hides the `Location`), or one a custom fetch followed anyway.
   */
  redirect?: { location: string | undefined } | undefined;
}

/** Sends one exchange and reads at most `maxBytes` of its body. */
export type Engine = (exchange: Exchange, maxBytes: number) => Promise<RawResponse>;

/** The error code of an engine that could not be loaded: nothing was sent (see failure.ts). */
export const ENGINE_UNAVAILABLE = "COINTAP_ENGINE_UNAVAILABLE";

/** ofetch, imported once; a failed import (a chunk that did not load) is tried again next time. */
const loadOfetch = /* @__PURE__ */ lazyImport(
  () => import("ofetch"),
  (error) =>
    Object.assign(new Error("The HTTP engine (ofetch) could not be loaded"), {
      code: ENGINE_UNAVAILABLE,
      cause: error,
    }),
);

/** The engine of one client; `fetchFunction` is used instead of the global `fetch` when given. */
export function createEngine(fetchFunction?: FetchFunction): Engine {
  let instance: $Fetch | undefined;
  // Looked up per request: a test, or a polyfill, that replaces the global `fetch` later is honoured.
  const fetch = fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  const send: Engine = async ({ method, url, headers, body, signal }, maxBytes) => {
    instance ??= (await loadOfetch()).ofetch.create(
      { retry: false, ignoreResponseError: true, responseType: "stream", redirect: "manual" },
      { fetch: fetch as typeof globalThis.fetch },
    );
    const response = await instance.raw(url, { method, headers, body, signal });
    return {
      status: response.status,
      headers: response.headers,
      text: await readBody(response, maxBytes),
      redirect:
        response.type === "opaqueredirect" || response.redirected
          ? { location: response.redirected ? response.url : undefined }
          : undefined,
    };
  };
  // The platform's fetch stops, body included, when its signal aborts. A custom one may not: it is
  // raced against the signal, so it cannot outlive the attempt's timeout.
  return fetchFunction
    ? (exchange, maxBytes) => raceSignal(send(exchange, maxBytes), exchange.signal)
    : send;
}

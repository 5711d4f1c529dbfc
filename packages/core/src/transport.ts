/**
 * Transport: one HTTP exchange over `fetch`, and nothing else. Where a request is built (URL,
 * query, form and multipart bodies), sent, and how a transport failure is told apart — never sent,
 * or maybe sent. Retries, timeouts and parsing belong to the caller.
 */

/** The HTTP methods the clients use. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Scalar = string | number | boolean;

/** Query parameters; `undefined` values are left out, arrays repeat the key in order. */
export type Query = Record<string, Scalar | readonly Scalar[] | undefined>;

/** Form fields, in order; an array repeats the field (`address[]` once per address). */
export type FormFields = Record<string, Scalar | readonly Scalar[] | undefined>;

/** A fully built request, ready to send. */
export interface Exchange {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: URLSearchParams | FormData | undefined;
  signal: AbortSignal;
}

/** What came back: status, headers and the whole body as text. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Joins base URL, path and query. Paths are relative to the base URL's path. */
export function buildURL(base: URL, path: string, query: Query = {}): string {
  // Joined as text, once per call: parsing it into a `URL` cost more than the rest of the URL
  // work together, and `fetch` parses (and normalises) it anyway.
  const search = new URLSearchParams(fieldEntries(query)).toString();
  const joined = base.href.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`);
  return search ? `${joined}?${search}` : joined;
}

/** An `application/x-www-form-urlencoded` body. */
export function formBody(fields: FormFields): URLSearchParams {
  return new URLSearchParams(fieldEntries(fields));
}

/** A `multipart/form-data` body with one text part per value, in order (like `curl -F`). */
export function multipartBody(fields: FormFields): FormData {
  const body = new FormData();
  for (const [name, value] of fieldEntries(fields)) body.append(name, value);
  return body;
}

/** The name-value pairs of a query or form, in order, arrays expanded and `undefined`s left out. */
export function fieldEntries(fields: FormFields): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) entries.push([name, String(item)]);
  }
  return entries;
}

/** The `fetch` a client was given, or the global one looked up at call time. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/**
 * Sends one request and reads the whole body as text. The global `fetch` is looked up per call,
 * so a test (or a polyfill) that replaces it later is honoured. `fetch` itself sets the
 * content type of a form (`URLSearchParams`) or multipart (`FormData`) body.
 */
export async function send(
  exchange: Exchange,
  fetchFunction: FetchFunction = (input, init) => globalThis.fetch(input, init),
): Promise<RawResponse> {
  const { url, body, ...init } = exchange;
  const response = await fetchFunction(url, { ...init, body: body ?? null });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * Error codes that prove the request never reached the server: no connection was made (refused,
 * unreachable, DNS, connect timeout) or TLS refused the peer before any byte of the request.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** What a thrown transport error says about the request, without keeping the error itself. */
export interface TransportFailure {
  /** `false` only when the request provably never left. */
  sent: boolean;
  /** The system error code, when there is one (`ECONNRESET`, `ECONNREFUSED`…). */
  code: string | undefined;
}

/**
 * Classifies a transport error. Only its `code`s are read (along the `cause` chain): the error
 * itself (undici's `TypeError` and its cause, or a custom fetch's error) may carry the URL —
 * keys included.
 */
export function transportFailure(error: unknown): TransportFailure {
  let code: string | undefined;
  let current = error as { code?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; depth < 5 && current != null; depth++) {
    if (typeof current.code === "string") {
      code = current.code;
      if (NOT_SENT_CODES.has(code)) return { sent: false, code };
    }
    current = current.cause as typeof current;
  }
  return { sent: true, code };
}

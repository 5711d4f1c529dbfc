/**
 * Where a request is built: the URL with its query, and form or multipart bodies. Nothing here
 * sends anything (see engine.ts).
 */

/** The HTTP methods the clients use. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Scalar = string | number | boolean;

/** Query parameters; `undefined` values are left out, arrays repeat the key in order. */
export type Query = Record<string, Scalar | readonly Scalar[] | undefined>;

/** Form fields, in order; an array repeats the field (`address[]` once per address). */
export type FormFields = Record<string, Scalar | readonly Scalar[] | undefined>;

/** Name-value pairs in order, as a query or a form is sent (see `OptionCheck#fields`). */
export type Fields = readonly (readonly [string, string])[];

/** Joins base URL, path and query. Paths are relative to the base URL's path. */
export function buildURL(base: URL, path: string, query: Fields): string {
  // Joined as text, once per call: parsing it into a `URL` cost more than the rest of the URL
  // work together, and `fetch` parses (and normalises) it anyway.
  const search = new URLSearchParams(query as [string, string][]).toString();
  const joined = base.href.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`);
  return search ? `${joined}?${search}` : joined;
}

/** An `application/x-www-form-urlencoded` body. */
export function formBody(fields: Fields): URLSearchParams {
  return new URLSearchParams(fields as [string, string][]);
}

/** A `multipart/form-data` body with one text part per value, in order (like `curl -F`). */
export function multipartBody(fields: Fields): FormData {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return body;
}

/**
 * The name-value pairs of a query the client itself built (an invalidation's), in order, arrays
 * expanded and `undefined`s left out. A caller's fields go through `OptionCheck#fields`.
 */
export function fieldEntries(fields: FormFields): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) entries.push([name, String(item)]);
  }
  return entries;
}

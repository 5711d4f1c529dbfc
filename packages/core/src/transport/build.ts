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

/** What the sandbox received, secrets replaced, for tests to assert on. */

import type { RouteId } from "./faults.js";

const SECRET_HEADERS = new Set(["x-api-id", "x-api-key", "x-api-token", "authorization"]);
const SECRET_PARAMS = new Set(["public", "private", "token"]);
export const REDACTED = "[REDACTED]";

/** One request as the sandbox saw it. */
export interface RecordedRequest {
  api: "coinimp" | "mixcoins" | undefined;
  /** `undefined` for a path neither API has. */
  route: RouteId | undefined;
  method: string;
  path: string;
  /** Query parameters; `public` / `private` / `token` show as `[REDACTED]`. */
  query: Record<string, string>;
  /** Header names in lower case; key and token headers show as `[REDACTED]`. */
  headers: Record<string, string>;
  /** Form fields in order (urlencoded or multipart), if the body had any. */
  form: [string, string][] | undefined;
  /** What became of it. */
  outcome:
    | "answered"
    | "injected-status"
    | "malformed"
    | "applied-then-malformed"
    | "stalled"
    | "reset"
    | "applied-then-dropped"
    | "aborted";
  /** The status answered; `undefined` when the connection was dropped. */
  status: number | undefined;
  /** The sandbox clock's time when it arrived. */
  at: number;
}

/** Starts a log entry for `request` (its form fields are filled in by `recordForm`). */
export function recordRequest(
  request: Request,
  route: RouteId | undefined,
  at: number,
): RecordedRequest {
  const url = new URL(request.url);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = SECRET_PARAMS.has(name) ? REDACTED : value;
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers)
    headers[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  return {
    api: route?.startsWith("coinimp") ? "coinimp" : route ? "mixcoins" : undefined,
    route,
    method: request.method,
    path: url.pathname,
    query,
    headers,
    form: undefined,
    outcome: "answered",
    status: undefined,
    at,
  };
}

/** Reads the form fields of a copy of the request into the entry. */
export async function recordForm(entry: RecordedRequest, copy: Request): Promise<void> {
  const type = copy.headers.get("content-type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/.test(type)) return;
  try {
    const data = await copy.formData();
    entry.form = [...data].map(([name, value]) => [
      name,
      // Keys sent as form fields (a v1 client posting its keys) are redacted like query ones.
      SECRET_PARAMS.has(name) ? REDACTED : typeof value === "string" ? value : value.name,
    ]);
  } catch {
    // An unreadable body is logged without fields; the API answers it as bad input.
  }
}

/**
 * Redaction: every header, query parameter, body and message that leaves the core for an error, a
 * hook or a log passes through a `Redactor` first. It removes secrets two ways: by name (the
 * headers and query parameters that carry keys) and by value (the client's own secrets, wherever
 * they show up, raw or URL-encoded — an API may echo a key back in its error message).
 */

/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

/** Headers whose values are always redacted (compared case-insensitively). */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  "x-api-id",
  "x-api-key",
  "x-api-token",
  "authorization",
];

/** Query parameters whose values are always redacted (CoinImp v1 sends its keys this way). */
export const DEFAULT_REDACTED_PARAMS: readonly string[] = ["public", "private", "token"];

/** Which names and values to redact, on top of the defaults. */
export interface RedactOptions {
  /** More header names to redact. */
  headers?: readonly string[];
  /** More query parameter (and body field) names to redact. */
  params?: readonly string[];
  /** Secret values to remove wherever they appear. */
  secrets?: readonly string[];
}

/** Removes secrets from what the core reports. */
export interface Redactor {
  /** A copy of the headers, secret ones replaced. */
  headers(headers: Record<string, string>): Record<string, string>;
  /** The URL with secret query parameters (and secret values anywhere in it) replaced. */
  url(url: string): string;
  /** The text with every secret value replaced. */
  text(text: string): string;
  /** A deep copy of a JSON-like value with secret fields and values replaced. */
  value(value: unknown): unknown;
}

const MAX_DEPTH = 20;

/** Builds a redactor for the default names plus `options`. */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const headerNames = lowerSet([...DEFAULT_REDACTED_HEADERS, ...(options.headers ?? [])]);
  const fieldNames = lowerSet([...DEFAULT_REDACTED_PARAMS, ...(options.params ?? [])]);
  const secretNames = new Set([...headerNames, ...fieldNames]);
  const needles = secretNeedles(options.secrets ?? []);

  const text = (input: string): string => {
    let output = input;
    for (const needle of needles) output = output.split(needle).join(REDACTED);
    return output;
  };

  const url = (input: string): string => {
    // The query ends at a fragment, which is kept apart (else it is read as part of the last value).
    const hashStart = input.indexOf("#");
    const beforeHash = hashStart === -1 ? input : input.slice(0, hashStart);
    const hash = hashStart === -1 ? "" : input.slice(hashStart);
    const queryStart = beforeHash.indexOf("?");
    if (queryStart === -1) return text(input);
    // Entry by entry: `set` would fold a repeated parameter into one.
    const params = new URLSearchParams(
      [...new URLSearchParams(beforeHash.slice(queryStart + 1))].map(([name, item]) => [
        name,
        fieldNames.has(name.toLowerCase()) ? REDACTED : item,
      ]),
    );
    const query = params.toString().replaceAll("%5BREDACTED%5D", REDACTED);
    return text(`${beforeHash.slice(0, queryStart)}?${query}${hash}`);
  };

  const value = (input: unknown, depth = 0): unknown => {
    if (typeof input === "string") return text(input);
    if (input === null || typeof input !== "object") return input;
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      copy[text(key)] = secretNames.has(key.toLowerCase()) ? REDACTED : value(item, depth + 1);
    }
    return copy;
  };

  const headers = (input: Record<string, string>): Record<string, string> => {
    const copy: Record<string, string> = {};
    for (const [name, headerValue] of Object.entries(input)) {
      copy[name] = headerNames.has(name.toLowerCase()) ? REDACTED : text(headerValue);
    }
    return copy;
  };

  return { headers, url, text, value: (input) => value(input) };
}

function lowerSet(names: readonly string[]): Set<string> {
  return new Set(names.map((name) => name.toLowerCase()));
}

/** Each secret as it may appear: raw, URL-encoded, form-encoded. Longest first, so none is cut. */
function secretNeedles(secrets: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // A one- or two-character "secret" would shred every message; real keys are far longer.
    if (secret.length < 3) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(new URLSearchParams({ s: secret }).toString().slice(2));
    // As other echoes may write it: a URL with only unsafe characters escaped, a JSON string.
    needles.add(encodeURI(secret));
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...needles].sort((a, b) => b.length - a.length);
}

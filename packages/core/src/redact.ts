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

/** Builds a redactor for the default names plus `options`. */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const lower = (names: readonly string[]) => new Set(names.map((name) => name.toLowerCase()));
  const headerNames = lower([...DEFAULT_REDACTED_HEADERS, ...(options.headers ?? [])]);
  const fieldNames = lower([...DEFAULT_REDACTED_PARAMS, ...(options.params ?? [])]);
  const secretNames = new Set([...headerNames, ...fieldNames]);
  // Each secret as it may appear: raw, URL-encoded, form-encoded, in a URL with only unsafe
  // characters escaped, in a JSON string. Longest first, so none is cut.
  const needles = [
    ...new Set(
      (options.secrets ?? [])
        // A one- or two-character "secret" would shred every message; real keys are far longer.
        .filter((secret) => secret.length > 2)
        .flatMap((secret) => [
          secret,
          encodeURIComponent(secret),
          new URLSearchParams({ s: secret }).toString().slice(2),
          encodeURI(secret),
          JSON.stringify(secret).slice(1, -1),
        ]),
    ),
  ].sort((a, b) => b.length - a.length);

  // One pass, case-insensitive: a server (or a message quoting a lower-cased prefix) may change a
  // key's case, and a key in another case is still the key.
  const pattern =
    needles.length > 0
      ? new RegExp(
          needles.map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
          "gi",
        )
      : undefined;
  const text = (input: string): string => (pattern ? input.replace(pattern, REDACTED) : input);

  /** A copy of `input` (built by entries: a `__proto__` key stays a key), `replace`d. */
  const copy = <V>(input: object, replace: (name: string, item: V) => unknown) =>
    Object.fromEntries(
      Object.entries(input).map(([name, item]) => [text(name), replace(name.toLowerCase(), item)]),
    );

  const value = (input: unknown, depth: number): unknown => {
    if (typeof input === "string") return text(input);
    if (input === null || typeof input !== "object") return input;
    // Deeper than any real body: cut off (and a cycle cannot recurse forever).
    if (depth >= 20) return REDACTED;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1));
    return copy(input, (name, item) => (secretNames.has(name) ? REDACTED : value(item, depth + 1)));
  };

  return {
    headers: (input) =>
      copy(input, (name, item: string) =>
        headerNames.has(name) ? REDACTED : text(item),
      ) as Record<string, string>,
    url: (input) => {
      // The query ends at a fragment, which is kept apart (else it is read as part of the last value).
      const [, path, query, hash] = /^([^?#]*)\?([^#]*)(.*)$/s.exec(input) ?? [];
      if (query === undefined) return text(input);
      // Entry by entry: `set` would fold a repeated parameter into one.
      const params = new URLSearchParams(
        [...new URLSearchParams(query)].map(([name, item]) => [
          name,
          fieldNames.has(name.toLowerCase()) ? REDACTED : item,
        ]),
      );
      const shown = params.toString().replaceAll("%5BREDACTED%5D", REDACTED);
      return text(`${path}?${shown}${hash}`);
    },
    text,
    value: (input) => value(input, 0),
  };
}

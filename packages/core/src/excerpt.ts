/**
 * What an error keeps of a response is cut to a few KB (DESIGN rule 10): an HTML error page, or a
 * hostile server's 50 MB message, must not end up whole in a log line or an exception tracker.
 */

/** The most characters of a message kept on an error (an API's message, a schema issue's). */
export const MAX_MESSAGE = 1000;
/** The most characters of a body kept on an error, as its JSON text. */
export const MAX_BODY = 2000;
/** The most issues listed on one error. */
export const MAX_ISSUES = 20;

/** `text`, cut to `max` characters and an ellipsis. */
export function excerpt(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A (redacted) body as an error keeps it: whole when small, else the start of its JSON text. Cut
 * after redaction: a secret straddling the cut would otherwise leave its start behind.
 */
export function keptBody(body: unknown): unknown {
  if (typeof body === "string") return excerpt(body, MAX_BODY);
  if (body === null || typeof body !== "object") return body;
  const json = JSON.stringify(body) ?? "";
  return json.length > MAX_BODY ? excerpt(json, MAX_BODY) : body;
}

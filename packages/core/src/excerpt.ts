/**
 * What an error keeps is cut to a few KB (DESIGN rule 10): an HTML error page, or a hostile
 * server's 50 MB message, must not end up whole in a log line or an exception tracker. The error
 * classes cut what they are given (errors.ts), after it was redacted: a secret straddling the cut
 * would otherwise leave its start behind.
 */

/** The most characters of a message kept on an error (an API's message, a schema issue's). */
export const MAX_MESSAGE = 1000;
/** The most characters of a body kept on an error, as its JSON text. */
export const MAX_BODY = 2000;
/** The most characters of one issue's message (one of up to `MAX_ISSUES`). */
export const MAX_ISSUE_MESSAGE = 300;
/** The most issues listed on one error. */
export const MAX_ISSUES = 20;

/** `text`, cut to `max` characters and an ellipsis. */
export function excerpt(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A (redacted) body as an error keeps it: whole when small, else the start of its JSON text. */
export function keptBody(body: unknown): unknown {
  if (typeof body === "string") return excerpt(body, MAX_BODY);
  if (body === null || typeof body !== "object") return body;
  const json = JSON.stringify(body) ?? "";
  return json.length > MAX_BODY ? excerpt(json, MAX_BODY) : body;
}

/** Issues as an error keeps them: at most `MAX_ISSUES`, each message and path segment cut. */
export function keptIssues<
  T extends { readonly path: readonly (string | number)[]; readonly message: string },
>(issues: readonly T[]): { path: (string | number)[]; message: string }[] {
  const kept = issues.slice(0, MAX_ISSUES).map(({ path, message }) => ({
    // A path names a body's keys, and a hostile body's key may be 500 KB long.
    path: path.map((segment) => (typeof segment === "string" ? excerpt(segment, 100) : segment)),
    message: excerpt(message, MAX_ISSUE_MESSAGE),
  }));
  if (issues.length > MAX_ISSUES) {
    kept.push({ path: [], message: `and ${issues.length - MAX_ISSUES} more problems` });
  }
  return kept;
}

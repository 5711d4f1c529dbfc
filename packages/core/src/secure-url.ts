/** HTTPS only (DESIGN rule 7): keys never cross a network in clear text by accident. */

import { ValidationError } from "./errors.js";

/** Whether `hostname` (as `URL` gives it) names this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$|\.localhost$/i.test(hostname);
}

/**
 * Parses a base URL and refuses what would leak keys: anything but `https:`, except `http:` to a
 * loopback host or with `allowInsecureHttp`. Query and fragment are refused too: the client owns
 * the query string.
 */
export function secureBaseURL(baseURL: string, allowInsecureHttp = false): URL {
  if (typeof baseURL !== "string") {
    throw invalid(`must be a URL string, got ${baseURL === null ? "null" : typeof baseURL}`);
  }
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    // Echoed without what could be credentials (`user:password@`): the string did not parse.
    const shown = baseURL.replace(/^([^/?#]*:\/\/)[^/?#]*@/, "$1[REDACTED]@");
    throw invalid(`must be an absolute URL, got ${JSON.stringify(shown)}`);
  }
  const { protocol, hostname } = url;
  if (url.username || url.password) throw invalid("must not contain credentials");
  // `search` and `hash` are "" for a bare "?" or "#", which `href` keeps (and a path would follow).
  if (/[?#]/.test(url.href)) throw invalid("must not contain a query or a fragment");
  if (protocol === "https:") return url;
  if (protocol === "http:" && (allowInsecureHttp || isLoopbackHost(hostname))) return url;
  throw invalid(
    protocol === "http:"
      ? `uses http: to ${hostname}; keys would travel in clear text. Use https:, or pass allowInsecureHttp: true`
      : `must use https:, got ${protocol}`,
  );
}

function invalid(message: string): ValidationError {
  return new ValidationError([{ path: ["baseURL"], message }]);
}

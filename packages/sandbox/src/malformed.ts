/**
 * Malformed answers, as real networks deliver them: a proxy's HTML error page, an empty body,
 * JSON cut short, JSON of a shape the API never sends. Built here so that the fault table only
 * decides _when_ one is answered, and this file _what_ is on the wire.
 *
 * Whether the request was processed first is the fault's `apply` flag, not the kind's: from the
 * client's side the two are indistinguishable (that is the point of the fault), so a test picks the
 * world it wants to check — nothing applied (the answer came from something in front of the API)
 * or applied exactly once (the API did the work and its answer was lost on the way back).
 */

/** The kinds of malformed answer, as the `malformed` fault names them. */
export const MALFORMED_KINDS = ["html", "empty", "truncated", "wrong-shape"] as const;

export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/**
 * The status each kind is answered with when the fault names none: an HTML page is what a proxy
 * (nginx, a CDN) sends when the API behind it failed, so 502 Bad Gateway; the three JSON-ish kinds
 * are the API's own (or a buffering proxy's) success that arrived broken, so 200.
 */
export const MALFORMED_DEFAULT_STATUS: Readonly<Record<MalformedKind, number>> = {
  html: 502,
  empty: 200,
  truncated: 200,
  "wrong-shape": 200,
};

/** What the answer stands in for: the API that was asked, and its real answer when it had one. */
export interface MalformedContext {
  api: "coinimp" | "mixcoins" | undefined;
  /** The text the API answered, when the request was processed (`apply`); else `undefined`. */
  answered: string | undefined;
}

/** A body of the API's success shape, for the truncated kind when nothing was processed. */
const UNPROCESSED_SUCCESS: Record<"coinimp" | "mixcoins", string> = {
  coinimp: JSON.stringify({ status: "success", message: { result: "0" } }),
  mixcoins: JSON.stringify({ currency: "btc", amount: "1", address: "", address_legacy: null }),
};

/** Reason phrases for the HTML page's title, as nginx words them. */
const REASONS: Record<number, string> = {
  200: "OK",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

/** Statuses whose response may carry no body at all (the `Response` constructor refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** Whether `value` names a kind of malformed answer. */
export function isMalformedKind(value: unknown): value is MalformedKind {
  return (MALFORMED_KINDS as readonly unknown[]).includes(value);
}

/**
 * The malformed answer of `kind` with `status` (the kind's default when `undefined`) and an
 * optional `Retry-After` in seconds.
 */
export function malformedResponse(
  kind: MalformedKind,
  status: number | undefined,
  retryAfter: number | undefined,
  context: MalformedContext,
): Response {
  if (!isMalformedKind(kind)) {
    // A typo in a live fault table must not look like a network failure to the code under test.
    throw new TypeError(
      `unknown malformed kind ${JSON.stringify(kind)}: expected one of ${MALFORMED_KINDS.join(", ")}`,
    );
  }
  const answered = status ?? MALFORMED_DEFAULT_STATUS[kind];
  const { body, type } = malformedBody(kind, answered, context);
  const headers: Record<string, string> = { "content-type": type };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return new Response(NULL_BODY_STATUSES.has(answered) ? null : body, {
    status: answered,
    headers,
  });
}

function malformedBody(
  kind: MalformedKind,
  status: number,
  { api, answered }: MalformedContext,
): { body: string; type: string } {
  switch (kind) {
    case "html": {
      const title = `${status} ${REASONS[status] ?? "Error"}`;
      // nginx's own error page, byte for byte in shape: what sits in front of most APIs.
      const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
      return { body, type: "text/html" };
    }
    case "empty":
      // Says JSON, sends nothing: a worker that died after the headers, a proxy that lost the body.
      return { body: "", type: "application/json" };
    case "truncated": {
      // Every answer of both APIs is a JSON object, so any proper prefix of it never parses.
      const whole = answered ?? UNPROCESSED_SUCCESS[api ?? "coinimp"];
      return {
        body: whole.slice(0, Math.max(1, Math.floor(whole.length / 2))),
        type: "application/json",
      };
    }
    case "wrong-shape":
      // Valid JSON in an envelope neither API uses (as an API version change would send): the
      // real answer inside `data` when there was one, so nothing but the shape is wrong.
      return {
        body: JSON.stringify({ data: answered === undefined ? null : parsedOrText(answered) }),
        type: "application/json",
      };
  }
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

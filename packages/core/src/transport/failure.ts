/**
 * A thrown transport error told apart: provably never sent, or maybe sent (DESIGN rule 4). Only
 * error codes are read: the error itself (ofetch's `FetchError`, undici's `TypeError` and its
 * cause, a custom fetch's error) carries the URL — v1 keys included — and is never kept.
 */

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
  // The engine itself did not load (engine.ts): nothing was built, let alone sent.
  "COINTAP_ENGINE_UNAVAILABLE",
]);

/** What a thrown transport error says about the request, without keeping the error itself. */
export interface TransportFailure {
  /** `false` only when the request provably never left. */
  sent: boolean;
  /** The system error code, when there is one (`ECONNRESET`, `ECONNREFUSED`…). */
  code: string | undefined;
}

/** Classifies a transport error by the `code`s along its `cause` chain. */
export function transportFailure(error: unknown): TransportFailure {
  let code: string | undefined;
  let current = error as { code?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; depth < 6 && current != null; depth++) {
    if (typeof current.code === "string") {
      code = current.code;
      if (NOT_SENT_CODES.has(code)) return { sent: false, code };
    }
    current = current.cause as typeof current;
  }
  return { sent: true, code };
}

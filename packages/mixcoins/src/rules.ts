/**
 * How MixCoins says no: `{ "error": … }` (or `{ "message": … }`) with a status from its error table.
 * 429 and its own 503 ("offline for maintenance") are answered before anything is done, so a mix
 * may be sent again after them. Only MixCoins' documented 503 is proof: an `{ "error": … }` body
 * whose message is its maintenance message. Any other 503 — a proxy's page, a gateway's generic
 * `{"error":"Service Unavailable"}`, or one sent after the mix was made — proves nothing: the mix
 * then ends in `OutcomeUnknownError`.
 */

import type { ResponseRules } from "@cointap/core";

function messageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { error, message } = body as { error?: unknown; message?: unknown };
  if (typeof error === "string") return error;
  if (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
  ) {
    return (error as { message: string }).message;
  }
  return typeof message === "string" && "error" in body ? message : undefined;
}

/** MixCoins' documented maintenance answer, whole (a proxy's text that merely mentions it is not). */
const MAINTENANCE = /^\s*service is offline for maintenance\.?\s*$/i;

export const mixCoinsRules: ResponseRules = {
  failureMessage: messageOf,
  isNotProcessed: ({ status, body }) => status === 503 && MAINTENANCE.test(messageOf(body) ?? ""),
};

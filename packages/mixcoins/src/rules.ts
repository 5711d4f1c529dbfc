/**
 * How MixCoins says no: `{ "error": … }` (or `{ "message": … }`) with a status from its error table.
 * 429 and its own 503 ("offline for maintenance") are answered before anything is done, so a mix
 * may be sent again after them. A 503 without MixCoins' error body (a proxy's page, or one sent
 * after the mix was made) proves nothing: the mix then ends in `OutcomeUnknownError`.
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

export const mixCoinsRules: ResponseRules = {
  failureMessage: messageOf,
  isNotProcessed: ({ status, body }) => status === 503 && messageOf(body) !== undefined,
};

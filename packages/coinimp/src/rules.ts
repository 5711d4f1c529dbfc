/**
 * How CoinImp says no. A `{"status":"failure","message":…}` body is an error at any HTTP status,
 * and the documented quota answer — 503 with that body — was not processed: any call may be sent
 * again once the quota allows, a withdrawal included.
 */

import type { ResponseInfo, ResponseRules } from "@cointap/core";

interface FailureEnvelope {
  status: "failure";
  message?: unknown;
}

function isFailure(body: unknown): body is FailureEnvelope {
  return (
    typeof body === "object" && body !== null && (body as { status?: unknown }).status === "failure"
  );
}

/** A 503 carrying CoinImp's own failure body. A bare 503 (a proxy's page) proves nothing. */
function isQuotaAnswer({ status, body }: ResponseInfo): boolean {
  return status === 503 && isFailure(body);
}

export const coinImpRules: ResponseRules = {
  failureMessage: (body) => {
    if (!isFailure(body)) return undefined;
    return typeof body.message === "string" ? body.message : "The API reported a failure";
  },
  isQuotaExceeded: isQuotaAnswer,
  isNotProcessed: isQuotaAnswer,
};

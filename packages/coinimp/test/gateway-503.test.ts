/**
 * CoinImp's quota 503 carries its `{"status":"failure",…}` envelope; a 503 without it (a gateway's
 * or proxy's answer) proves nothing about a withdrawal: `users.withdraw` rejects with
 * `OutcomeUnknownError` and is never sent again, even with retries on.
 */

import { describe, expect, it } from "vitest";
import { type ApiError, OutcomeUnknownError } from "../src/index.js";
import { json, SITE_KEY, stubClient, text } from "./helpers/stub-fetch.js";

const WITHDRAW = { siteKey: SITE_KEY, user: "alice", amount: 1000 };

describe("a 503 without CoinImp's failure envelope on users.withdraw: OutcomeUnknownError, sent once", () => {
  const answers: [string, () => Response][] = [
    ['{"error":"Service Unavailable"}', () => json({ error: "Service Unavailable" }, 503)],
    ['{"message":"upstream"}', () => json({ message: "upstream" }, 503)],
    [
      "an HTML error page",
      () => text("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", 503),
    ],
    ["an empty body", () => text("", 503, "text/plain")],
  ];
  for (const [name, answer] of answers) {
    it(`503 with ${name}`, async () => {
      const retried: unknown[] = [];
      const { api, calls } = stubClient(() => answer(), {
        retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
        hooks: { onRetry: (event) => retried.push(event) },
      });
      const error = await api.users.withdraw(WITHDRAW).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(calls, "requests sent").toHaveLength(1);
      expect(retried).toEqual([]);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect(((error as Error).cause as ApiError | undefined)?.status).toBe(503);
    });
  }
});

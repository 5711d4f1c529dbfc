/**
 * A client whose quota is spent after one call (one token a second), on a fresh virtual clock (so
 * a fresh bucket), with a stub that answers every request at once: the set-up of the tests that
 * queue calls and then abandon them.
 */

import { createHttpClient, type HttpClientOptions, type RateLimiter } from "../../src/index.js";
import { json, stubFetch } from "./stub-fetch.js";
import { VirtualClock } from "./virtual-clock.js";

/** One token a second, bursts of one. */
export const QUEUED_QUOTA = { capacity: 1, refill: 1, interval: 1000 };

export function queuedClient(options: Pick<HttpClientOptions, "cache"> = {}) {
  const clock = new VirtualClock();
  const stub = stubFetch(
    () => json(200, { ok: true }),
    () => clock.now(),
  );
  const api = createHttpClient({
    baseURL: "https://api.example.test",
    auth: { headers: { "X-API-KEY": "queued-client-key" } },
    fetch: stub.fetch,
    clock,
    retry: false,
    rateLimit: QUEUED_QUOTA,
    ...options,
  });
  return { clock, api, sent: stub.calls, limiter: api.rateLimiter as RateLimiter };
}

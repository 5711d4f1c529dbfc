/**
 * One `users.balance` request to the stub server (coinimp-stub-server.ts), made four ways: through
 * the CoinImp client, and by hand three ways a user could write it. Every way sends the same URL
 * with the same headers and reads and parses the whole body, so they differ only in what the
 * client (or ofetch) adds around `fetch`. Shared by the overhead benchmark and the first-request
 * probe.
 */

import { CoinImp } from "@cointap/coinimp";
import type { $Fetch } from "ofetch";

/** One request, its body parsed. */
export type Call = () => Promise<unknown>;

/**
 * The client's default per-attempt timeout (core's `DEFAULT_TIMEOUT`, not exported), given to
 * the baselines that time out: each then arms the same timer the client arms.
 */
export const TIMEOUT_MS = 30_000;

// Made-up keys of the right form: the stub server does not check them, but they are sent.
const PUBLIC_KEY = "a".repeat(64);
const PRIVATE_KEY = "b".repeat(64);
const SITE_KEY = "c".repeat(64);
const HEADERS = { accept: "application/json", "X-API-ID": PUBLIC_KEY, "X-API-KEY": PRIVATE_KEY };

function balanceUrl(server: string): string {
  return `${server}/api/v2/user/balance?site-key=${SITE_KEY}&user=alice`;
}

/** The client, quota and cache off, so every call goes to the server. */
export function clientCall(server: string): Call {
  const client = new CoinImp({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseURL: `${server}/api/v2`,
    rateLimit: false,
    cache: false,
  });
  return () => client.users.balance({ siteKey: SITE_KEY, user: "alice" });
}

/** Baseline 1, the least a call can do: `fetch`, `res.json()`, the status checked. No timeout. */
export function fetchCall(server: string): Call {
  const url = balanceUrl(server);
  return async () => {
    const response = await fetch(url, { headers: HEADERS });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return body;
  };
}

/**
 * Baseline 2, the least a call can do when it must time out, body included (as the client's
 * timeout does): a controller and a timer per request, the timer cleared only once the body is
 * read. The gap between baseline 1 and this one is the price of any timeout; the client cannot
 * go below it.
 */
export function fetchWithTimeoutCall(server: string, timeoutMs = TIMEOUT_MS): Call {
  const url = balanceUrl(server);
  return async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, { headers: HEADERS, signal: controller.signal });
      const body: unknown = await response.json();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return body;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Baseline 3, ofetch used directly, the engine the client runs on, with the client's timeout and
 * no retry. `ofetch` is passed in rather than imported here, so that importing this file (the
 * first-request probe does) does not load the engine the client is meant to load lazily.
 */
export function ofetchCall(server: string, ofetch: $Fetch, timeoutMs = TIMEOUT_MS): Call {
  const url = balanceUrl(server);
  return () => ofetch(url, { headers: HEADERS, timeout: timeoutMs, retry: 0 });
}

/** The `withdrawn` figure of a call's answer: the client returns the message, the others the body. */
export function withdrawnOf(answer: unknown): unknown {
  const value = answer as { withdrawn?: unknown; message?: { withdrawn?: unknown } };
  return value.withdrawn ?? value.message?.withdrawn;
}

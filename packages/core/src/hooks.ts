/**
 * Observability hooks. Every payload is built from redacted values: a hook may log it as it is.
 * A hook that throws is ignored — a logging bug must not turn a paid withdrawal into an error.
 */

import type { CointapError } from "./errors.js";
import type { HttpMethod } from "./transport/build.js";

/** The request, as hooks see it. */
export interface HookRequest {
  method: HttpMethod;
  /** The full URL, secret query parameters replaced. */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Hooks a client calls; all optional, all synchronous. */
export interface Hooks {
  /** Before each attempt is sent. */
  onRequest?(event: HookRequest & { headers: Record<string, string> }): void;
  /** When an attempt got an answer, whatever its status. */
  onResponse?(event: HookRequest & { status: number; durationMs: number }): void;
  /** Before waiting to retry. */
  onRetry?(event: HookRequest & { error: CointapError; delayMs: number }): void;
  /** When the call fails for good. */
  onError?(event: HookRequest & { error: unknown }): void;
  /** When the call must wait for the quota before it can be sent. */
  onQueued?(event: HookRequest & { waitMs: number; queued: number }): void;
}

/** Calls one hook, shielding the request from anything it throws. */
export function callHook<Event>(hook: ((event: Event) => void) | undefined, event: Event): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // Deliberately ignored: see the module comment.
  }
}

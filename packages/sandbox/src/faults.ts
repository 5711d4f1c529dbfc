/**
 * Fault injection, per route: added latency, an error status, a malformed answer, a stall after
 * the headers, a reset before processing, and "apply then drop the connection" — the case after
 * which a client cannot know whether its withdrawal or mix happened.
 */

import type { MalformedKind } from "./malformed.js";
import type { Random } from "./random.js";

/** Every route the sandbox serves, as fault keys and in the request log. */
export const ROUTES = [
  "coinimp:hashes",
  "coinimp:reward",
  "coinimp:user/balance",
  "coinimp:user/list",
  "coinimp:user/withdraw",
  "coinimp:account/stats",
  "coinimp:account/sites",
  "coinimp:account/payments",
  "coinimp:site",
  "coinimp:site/delete",
  "coinimp:payout/1mhash",
  "mixcoins:mix",
] as const;

export type RouteId = (typeof ROUTES)[number];

/**
 * What goes wrong on a route. Kinds other than `latency` exclude each other (`status` and
 * `retryAfter` also shape a `malformed` answer).
 */
export interface FaultSpec {
  /** Milliseconds added before the request is handled (within `times` and `rate`, like any kind). */
  latency?: number;
  /**
   * Answer this status (with the API's error body) without processing the request. With
   * `malformed`, the status of the malformed answer instead.
   */
  status?: number;
  /** With `status` or `malformed`: a `Retry-After` header, in seconds. */
  retryAfter?: number;
  /**
   * Answer a malformed body, by default without processing the request (see `apply`):
   *
   * - `"html"`: an nginx error page (`text/html`), status 502 unless `status` says otherwise;
   * - `"empty"`: `content-type: application/json` and no body, status 200;
   * - `"truncated"`: the first half of a JSON answer (never parses), status 200;
   * - `"wrong-shape"`: valid JSON of a shape the API never sends (`{"data":…}`), status 200.
   *
   * A 2xx malformed answer to a withdrawal, deletion or mix leaves the client unable to know
   * whether it was applied: it must report an unknown outcome, never send it again.
   */
  malformed?: MalformedKind;
  /**
   * With `malformed`: process the request first — the withdrawal, deletion or mix happens, the
   * quota is spent — then answer the malformed body in place of the real answer (`truncated` cuts
   * the real answer, `wrong-shape` wraps it in `data`). Default `false`: nothing happened, as when a
   * proxy in front of the API answered. Both worlds look the same to a client.
   */
  apply?: boolean;
  /** Send the headers and the start of the body, then nothing more. */
  stall?: boolean;
  /** Drop the connection before processing: nothing happened. */
  reset?: boolean;
  /** Process the request (its effect happens), then drop the connection before answering. */
  applyThenDrop?: boolean;
  /** Share of requests affected, latency included, 0 to 1 (seeded, so reproducible). Default 1. */
  rate?: number;
  /** Affect only the first `times` requests on the route (latency included), then behave. */
  times?: number;
}

/** Faults by route; `"*"` applies to every route without an entry of its own. */
export type Faults = Partial<Record<RouteId | "*", FaultSpec>>;

export type FaultKind =
  | "status"
  | "malformed"
  | "apply-then-malformed"
  | "stall"
  | "reset"
  | "apply-then-drop";

export interface FaultDecision {
  latency: number;
  kind: FaultKind | undefined;
  spec: FaultSpec | undefined;
}

/** Decides what happens to one request on `route`, counting `times` per spec. */
export function decideFault(
  faults: Faults,
  route: RouteId | undefined,
  random: Random,
  used: WeakMap<FaultSpec, number>,
  baseLatency: number,
): FaultDecision {
  const spec = (route && faults[route]) ?? faults["*"];
  if (!spec) return { latency: baseLatency, kind: undefined, spec: undefined };
  const kind = kindOf(spec);
  const delay = spec.latency ?? 0;
  // A spec's latency is part of its fault: `times` and `rate` limit it like any other kind, so
  // `{ latency, times: 1 }` delays the first request only (its retry goes through).
  const unaffected = { latency: baseLatency, kind: undefined, spec };
  if (!kind && delay <= 0) return unaffected;
  const count = used.get(spec) ?? 0;
  if (spec.times !== undefined && count >= spec.times) return unaffected;
  // Drawn on every faulted request, hit or miss: the same sequence of requests always gets the
  // same decisions.
  if (random() >= (spec.rate ?? 1)) return unaffected;
  used.set(spec, count + 1);
  return { latency: baseLatency + delay, kind, spec };
}

function kindOf(spec: FaultSpec): FaultKind | undefined {
  if (spec.reset) return "reset";
  // Before `status`, which is the malformed answer's status when both are given.
  if (spec.malformed !== undefined) return spec.apply ? "apply-then-malformed" : "malformed";
  if (spec.status !== undefined) return "status";
  if (spec.applyThenDrop) return "apply-then-drop";
  if (spec.stall) return "stall";
  return undefined;
}

/** The route a request is for, or `undefined` for a path neither API has. */
export function routeOf(method: string, pathname: string): RouteId | undefined {
  // Strict, like the router: `/hashes/` is not `/hashes`.
  const coinimp = /^\/api\/v[12]\/(.+)$/.exec(pathname);
  if (coinimp) {
    const endpoint = coinimp[1] === "site" && method === "DELETE" ? "site/delete" : coinimp[1];
    const route = `coinimp:${endpoint}`;
    return (ROUTES as readonly string[]).includes(route) ? (route as RouteId) : undefined;
  }
  return /^\/api\/[^/]+\/mix$/.test(pathname) ? "mixcoins:mix" : undefined;
}

/** A response whose body starts, then never ends (until the reader gives up). */
export async function stalled(response: Response, signal: AbortSignal): Promise<Response> {
  const text = await response.text();
  const start = new TextEncoder().encode(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(start);
      // In-process, the reader sees the abort. Over HTTP the server cancels the body when the
      // connection closes, right after aborting the signal: erroring it then would only make
      // the server log the error, so wait a microtask and leave a cancelled body alone.
      const fail = () => queueMicrotask(() => cancelled || controller.error(signal.reason));
      if (signal.aborted) fail();
      else signal.addEventListener("abort", fail, { once: true });
    },
    cancel() {
      cancelled = true;
    },
  });
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(body, { status: response.status, headers });
}

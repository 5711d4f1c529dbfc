/**
 * Fault injection, per route: added latency, an error status, a stall after the headers, a reset
 * before processing, and "apply then drop the connection" — the case after which a client cannot
 * know whether its withdrawal or mix happened.
 */

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

/** What goes wrong on a route. Kinds other than `latency` exclude each other. */
export interface FaultSpec {
  /** Milliseconds added before the request is handled. */
  latency?: number;
  /** Answer this status (with the API's error body) without processing the request. */
  status?: number;
  /** With `status`: a `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** Send the headers and the start of the body, then nothing more. */
  stall?: boolean;
  /** Drop the connection before processing: nothing happened. */
  reset?: boolean;
  /** Process the request (its effect happens), then drop the connection before answering. */
  applyThenDrop?: boolean;
  /** Share of requests affected, from 0 to 1 (seeded, so reproducible). Default 1. */
  rate?: number;
  /** Affect only the first `times` requests on the route, then behave. */
  times?: number;
}

/** Faults by route; `"*"` applies to every route without an entry of its own. */
export type Faults = Partial<Record<RouteId | "*", FaultSpec>>;

export type FaultKind = "status" | "stall" | "reset" | "apply-then-drop";

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
  const latency = baseLatency + (spec.latency ?? 0);
  const kind = kindOf(spec);
  if (!kind) return { latency, kind: undefined, spec };
  const count = used.get(spec) ?? 0;
  if (spec.times !== undefined && count >= spec.times) return { latency, kind: undefined, spec };
  // Drawn on every faulted request, hit or miss: the same sequence of requests always gets the
  // same decisions.
  if (random() >= (spec.rate ?? 1)) return { latency, kind: undefined, spec };
  used.set(spec, count + 1);
  return { latency, kind, spec };
}

function kindOf(spec: FaultSpec): FaultKind | undefined {
  if (spec.reset) return "reset";
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

import type { FetchFunction } from "../../src/index.js";

/** A request as the stub saw it. */
export interface StubCall {
  method: string;
  url: URL;
  headers: Headers;
  /** The time on the test's clock when it arrived. */
  at: number;
}

/**
 * An in-process `fetch` that answers with `respond`, recording each call and the time it arrived
 * on `now` (the test's virtual clock).
 */
export function stubFetch(
  respond: (call: StubCall, index: number) => Response | Promise<Response>,
  now: () => number = () => 0,
): { fetch: FetchFunction; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const call = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      at: now(),
    };
    calls.push(call);
    return respond(call, calls.length - 1);
  };
  return { fetch, calls };
}

/** A JSON response. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

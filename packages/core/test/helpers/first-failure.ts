import {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type RequestOptions,
} from "../../src/index.js";
import { json, stubFetch } from "./stub-fetch.js";
import { VirtualClock } from "./virtual-clock.js";

const BASE = "https://api.example.test/v2";

/**
 * What building a client with `options` (over a stub answering 200), then making `call`, failed
 * with first — `undefined` when nothing failed — and how many requests reached the stub. Options
 * and call are taken loosely typed: the tests pass what the types forbid.
 */
export async function firstFailure(
  options: Partial<Record<keyof HttpClientOptions, unknown>>,
  call: object = { method: "GET", path: "/reward" },
): Promise<{ failure: unknown; sent: number }> {
  const clock = new VirtualClock();
  const stub = stubFetch(
    () => json(200, { ok: true }),
    () => clock.now(),
  );
  let api: HttpClient;
  try {
    api = createHttpClient({
      baseURL: BASE,
      fetch: stub.fetch,
      clock,
      rateLimit: false,
      ...options,
    } as HttpClientOptions);
  } catch (error) {
    return { failure: error, sent: stub.calls.length };
  }
  let failure: unknown;
  try {
    // Called inside `try`: a synchronous throw counts too.
    await api.request(call as unknown as RequestOptions<unknown>);
  } catch (error) {
    failure = error;
  }
  return { failure, sent: stub.calls.length };
}

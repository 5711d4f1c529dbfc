/**
 * What is sent is what was checked (DESIGN rule 11): the query and bodies are copied as name-value
 * pairs when the call is made, so a caller changing its objects while the call waits (in the quota
 * queue, or before a retry) changes nothing on the wire; and a query or form the core cannot send
 * as given — holes, objects, `BigInt`s, a value whose `toString` throws, a query that is not an
 * object, a path carrying its own `?` — is a `ValidationError` before anything is sent.
 */

import { describe, expect, it } from "vitest";
import { createHttpClient, type RequestOptions, ValidationError } from "../src/index.js";
import { firstFailure } from "./helpers/first-failure.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { flushMicrotasks, VirtualClock } from "./helpers/virtual-clock.js";

describe("a frozen copy is sent", () => {
  it("a POST retried after a 429 sends the form as it was when called, not as the caller changed it", async () => {
    const clock = new VirtualClock();
    const bodies: string[] = [];
    const stub = stubFetch(
      (_call, index) =>
        index === 0
          ? json(429, { error: "slow down" }, { "retry-after": "1" })
          : json(200, { ok: true }),
      () => clock.now(),
    );
    let retrying = () => {};
    const retried = new Promise<void>((resolve) => {
      retrying = resolve;
    });
    const api = createHttpClient({
      baseURL: "https://api.example.test/v2",
      clock,
      rateLimit: false,
      hooks: { onRetry: () => retrying() },
      fetch: async (input, init) => {
        bodies.push(await new Response(init?.body ?? null).text());
        return stub.fetch(input, init);
      },
    });
    const addresses = ["addr-one", "addr-two"];
    const form = { "address[]": addresses, amount: "1" };
    const call = api.request({ method: "POST", path: "/btc/mix", form });
    await retried;
    await flushMicrotasks();
    // While the call waits for its retry, the caller changes what it passed.
    addresses[0] = "attacker";
    addresses.push("another");
    form.amount = "1000";
    await clock.advance(1000);
    expect(await call).toEqual({ ok: true });
    expect(bodies).toHaveLength(2);
    const expected = "address%5B%5D=addr-one&address%5B%5D=addr-two&amount=1";
    expect(bodies).toEqual([expected, expected]);
  });
});

describe("a query or form that cannot be sent as given is refused, nothing sent", () => {
  const cases: [string, Partial<RequestOptions<unknown>> | Record<string, unknown>][] = [
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ["a hole in an array", { method: "POST", path: "/x", form: { "address[]": [, "b"] } }],
    ["new Array(2)", { method: "POST", path: "/x", multipart: { "address[]": new Array(2) } }],
    [
      "an object value",
      { method: "GET", path: "/x", query: { currency: { toString: () => "XMR" } } },
    ],
    [
      "a value whose toString throws",
      {
        method: "POST",
        path: "/x",
        form: {
          amount: {
            toString() {
              throw new Error("boom");
            },
          },
        },
      },
    ],
    ["a BigInt", { method: "POST", path: "/x", form: { amount: 10n } }],
    ["NaN", { method: "GET", path: "/x", query: { n: Number.NaN } }],
    ["a query that is a string", { method: "GET", path: "/x", query: "abc" }],
    ["a form that is an array", { method: "POST", path: "/x", form: ["a", "b"] }],
    ["a path with its own query", { method: "GET", path: "/x?private=1" }],
    ["a path with a fragment", { method: "GET", path: "/x#y" }],
    // Sent as U+FFFD, it would name another user.
    ["a lone surrogate", { method: "GET", path: "/x", query: { user: "alice\uD800" } }],
    ["a lone low surrogate", { method: "POST", path: "/x", form: { user: "\uDC00bob" } }],
    [
      "more than 1000 values in one field",
      { method: "POST", path: "/x", form: { a: new Array(4e6) } },
    ],
  ];
  it.each(cases)("%s", async (_name, call) => {
    const { failure, sent } = await firstFailure({}, call);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(sent).toBe(0);
  });

  it("strings, finite numbers, booleans and arrays of them are sent, undefined left out", async () => {
    const { failure, sent } = await firstFailure(
      {},
      {
        method: "GET",
        path: "/x",
        query: { a: "s", b: 1.5, c: true, d: ["x", 2], e: undefined, f: "😀" },
      },
    );
    expect(failure).toBeUndefined();
    expect(sent).toBe(1);
  });
});

/**
 * A 503 is "not processed" only when it is MixCoins' own maintenance answer (the sandbox's
 * documented wording: "Service is offline for maintenance"). A 503 from a gateway or proxy in front
 * of it — a generic `{"error":"Service Unavailable"}`, a `{"message":"upstream"}`, an HTML page —
 * may come after the mix was made: `mixes.create` then rejects with `OutcomeUnknownError` and the
 * mix is never sent again, even with retries on.
 */

import { describe, expect, it } from "vitest";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import { type ApiError, MixCoins, OutcomeUnknownError } from "../src/index.js";
import { PAYOUT } from "./helpers/payout-addresses.js";

const MIX = { currency: "btc", addresses: [PAYOUT.btc.mainnet], amount: "0.5" } as const;
/** A valid btc deposit address (BIP 173's example), as a real reply would hold. */
const DEPOSIT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
const CREATED = { currency: "btc", amount: "0.5", address: DEPOSIT, address_legacy: null };

function client(respond: (index: number) => Response) {
  const stub = stubFetch((_, index) => respond(index));
  const retried: unknown[] = [];
  const mixcoins = new MixCoins({
    token: "mixcoins-token-gateway-0001",
    baseURL: "https://mixcoins.test/api",
    fetch: stub.fetch,
    // Retries on, with tiny backoffs: were the client to retry, it would do so at once.
    retry: { retries: 2, baseDelay: 1, maxDelay: 1 },
    hooks: { onRetry: (event) => retried.push(event) },
  });
  return { mixcoins, calls: stub.calls, retried };
}

const html = (status: number) =>
  new Response(
    "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>",
    { status, headers: { "content-type": "text/html" } },
  );

describe("a gateway's 503 on mixes.create: OutcomeUnknownError, sent once", () => {
  const answers: [string, () => Response][] = [
    ['{"error":"Service Unavailable"}', () => json(503, { error: "Service Unavailable" })],
    ['{"message":"upstream"}', () => json(503, { message: "upstream" })],
    [
      "a proxy's text that merely mentions maintenance",
      () => json(503, { error: "Upstream maintenance proxy: request forwarded" }),
    ],
    ["an HTML error page", () => html(503)],
  ];
  for (const [name, answer] of answers) {
    it(`503 with ${name}`, async () => {
      const { mixcoins, calls, retried } = client(answer);
      const error = await mixcoins.mixes.create(MIX).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(calls, "requests sent").toHaveLength(1);
      expect(retried).toEqual([]);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect((error as OutcomeUnknownError).method).toBe("POST");
      expect(((error as Error).cause as ApiError | undefined)?.status).toBe(503);
    });
  }
});

describe("MixCoins' own maintenance 503 was not processed: retried", () => {
  it('503 {"error":"Service is offline for maintenance"} once, then 200: the mix is created, 2 requests', async () => {
    const { mixcoins, calls, retried } = client((index) =>
      index === 0 ? json(503, { error: "Service is offline for maintenance" }) : json(200, CREATED),
    );
    const mix = await mixcoins.mixes.create(MIX);
    expect(mix).toEqual({
      currency: "btc",
      amount: "0.5",
      depositAddress: DEPOSIT,
      address: DEPOSIT,
      addressLegacy: null,
    });
    expect(calls).toHaveLength(2);
    expect(retried).toHaveLength(1);
  });
});

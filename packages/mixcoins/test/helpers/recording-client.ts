/** A client over a stub fetch that records each mix's payout addresses, with a long token. */
import { json, stubFetch } from "../../../core/test/helpers/stub-fetch.js";
import { MixCoins } from "../../src/index.js";

export const TOKEN = "mixcoins-recording-token-0123456789abcdef0123456789abcdef0123456789";

/** The n-th of distinct valid eth payout addresses. */
export const eth = (n: number) => `0x${(n + 1).toString(16).padStart(40, "0").replace(/^0/, "a")}`;

export function recordingClient() {
  const sent: string[][] = [];
  const stub = stubFetch(() =>
    json(200, {
      currency: "eth",
      amount: "1",
      address: `0x${"2".repeat(40)}`,
      address_legacy: null,
    }),
  );
  const mixcoins = new MixCoins({
    token: TOKEN,
    fetch: async (input, init) => {
      const form = await new Request(input, init).formData();
      sent.push(form.getAll("address[]").map(String));
      return stub.fetch(input, init);
    },
  });
  return { mixcoins, sent };
}

/** A client over a stub fetch that records each request, with keys long enough to be redacted. */
import { CoinImp, type CoinImpOptions } from "../../src/index.js";
import { json, stubFetch } from "./stub-fetch.js";

export const SITE = "ab".repeat(32);
export const PRIVATE_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/** What every call of the recording client is answered with: a balance (and a count-like 42). */
export const BALANCE = {
  status: "success",
  message: { name: "x", pending: "1", withdrawn: 0, hashes: 0, hashRate: "0" },
};

export function recordingClient(answer: unknown = BALANCE, options: Partial<CoinImpOptions> = {}) {
  const stub = stubFetch(() => json(answer));
  const coinimp = new CoinImp({
    publicKey: "recording-public-key-000000001",
    privateKey: PRIVATE_KEY,
    rateLimit: false,
    fetch: stub.fetch,
    ...options,
  });
  return { coinimp, calls: stub.calls };
}

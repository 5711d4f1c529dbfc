/**
 * A parameter the caller defined as non-enumerable (or behind a getter) is still read, as a schema
 * reads `params.siteKey`: an optional site key is never silently dropped (the call would return
 * the account's total instead of the site's).
 */
import { describe, expect, it } from "vitest";
import { recordingClient, SITE } from "./helpers/recording-client.js";

const client = () => recordingClient({ status: "success", message: 42 }, { cache: false });

describe("a non-enumerable own siteKey", () => {
  it.each([
    ["a data property", (p: object) => Object.defineProperty(p, "siteKey", { value: SITE })],
    ["an accessor", (p: object) => Object.defineProperty(p, "siteKey", { get: () => SITE })],
  ])(
    "defined as %s: hashes() is for the site, or refused — never the account's total",
    async (_, define) => {
      const { coinimp, calls } = client();
      const params = define({ currency: "XMR" }) as { currency: "XMR"; siteKey: string };
      expect(params.siteKey).toBe(SITE);
      const result = await coinimp.hashes(params).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ("value" in result) {
        expect(new URL(calls[0]?.url ?? "http://x").searchParams.get("site-key")).toBe(SITE);
      }
    },
  );
});

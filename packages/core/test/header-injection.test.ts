/**
 * Bad input of any type is a `ValidationError` before anything is sent (DESIGN rule 11): a key or
 * token holding CR, LF or NUL — which would split a header, or end up in a malformed request — is
 * refused by `createHttpClient` itself, at construction, in `auth.headers` values, `auth.query`
 * values and the `userAgent`. The error never repeats the key (DESIGN rule 6).
 */

import { describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions, ValidationError } from "../src/index.js";
import { CONTROL_CHARACTERS } from "./helpers/control-characters.js";
import { expectNoSecrets } from "./helpers/leaks.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";

const CONTROL = CONTROL_CHARACTERS;

/** A key-like value with `control` in the middle, as an attacker-supplied key might be. */
const keyWith = (control: string) => `sentinel-key-7f3a9c1e${control}X-Evil: 1`;

/** What `createHttpClient` threw (`undefined`: it did not), and how many requests went out. */
function construct(options: Partial<HttpClientOptions>) {
  const stub = stubFetch(() => json(200, { ok: true }));
  let thrown: unknown;
  try {
    createHttpClient({
      baseURL: "https://api.example.test/v2",
      fetch: stub.fetch,
      rateLimit: false,
      cache: false,
      ...options,
    } as HttpClientOptions);
  } catch (error) {
    thrown = error;
  }
  return { thrown, sent: stub.calls.length };
}

describe("CR, LF or NUL in a credential or the User-Agent: ValidationError at construction", () => {
  for (const [name, control] of CONTROL) {
    const key = keyWith(control);

    it(`auth.headers value with ${name}: refused, the key not repeated`, () => {
      const { thrown, sent } = construct({
        auth: { headers: { "X-API-ID": "public-key-sentinel-0001", "X-API-KEY": key } },
      });
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).issues.length).toBeGreaterThan(0);
      expectNoSecrets(thrown, [key], `auth.headers with ${name}`);
      expect(JSON.stringify(thrown)).not.toContain("X-Evil");
      expect(sent).toBe(0);
    });

    it(`auth.query value with ${name}: refused, the key not repeated`, () => {
      const { thrown, sent } = construct({
        auth: { query: { public: "public-key-sentinel-0001", private: key } },
      });
      expect(thrown).toBeInstanceOf(ValidationError);
      expectNoSecrets(thrown, [key], `auth.query with ${name}`);
      expect(JSON.stringify(thrown)).not.toContain("X-Evil");
      expect(sent).toBe(0);
    });

    it(`userAgent with ${name}: refused`, () => {
      const { thrown, sent } = construct({ userAgent: `my-app/1.0${control}X-Evil: 1` });
      expect(thrown).toBeInstanceOf(ValidationError);
      expect(sent).toBe(0);
    });
  }

  it.each([
    ["a euro sign (not Latin-1)", "€"],
    ["curly quotes", "\u201c\u201d"],
    ["a control character (0x01)", "\x01"],
    ["DEL (0x7f)", "\x7f"],
  ])(
    "a header key with %s: refused at construction, not an unknown outcome later",
    (_name, odd) => {
      const key = `private-key-sentinel-${odd}-0002`;
      const { thrown, sent } = construct({ auth: { headers: { "X-API-KEY": key } } });
      expect(thrown).toBeInstanceOf(ValidationError);
      expectNoSecrets(thrown, [key], "a header key fetch would refuse");
      expect(sent).toBe(0);
    },
  );

  it("a User-Agent that is not Latin-1 is refused too", () => {
    const { thrown } = construct({ userAgent: "app ✓" });
    expect(thrown).toBeInstanceOf(ValidationError);
  });

  it("keys with other punctuation (+ / = & space) are accepted and sent as given", async () => {
    const stub = stubFetch(() => json(200, { ok: true }));
    const key = "PRIVATE=sentinel&9b8c 7d6e/5f4a+3b2c";
    const api = createHttpClient({
      baseURL: "https://api.example.test/v2",
      fetch: stub.fetch,
      rateLimit: false,
      cache: false,
      auth: { headers: { "X-API-KEY": key }, query: { private: key } },
    });
    expect(await api.request({ method: "GET", path: "/x" })).toEqual({ ok: true });
    expect(stub.calls[0]?.headers.get("x-api-key")).toBe(key);
    expect(stub.calls[0]?.url.searchParams.get("private")).toBe(key);
  });
});

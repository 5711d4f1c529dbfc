import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRedactor,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTED_PARAMS,
  REDACTED,
} from "../src/redact.js";

/** A secret as it appears raw, in a path segment, and in a form / query value. */
function encodings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ];
}

describe("defaults", () => {
  it("name the auth headers and the v1 query parameters", () => {
    expect(DEFAULT_REDACTED_HEADERS).toEqual(
      expect.arrayContaining(["x-api-id", "x-api-key", "x-api-token", "authorization"]),
    );
    expect(DEFAULT_REDACTED_PARAMS).toEqual(expect.arrayContaining(["public", "private", "token"]));
    expect(REDACTED).toBe("[REDACTED]");
  });
});

describe("headers()", () => {
  it("redacts the auth headers whatever their case, and keeps the others", () => {
    const redactor = createRedactor();
    const input = {
      "X-API-ID": "public-id-value",
      "x-api-key": "private-key-value",
      "X-Api-Token": "token-value",
      AUTHORIZATION: "Bearer abc.def",
      "X-API-Key": "other-case",
      "Content-Type": "application/json",
      Accept: "application/json",
    };
    expect(redactor.headers(input)).toEqual({
      "X-API-ID": REDACTED,
      "x-api-key": REDACTED,
      "X-Api-Token": REDACTED,
      AUTHORIZATION: REDACTED,
      "X-API-Key": REDACTED,
      "Content-Type": "application/json",
      Accept: "application/json",
    });
  });

  it("returns a copy and leaves the input alone", () => {
    const input = { Authorization: "Bearer secret-token" };
    const output = createRedactor().headers(input);
    expect(output).not.toBe(input);
    expect(input).toEqual({ Authorization: "Bearer secret-token" });
  });

  it("redacts extra header names given in options, case-insensitively", () => {
    const redactor = createRedactor({ headers: ["X-Session"] });
    expect(redactor.headers({ "x-session": "abc123", "X-Other": "kept" })).toEqual({
      "x-session": REDACTED,
      "X-Other": "kept",
    });
  });

  it("removes secret values from headers with harmless names", () => {
    const redactor = createRedactor({ secrets: ["k3y-s3cr3t"] });
    expect(redactor.headers({ Cookie: "session=k3y-s3cr3t; theme=dark" })).toEqual({
      Cookie: `session=${REDACTED}; theme=dark`,
    });
  });
});

describe("url()", () => {
  it("redacts public, private and token query parameters, any case, keeping the rest", () => {
    const redactor = createRedactor();
    const output = redactor.url(
      "https://www.coinimp.com/api/v1/user?public=pub123&PRIVATE=priv456&Token=tok789&site=abc&user=bob",
    );
    expect(output).toBe(
      `https://www.coinimp.com/api/v1/user?public=${REDACTED}&PRIVATE=${REDACTED}&Token=${REDACTED}&site=abc&user=bob`,
    );
    for (const value of ["pub123", "priv456", "tok789"]) expect(output).not.toContain(value);
  });

  it("redacts every value of a repeated parameter", () => {
    const output = createRedactor().url("https://a.example/x?token=one1&token=two2");
    expect(output).toBe(`https://a.example/x?token=${REDACTED}&token=${REDACTED}`);
  });

  it("redacts a parameter whose name is percent-encoded", () => {
    const output = createRedactor().url("https://a.example/x?pub%6Cic=leaky1");
    expect(output).not.toContain("leaky1");
    expect(output).toContain(REDACTED);
  });

  it("redacts extra parameter names given in options", () => {
    const redactor = createRedactor({ params: ["apiKey"] });
    expect(redactor.url("https://a.example/x?APIKEY=abc123&page=2")).toBe(
      `https://a.example/x?APIKEY=${REDACTED}&page=2`,
    );
  });

  it("leaves a URL without query alone unless it holds a secret value", () => {
    const redactor = createRedactor({ secrets: ["s3cr3t-v4lue"] });
    expect(redactor.url("https://a.example/v2/balance")).toBe("https://a.example/v2/balance");
    expect(redactor.url("https://a.example/keys/s3cr3t-v4lue/info")).toBe(
      `https://a.example/keys/${REDACTED}/info`,
    );
  });

  it("removes a secret with + / = / space under any parameter name, raw or encoded", () => {
    const secret = "aB+c/D=e f~g";
    const redactor = createRedactor({ secrets: [secret] });
    const url = new URL("https://a.example/x");
    url.searchParams.set("harmless", secret);
    url.searchParams.set("page", "2");
    const output = redactor.url(url.href);
    expect(output).toBe(`https://a.example/x?harmless=${REDACTED}&page=2`);
    for (const form of encodings(secret)) expect(output).not.toContain(form);
    // Encoded with encodeURIComponent instead of form encoding, in the path and the query.
    const encoded = encodeURIComponent(secret);
    const other = redactor.url(`https://a.example/${encoded}/y?q=${encoded}`);
    expect(other).toBe(`https://a.example/${REDACTED}/y?q=${REDACTED}`);
  });

  it("keeps a fragment out of the last parameter's value", () => {
    const redactor = createRedactor();
    expect(redactor.url("https://a.example/x?a=1&private=zzz#part")).toBe(
      `https://a.example/x?a=1&private=${REDACTED}#part`,
    );
  });
});

describe("text()", () => {
  it("removes a secret raw, URL-encoded and form-encoded", () => {
    const secret = "Zm9v+YmFy/YmF6=="; // base64 with + / =
    const redactor = createRedactor({ secrets: [secret] });
    const [raw, uriEncoded, formEncoded] = encodings(secret);
    expect(uriEncoded).not.toBe(raw);
    const input = `raw ${raw} | uri ${uriEncoded} | form ${formEncoded} | again ${raw}`;
    const output = redactor.text(input);
    for (const form of encodings(secret)) expect(output).not.toContain(form);
    expect(output).toBe(`raw ${REDACTED} | uri ${REDACTED} | form ${REDACTED} | again ${REDACTED}`);
  });

  it("removes the form encoding of a secret with spaces and other reserved characters", () => {
    const secret = "pass word~!*'()";
    const redactor = createRedactor({ secrets: [secret] });
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    expect(form).toContain("+");
    expect(redactor.text(`body=${form}&x=1`)).toBe(`body=${REDACTED}&x=1`);
    expect(redactor.text(`path/${encodeURIComponent(secret)}`)).toBe(`path/${REDACTED}`);
  });

  it("removes the longer of two overlapping secrets whole", () => {
    const redactor = createRedactor({ secrets: ["abcdef", "abcdefghij"] });
    expect(redactor.text("key=abcdefghij")).toBe(`key=${REDACTED}`);
    expect(redactor.text("key=abcdef!")).toBe(`key=${REDACTED}!`);
  });

  it("ignores secrets shorter than 3 characters, and redacts 3-character ones", () => {
    const redactor = createRedactor({ secrets: ["", "a", "ab", "xyz"] });
    expect(redactor.text("a cab ab xyz")).toBe(`a cab ab ${REDACTED}`);
    expect(createRedactor({ secrets: [""] }).text("unchanged")).toBe("unchanged");
  });

  it("with no secrets, leaves text unchanged", () => {
    expect(createRedactor().text("public=abc private=def")).toBe("public=abc private=def");
  });
});

describe("value()", () => {
  it("redacts secret-named keys at any depth, case-insensitively", () => {
    const redactor = createRedactor();
    const input = {
      status: "failure",
      private: "priv-value",
      data: [
        { Token: "t0k3n", amount: 1.5, ok: true, none: null },
        { nested: { "X-API-KEY": "k", Authorization: "Bearer b", keep: "yes" } },
      ],
    };
    expect(redactor.value(input)).toEqual({
      status: "failure",
      private: REDACTED,
      data: [
        { Token: REDACTED, amount: 1.5, ok: true, none: null },
        { nested: { "X-API-KEY": REDACTED, Authorization: REDACTED, keep: "yes" } },
      ],
    });
  });

  it("removes secret values inside nested strings, arrays and keys", () => {
    const secret = "s3cr3t/K+y=";
    const redactor = createRedactor({ secrets: [secret] });
    const input = {
      message: `Invalid key ${secret}`,
      list: [[`a ${encodeURIComponent(secret)} b`], { deep: [{ deeper: secret }] }],
      [secret]: 1,
    };
    const output = redactor.value(input);
    const json = JSON.stringify(output);
    for (const form of encodings(secret)) expect(json).not.toContain(form);
    expect(output).toEqual({
      message: `Invalid key ${REDACTED}`,
      list: [[`a ${REDACTED} b`], { deep: [{ deeper: REDACTED }] }],
      [REDACTED]: 1,
    });
  });

  it("redacts extra field names given as params", () => {
    const redactor = createRedactor({ params: ["password"] });
    expect(redactor.value({ user: { Password: "hunter2", name: "bob" } })).toEqual({
      user: { Password: REDACTED, name: "bob" },
    });
  });

  it("returns a copy and leaves the input alone", () => {
    const input = { token: "abc", list: ["x"] };
    const output = createRedactor().value(input) as typeof input;
    expect(output).not.toBe(input);
    expect(output.list).not.toBe(input.list);
    expect(input).toEqual({ token: "abc", list: ["x"] });
  });

  it("passes primitives through and redacts a top-level string", () => {
    const redactor = createRedactor({ secrets: ["topsecret"] });
    expect(redactor.value(42)).toBe(42);
    expect(redactor.value(null)).toBeNull();
    expect(redactor.value(undefined)).toBeUndefined();
    expect(redactor.value(false)).toBe(false);
    expect(redactor.value("is topsecret")).toBe(`is ${REDACTED}`);
  });

  it("stops at a depth limit instead of looping on a cycle", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const output = createRedactor().value(cyclic);
    expect(JSON.stringify(output)).toContain(REDACTED);
    expect((output as Record<string, unknown>).name).toBe("loop");
  });
});

describe("no secret survives (property)", () => {
  const secretArb = fc
    .string({
      unit: fc.constantFrom(
        ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.~ ",
      ),
      minLength: 8,
      maxLength: 48,
    })
    .filter((secret) => secret.trim() === secret && !REDACTED.includes(secret));

  // Text around a secret: characters that cannot be part of one, so no new occurrence can form.
  const noise = fc.string({ unit: fc.constantFrom(..."<>{}[]\"':;,!?\n\té€😀"), maxLength: 6 });

  type Tree = string | number | boolean | null | Tree[] | { [key: string]: Tree };

  function embed(secret: string) {
    const leaf = fc.oneof(
      fc.tuple(noise, fc.constantFrom(...encodings(secret)), noise).map(([a, s, b]) => a + s + b),
      noise,
      // Short numbers only: a long one could spell an all-digit secret by chance.
      fc.integer({ min: -999, max: 999 }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(
      noise,
      fc.constantFrom("public", "private", "token", "X-Api-Key", "message", secret),
    );
    return fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("tree"), { maxLength: 4 }),
        fc.dictionary(key, tie("tree"), { maxKeys: 4 }),
      ),
    })).tree;
  }

  it("value() removes every secret from any JSON-like body", () => {
    fc.assert(
      fc.property(
        secretArb.chain((secret) => fc.tuple(fc.constant(secret), embed(secret))),
        ([secret, body]) => {
          const json = JSON.stringify(createRedactor({ secrets: [secret] }).value(body));
          for (const form of encodings(secret)) expect(json).not.toContain(form);
        },
      ),
    );
  });

  it("url() and text() remove every secret from any URL that carries it", () => {
    fc.assert(
      fc.property(secretArb, fc.constantFrom("public", "private", "token", "q"), (secret, name) => {
        const base = "https://api.example/v1/path";
        // The fixed text may spell a short secret ("example/") by itself.
        fc.pre(!`${base}?other=x&${name}=`.includes(secret));
        const redactor = createRedactor({ secrets: [secret] });
        const url = new URL(base);
        url.searchParams.set(name, secret);
        url.searchParams.set("other", `x${secret}y`);
        const outputs = [redactor.url(url.href), redactor.text(url.href)];
        for (const output of outputs) {
          for (const form of encodings(secret)) expect(output).not.toContain(form);
        }
      }),
    );
  });
});

it("removes a secret echoed encodeURI-style or JSON-escaped", () => {
  const secret = 'key with "quotes" & spaces/\\';
  const redactor = createRedactor({ secrets: [secret] });
  expect(redactor.text(`url: ${encodeURI(secret)}`)).toBe(`url: ${REDACTED}`);
  expect(redactor.text(`json: ${JSON.stringify({ k: secret })}`)).toBe(`json: {"k":"${REDACTED}"}`);
});

describe("secrets in another case", () => {
  it("are redacted too: a server or a message may change a key's case", () => {
    const redactor = createRedactor({ secrets: ["MixTokenSecretValue123"] });
    for (const form of [
      "mixtokensecretvalue123",
      "MIXTOKENSECRETVALUE123",
      "MixTokenSecretValue123",
    ]) {
      expect(redactor.text(`prefix ${form}: refused`)).toBe(`prefix ${REDACTED}: refused`);
    }
  });
});

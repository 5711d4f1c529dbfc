/**
 * Validate before the network: every bad input is a `ValidationError` whose `issues` name each bad
 * field, the returned promise rejects with it (no synchronous throw), and the sandbox receives
 * nothing. The constructor refuses bad options the same way, without echoing key values.
 */

import { inspect } from "node:util";
import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import { CoinImp, type CoinImpOptions, NotFoundError, ValidationError } from "../src/index.js";
import { refusedInput } from "./helpers/refused.js";
import { clientOf, firstUser, onlyRequest, siteOf } from "./helpers/sandbox-world.js";

const SITE_KEY = "ab".repeat(32);

function setup(name: string) {
  const sandbox = createSandbox({ seed: `validation-${name}`, quota: false });
  return { sandbox, client: clientOf(sandbox, "v2") };
}

/** Calls `call`, which must reject (not throw) with a ValidationError naming exactly `fields`. */
async function expectRefused(
  sandbox: Sandbox,
  call: () => Promise<unknown>,
  fields: string[],
): Promise<ValidationError> {
  const error = await refusedInput(sandbox, call);
  expect(error.issues.map((issue) => issue.path.join(".")).sort()).toEqual([...fields].sort());
  return error;
}

// biome-ignore lint/suspicious/noExplicitAny: bad inputs are passed on purpose, past the types.
const loose = (value: unknown): any => value;

describe("currency", () => {
  const bad: [string, unknown][] = [
    ["unknown", "BTC"],
    ["empty", ""],
    ["a number", 42],
    ["null", null],
    ["missing", undefined],
    ["padded", " XMR"],
  ];

  it.each(bad)(
    "%s → ValidationError on every call that takes one, nothing sent",
    async (_, currency) => {
      const { sandbox, client } = setup(`currency-${_}`);
      const params = { currency: loose(currency) };
      await expectRefused(sandbox, () => client.hashes(params), ["currency"]);
      await expectRefused(sandbox, () => client.reward(params), ["currency"]);
      await expectRefused(sandbox, () => client.payout(params), ["currency"]);
      await expectRefused(sandbox, () => client.account.stats(params), ["currency"]);
      await expectRefused(sandbox, () => client.account.sites(params), ["currency"]);
      await expectRefused(sandbox, () => client.account.payments(params), ["currency"]);
    },
  );

  it.each([
    ["mintme", "MINTME"],
    ["Xmr", "XMR"],
  ])("%s is accepted and sent as %s", async (given, sent) => {
    const { sandbox, client } = setup(`currency-case-${given}`);
    await client.account.stats({ currency: given });
    expect(onlyRequest(sandbox).query.currency).toBe(sent);
  });
});

describe("siteKey", () => {
  const bad: [string, unknown][] = [
    ["63 hex digits (too short)", "a".repeat(63)],
    ["65 hex digits (too long)", "a".repeat(65)],
    ["64 characters, not hex", `${"a".repeat(63)}g`],
    ["empty", ""],
    ["a number", 1234],
    ["surrounded by spaces", ` ${"a".repeat(64)} `],
  ];

  it.each(bad)(
    "%s → ValidationError on every call that takes one, nothing sent",
    async (name, siteKey) => {
      const { sandbox, client } = setup(`site-key-${name}`);
      const key = loose(siteKey);
      await expectRefused(sandbox, () => client.hashes({ currency: "XMR", siteKey: key }), [
        "siteKey",
      ]);
      await expectRefused(sandbox, () => client.reward({ currency: "XMR", siteKey: key }), [
        "siteKey",
      ]);
      await expectRefused(sandbox, () => client.users.balance({ siteKey: key, user: "bob" }), [
        "siteKey",
      ]);
      await expectRefused(sandbox, () => client.users.list({ siteKey: key }), ["siteKey"]);
      await expectRefused(
        sandbox,
        () => client.users.withdraw({ siteKey: key, user: "bob", amount: 1 }),
        ["siteKey"],
      );
      await expectRefused(sandbox, () => client.sites.stats({ siteKey: key }), ["siteKey"]);
      await expectRefused(sandbox, () => client.sites.delete({ siteKey: key }), ["siteKey"]);
    },
  );

  it("upper-case hex is a site key", async () => {
    const { sandbox, client } = setup("site-key-upper");
    const site = siteOf(sandbox, "XMR");
    // The sandbox knows the key in lower case only: a 404 proves the request went out as given.
    await expect(
      client.sites.stats({ siteKey: site.siteKey.toUpperCase() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(onlyRequest(sandbox).query["site-key"]).toBe(site.siteKey.toUpperCase());
  });
});

describe("user", () => {
  const bad: [string, unknown][] = [
    ["empty", ""],
    ["129 characters", "u".repeat(129)],
    ["a control character", "bob\n"],
    ["a NUL", "b\u0000ob"],
    ["a leading space", " bob"],
    ["a trailing space", "bob "],
    ["a number", 7],
    ["missing", undefined],
  ];

  it.each(bad)(
    "%s → ValidationError for balance and withdraw, nothing sent",
    async (name, user) => {
      const { sandbox, client } = setup(`user-${name}`);
      const value = loose(user);
      await expectRefused(sandbox, () => client.users.balance({ siteKey: SITE_KEY, user: value }), [
        "user",
      ]);
      await expectRefused(
        sandbox,
        () => client.users.withdraw({ siteKey: SITE_KEY, user: value, amount: 1 }),
        ["user"],
      );
    },
  );

  it("128 characters is still a user name (sent, and answered by the API)", async () => {
    const { sandbox, client } = setup("user-128");
    const site = siteOf(sandbox, "XMR");
    await expect(
      client.users.balance({ siteKey: site.siteKey, user: "u".repeat(128) }),
    ).rejects.toMatchObject({ status: 404 });
    expect(onlyRequest(sandbox).query.user).toBe("u".repeat(128));
  });
});

describe("withdraw amount", () => {
  const bad: [string, unknown][] = [
    ["0", 0],
    ["-1", -1],
    ["1.5", 1.5],
    ['"1e3"', "1e3"],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["MAX_SAFE_INTEGER + 1", Number.MAX_SAFE_INTEGER + 1],
    ['"9007199254740993" (beyond a safe integer, as a string)', "9007199254740993"],
    ['"abc"', "abc"],
    ['"" (empty)', ""],
    ['"-5"', "-5"],
    ['"1.0"', "1.0"],
    ["a bigint", 5n],
    ["missing", undefined],
  ];

  it.each(bad)("%s → ValidationError, nothing sent", async (name, amount) => {
    const { sandbox, client } = setup(`amount-${name}`);
    await expectRefused(
      sandbox,
      () => client.users.withdraw({ siteKey: SITE_KEY, user: "bob", amount: loose(amount) }),
      ["amount"],
    );
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
  });

  it("MAX_SAFE_INTEGER itself passes validation and reaches the API", async () => {
    const { sandbox, client } = setup("amount-max");
    const site = siteOf(sandbox, "XMR");
    const user = firstUser(site);
    await expect(
      client.users.withdraw({
        siteKey: site.siteKey,
        user: user.name,
        amount: Number.MAX_SAFE_INTEGER,
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(onlyRequest(sandbox).form?.at(-1)).toEqual(["amount", String(Number.MAX_SAFE_INTEGER)]);
  });
});

describe("several bad fields in one call", () => {
  it("withdraw with a bad site key, user and amount → three issues, one per field", async () => {
    const { sandbox, client } = setup("several-withdraw");
    const error = await expectRefused(
      sandbox,
      () => client.users.withdraw({ siteKey: "nope", user: "", amount: 0 }),
      ["siteKey", "user", "amount"],
    );
    expect(error.issues).toHaveLength(3);
  });

  it("hashes with a bad currency and a bad site key → two issues", async () => {
    const { sandbox, client } = setup("several-hashes");
    await expectRefused(sandbox, () => client.hashes({ currency: "eur", siteKey: "xyz" }), [
      "currency",
      "siteKey",
    ]);
  });

  it("balance with a bad site key and a bad user → two issues", async () => {
    const { sandbox, client } = setup("several-balance");
    await expectRefused(sandbox, () => client.users.balance({ siteKey: "", user: " x" }), [
      "siteKey",
      "user",
    ]);
  });
});

describe("the constructor", () => {
  const PUBLIC = "f00dfeed".repeat(8);
  const PRIVATE = "c0ffee00".repeat(8);

  function refused(options: unknown, fields: string[]): ValidationError {
    let error: unknown;
    try {
      new CoinImp(options as CoinImpOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((issue) => issue.path.join(".")).sort()).toEqual([...fields].sort());
    return error as ValidationError;
  }

  /** Every rendering of the error, where a key must not appear. */
  function renderings(error: ValidationError): string[] {
    return [
      error.message,
      String(error.stack),
      JSON.stringify(error.toJSON()),
      JSON.stringify(error.issues),
      inspect(error),
    ];
  }

  it.each([
    ["publicKey missing", { privateKey: PRIVATE }, ["publicKey"]],
    ["privateKey missing", { publicKey: PUBLIC }, ["privateKey"]],
    ["publicKey empty", { publicKey: "", privateKey: PRIVATE }, ["publicKey"]],
    ["privateKey blank", { publicKey: PUBLIC, privateKey: "   " }, ["privateKey"]],
    ["privateKey not a string", { publicKey: PUBLIC, privateKey: 12 }, ["privateKey"]],
    ["both missing", {}, ["publicKey", "privateKey"]],
    ["no options at all", undefined, ["publicKey", "privateKey"]],
  ] as const)(
    "%s → ValidationError naming the key, its value never shown",
    (_, options, fields) => {
      const error = refused(options, [...fields]);
      for (const text of renderings(error)) {
        expect(text).not.toContain(PUBLIC);
        expect(text).not.toContain(PRIVATE);
      }
    },
  );

  it('apiVersion "v3" → ValidationError on apiVersion, keys not shown', () => {
    const error = refused({ publicKey: PUBLIC, privateKey: PRIVATE, apiVersion: "v3" }, [
      "apiVersion",
    ]);
    for (const text of renderings(error)) {
      expect(text).not.toContain(PUBLIC);
      expect(text).not.toContain(PRIVATE);
    }
  });

  it.each([
    "http://www.coinimp.com/api/v2",
    "http://10.0.0.5/api/v2",
    "http://example.test:8080/api/v1",
  ])(
    "an http: baseURL to a host that is not loopback (%s) → ValidationError on baseURL",
    (baseURL) => {
      const error = refused({ publicKey: PUBLIC, privateKey: PRIVATE, baseURL }, ["baseURL"]);
      for (const text of renderings(error)) {
        expect(text).not.toContain(PUBLIC);
        expect(text).not.toContain(PRIVATE);
      }
    },
  );

  it.each([
    ["http://127.0.0.1", "v2"],
    ["http://localhost:8787", "v1"],
  ] as const)(
    "http: to loopback (%s) is accepted, and calls go through",
    async (origin, version) => {
      const sandbox = createSandbox({ seed: `validation-loopback-${version}`, quota: false });
      // The sandbox's in-process fetch ignores the host: this proves the URL passed the check.
      const client = clientOf(sandbox, version, { baseURL: `${origin}/api/${version}` });
      await client.payout({ currency: "XMR" });
      expect(onlyRequest(sandbox).path).toBe(`/api/${version}/payout/1mhash`);
    },
  );

  it("http: to another host is accepted only with allowInsecureHttp: true", async () => {
    const sandbox = createSandbox({ seed: "validation-insecure", quota: false });
    const client = clientOf(sandbox, "v2", {
      baseURL: "http://coinimp.internal/api/v2",
      allowInsecureHttp: true,
    });
    await client.payout({ currency: "MINTME" });
    expect(onlyRequest(sandbox).path).toBe("/api/v2/payout/1mhash");
  });
});

it("a call without its parameters object rejects with ValidationError, not TypeError", async () => {
  const requests: unknown[] = [];
  const client = new CoinImp({
    publicKey: "p",
    privateKey: "k",
    rateLimit: false,
    fetch: async (input) => {
      requests.push(input);
      return new Response("{}");
    },
  });
  for (const call of [
    () => client.hashes(undefined as never),
    () => client.account.stats(undefined as never),
    () => client.users.withdraw(undefined as never),
    () => client.sites.delete(undefined as never),
  ]) {
    await expect(call()).rejects.toBeInstanceOf(ValidationError);
  }
  expect(requests).toEqual([]);
});

/**
 * Validate before the network (DESIGN rules 3 and 11), for text and hostile objects: a user name
 * must be whole Unicode text — a lone surrogate would reach the server as another name (U+FFFD) —
 * without control characters (C0, DEL and C1 alike); a surrogate pair (an emoji) is a name like any
 * other. Parameters that cannot be read (a Proxy whose traps throw, a throwing getter, a revoked
 * Proxy) are a `ValidationError`, never the thrown error. In every refusal the sandbox receives
 * nothing.
 */

import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import { type CoinImp, NotFoundError, ValidationError } from "../src/index.js";
import { refusedInput } from "./helpers/refused.js";
import { clientOf, onlyRequest, siteOf } from "./helpers/sandbox-world.js";

const SITE_KEY = "ab".repeat(32);

function setup(name: string) {
  const sandbox = createSandbox({ seed: `validation-text-${name}`, quota: false });
  return { sandbox, client: clientOf(sandbox, "v2") };
}

/** `call` rejects (never throws) with a ValidationError at exactly `paths`; nothing is sent. */
async function expectRefused(
  sandbox: Sandbox,
  call: () => Promise<unknown>,
  paths: (string | number)[][],
): Promise<ValidationError> {
  const error = await refusedInput(sandbox, call);
  expect(error.issues.map((issue) => issue.path)).toEqual(paths);
  for (const issue of error.issues) expect(issue.message).toMatch(/^[a-z]+ [a-z]/i);
  return error;
}

// biome-ignore lint/suspicious/noExplicitAny: bad inputs are passed on purpose, past the types.
const loose = (value: unknown): any => value;

describe("a user name must be whole Unicode text", () => {
  it.each([
    ["a lone high surrogate inside", "a\uD800b"],
    ["a lone low surrogate alone", "\uDC00"],
    ["a lone high surrogate at the end", "alice\uDBFF"],
    ["a lone low surrogate at the start", "\uDFFFalice"],
    ["a pair reversed (low then high)", "a\uDE00\uD83Db"],
    ["an emoji cut in half", "😀".slice(0, 1)],
  ])("%s → ValidationError at user, nothing sent", async (label, user) => {
    const { sandbox, client } = setup(`lone-${label}`);
    const error = await expectRefused(
      sandbox,
      () => client.users.balance({ siteKey: SITE_KEY, user }),
      [["user"]],
    );
    expect(error.issues[0]?.message).toMatch(/surrogate/);
    await expectRefused(
      sandbox,
      () => client.users.withdraw({ siteKey: SITE_KEY, user, amount: 1 }),
      [["user"]],
    );
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
  });

  it.each([
    ["an emoji", "😀"],
    ["a name with an emoji", "alice😀"],
    ["a flag (two pairs)", "🇫🇷"],
    ["a CJK name", "山田"],
    ["a supplementary-plane letter", "𝒜lice"],
  ])("%s is a user name: sent as it is", async (label, user) => {
    const { sandbox, client } = setup(`paired-${label}`);
    const site = siteOf(sandbox, "XMR");
    // The sandbox knows no such user: a 404 proves the name passed validation and went out.
    await expect(client.users.balance({ siteKey: site.siteKey, user })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(onlyRequest(sandbox).query.user).toBe(user);
  });

  it.each([
    ["NEL (U+0085)", "bob\u0085"],
    ["U+0080", "\u0080bob"],
    ["U+009F", "b\u009Fob"],
    ["DEL (U+007F)", "bob\u007F"],
    ["a tab", "b\tob"],
    ["ESC", "\u001Bbob"],
  ])("a control character, %s → ValidationError at user, nothing sent", async (label, user) => {
    const { sandbox, client } = setup(`control-${label}`);
    const error = await expectRefused(
      sandbox,
      () => client.users.balance({ siteKey: SITE_KEY, user }),
      [["user"]],
    );
    expect(error.issues[0]?.message).toMatch(/control characters/);
    await expectRefused(
      sandbox,
      () => client.users.withdraw({ siteKey: SITE_KEY, user, amount: 1 }),
      [["user"]],
    );
  });

  it("a lone surrogate in the user and a bad site key → two issues, one each", async () => {
    const { sandbox, client } = setup("two-issues");
    await expectRefused(sandbox, () => client.users.balance({ siteKey: "nope", user: "a\uD800" }), [
      ["siteKey"],
      ["user"],
    ]);
  });

  it("a message about a lone surrogate is itself well-formed text", async () => {
    const { sandbox, client } = setup("well-formed-message");
    const error = await expectRefused(
      sandbox,
      () => client.users.balance({ siteKey: SITE_KEY, user: "\uD800" }),
      [["user"]],
    );
    for (const text of [error.message, JSON.stringify(error.toJSON())]) {
      // No surrogate without its partner (String.prototype.isWellFormed is ES2024, past our lib).
      expect(text).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      );
    }
  });
});

/** Every call with parameters that cannot be read, and the sandbox that must stay untouched. */
const CALLS: [string, (client: CoinImp, params: unknown) => Promise<unknown>][] = [
  ["hashes", (client, params) => client.hashes(loose(params))],
  ["reward", (client, params) => client.reward(loose(params))],
  ["payout", (client, params) => client.payout(loose(params))],
  ["users.balance", (client, params) => client.users.balance(loose(params))],
  ["users.list", (client, params) => client.users.list(loose(params))],
  ["users.withdraw", (client, params) => client.users.withdraw(loose(params))],
  ["account.stats", (client, params) => client.account.stats(loose(params))],
  ["account.sites", (client, params) => client.account.sites(loose(params))],
  ["account.payments", (client, params) => client.account.payments(loose(params))],
  ["sites.stats", (client, params) => client.sites.stats(loose(params))],
  ["sites.delete", (client, params) => client.sites.delete(loose(params))],
];

const VALID = { currency: "XMR", siteKey: SITE_KEY, user: "bob", amount: 1 };

describe("parameters that cannot be read", () => {
  it.each(CALLS)(
    "%s: a Proxy whose get throws → ValidationError, nothing sent",
    async (name, run) => {
      const { sandbox, client } = setup(`proxy-get-${name}`);
      const hostile = new Proxy(VALID, {
        get() {
          throw new Error("the get trap exploded");
        },
      });
      const error = await expectRefused(sandbox, () => run(client, hostile), [[]]);
      expect(error.message).not.toContain("exploded");
      expect(error.cause).toBeUndefined();
    },
  );

  it.each(CALLS)(
    "%s: a throwing getter on a field → ValidationError, nothing sent",
    async (name, run) => {
      const { sandbox, client } = setup(`getter-${name}`);
      const params = { ...VALID };
      for (const field of Object.keys(params)) {
        Object.defineProperty(params, field, {
          enumerable: true,
          get() {
            throw new TypeError(`getter of ${field}`);
          },
        });
      }
      await expectRefused(sandbox, () => run(client, params), [[]]);
    },
  );

  it.each(CALLS)("%s: a revoked Proxy → ValidationError, nothing sent", async (name, run) => {
    const { sandbox, client } = setup(`revoked-${name}`);
    const { proxy, revoke } = Proxy.revocable({ ...VALID }, {});
    revoke();
    await expectRefused(sandbox, () => run(client, proxy), [[]]);
  });

  it("a Proxy whose has / ownKeys traps throw but get works: read by name, and sent", async () => {
    const { sandbox, client } = setup("proxy-has");
    const site = siteOf(sandbox, "XMR");
    const params = new Proxy(
      { siteKey: site.siteKey },
      {
        has() {
          throw new Error("has trap");
        },
        ownKeys() {
          throw new Error("ownKeys trap");
        },
      },
    );
    const outcome = await client.sites.stats(loose(params)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if ("error" in outcome) {
      // Refusing is acceptable too — but only as a ValidationError, before sending.
      expect(outcome.error).toBeInstanceOf(ValidationError);
      expect(sandbox.requests).toEqual([]);
    } else {
      expect(onlyRequest(sandbox).query["site-key"]).toBe(site.siteKey);
    }
  });

  it("a getter is read once: what was checked is what is sent", async () => {
    const { sandbox, client } = setup("getter-once");
    const site = siteOf(sandbox, "XMR");
    let reads = 0;
    const params = {
      get siteKey() {
        reads++;
        // A valid key the first time, then one that would not pass.
        return reads === 1 ? site.siteKey : "not a site key";
      },
    };
    await client.sites.stats(params);
    expect(reads).toBe(1);
    expect(onlyRequest(sandbox).query["site-key"]).toBe(site.siteKey);
  });
});

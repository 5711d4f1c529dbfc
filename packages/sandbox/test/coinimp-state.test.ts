/**
 * CoinImp state changes and determinism: a withdrawal moves hashes into `withdrawn` and later
 * answers show it; deleting a site removes it from every later answer; the same seed gives the same
 * keys, state and answers, another seed different ones.
 */

import { describe, expect, test } from "vitest";
import { createSandbox, type Sandbox } from "../src/index.ts";
import {
  atomic12,
  callCoinImp,
  expectFailure,
  HEX64,
  manualClock,
  snapshot,
  successMessage,
  type WireAnswer,
  type WireCall,
} from "./helpers/coinimp-wire.ts";

interface Balance {
  name: string;
  pending: number;
  withdrawn: number;
  hashes: number;
  hashRate: string;
}

function siteWithUsers(sandbox: Sandbox, currency: "MINTME" | "XMR") {
  const site = sandbox.state.coinimp.sites.find((candidate) => candidate.currency === currency);
  const names = site ? [...site.users.keys()] : [];
  if (!site || names.length < 2) throw new Error(`no ${currency} site with two users`);
  return { site, names: names as [string, string, ...string[]] };
}

const balanceOf = async (
  sandbox: Sandbox,
  siteKey: string,
  user: string,
  version = "v2" as const,
) =>
  successMessage<Balance>(
    await callCoinImp(sandbox, {
      version,
      path: "/user/balance",
      query: { "site-key": siteKey, user },
    }),
  );

const pendingFor = (sandbox: Sandbox, currency: "MINTME" | "XMR", hashes: number) =>
  Number(atomic12((BigInt(hashes) * sandbox.state.coinimp.payoutPer1M[currency]) / 1_000_000n));

describe("withdraw", () => {
  test("moves hashes into withdrawn, and later answers show it", async () => {
    const sandbox = createSandbox({ quota: false });
    const { site, names } = siteWithUsers(sandbox, "MINTME");
    const [name, neighbour] = names;
    const before = await balanceOf(sandbox, site.siteKey, name);
    const neighbourBefore = await balanceOf(sandbox, site.siteKey, neighbour);
    const statsBefore = successMessage(
      await callCoinImp(sandbox, { path: "/account/stats", query: { currency: "MINTME" } }),
    );
    const amount = Math.floor(before.hashes / 3);
    expect(amount).toBeGreaterThan(0);

    const answered = successMessage<Balance>(
      await callCoinImp(sandbox, {
        version: "v1",
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user: name, amount: String(amount) },
      }),
    );
    const expected: Balance = {
      name,
      hashes: before.hashes - amount,
      withdrawn: before.withdrawn + amount,
      pending: pendingFor(sandbox, "MINTME", before.hashes - amount),
      hashRate: before.hashRate,
    };
    expect(answered).toEqual(expected);
    expect(answered.pending).toBeLessThan(before.pending);

    // Later answers, in either version, agree with the withdrawal's own answer.
    expect(await balanceOf(sandbox, site.siteKey, name)).toEqual(expected);
    expect(
      successMessage(
        await callCoinImp(sandbox, {
          version: "v1",
          path: "/user/balance",
          query: { "site-key": site.siteKey, user: name },
        }),
      ),
    ).toEqual(expected);
    // The user is still listed; nobody else's balance moved.
    expect(
      successMessage(
        await callCoinImp(sandbox, { path: "/user/list", query: { "site-key": site.siteKey } }),
      ),
    ).toContain(name);
    expect(await balanceOf(sandbox, site.siteKey, neighbour)).toEqual(neighbourBefore);
    // Hashes mined do not change: a withdrawal moves a user's balance, not the site's total.
    expect(
      successMessage(
        await callCoinImp(sandbox, { path: "/account/stats", query: { currency: "MINTME" } }),
      ),
    ).toEqual(statsBefore);
    const users = [...site.users.values()];
    expect(site.hashes).toBe(users.reduce((sum, user) => sum + user.hashes + user.withdrawn, 0));
  });

  test("successive withdrawals add up, and each is recorded once, in order", async () => {
    const sandbox = createSandbox({ quota: false });
    const { site, names } = siteWithUsers(sandbox, "XMR");
    const [first, second] = names;
    const start = await balanceOf(sandbox, site.siteKey, first);
    const plan: [string, number][] = [
      [first, 10],
      [second, 1],
      [first, 250],
    ];
    for (const [user, amount] of plan) {
      successMessage(
        await callCoinImp(sandbox, {
          path: "/user/withdraw",
          form: { "site-key": site.siteKey, user, amount: String(amount) },
        }),
      );
    }
    // A refused one in between is not recorded.
    expectFailure(
      await callCoinImp(sandbox, {
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user: first, amount: "0" },
      }),
      400,
    );
    expect(sandbox.state.coinimp.withdrawals).toEqual(
      plan.map(([user, amount]) => ({ siteKey: site.siteKey, user, amount })),
    );
    const end = await balanceOf(sandbox, site.siteKey, first);
    expect(end.hashes).toBe(start.hashes - 260);
    expect(end.withdrawn).toBe(start.withdrawn + 260);
    expect(end.pending).toBe(pendingFor(sandbox, "XMR", start.hashes - 260));
  });

  test("a balance drained by withdrawals refuses the next one", async () => {
    const sandbox = createSandbox({ quota: false });
    const { site, names } = siteWithUsers(sandbox, "MINTME");
    const [name] = names;
    const { hashes } = await balanceOf(sandbox, site.siteKey, name);
    const half = Math.floor(hashes / 2);
    for (const amount of [half, hashes - half]) {
      successMessage(
        await callCoinImp(sandbox, {
          path: "/user/withdraw",
          form: { "site-key": site.siteKey, user: name, amount: String(amount) },
        }),
      );
    }
    expectFailure(
      await callCoinImp(sandbox, {
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user: name, amount: "1" },
      }),
      400,
    );
    expect(await balanceOf(sandbox, site.siteKey, name)).toMatchObject({ hashes: 0, pending: 0 });
    expect(sandbox.state.coinimp.withdrawals).toHaveLength(2);
  });
});

describe("delete a site", () => {
  test("removes it from every later answer", async () => {
    const sandbox = createSandbox({ quota: false });
    const { site, names } = siteWithUsers(sandbox, "MINTME");
    const others = sandbox.state.coinimp.sites.filter((kept) => kept !== site);
    const hashesBefore = successMessage<number>(
      await callCoinImp(sandbox, { path: "/hashes", query: { currency: "MINTME" } }),
    );
    const xmrStatsBefore = successMessage(
      await callCoinImp(sandbox, { path: "/account/stats", query: { currency: "XMR" } }),
    );

    const message = successMessage(
      await callCoinImp(sandbox, {
        version: "v1",
        method: "DELETE",
        path: "/site",
        query: { "site-key": site.siteKey },
      }),
    );
    expect(typeof message).toBe("string");

    expectFailure(
      await callCoinImp(sandbox, { path: "/site", query: { "site-key": site.siteKey } }),
      404,
    );
    const listed = successMessage<{ name: string; "site-key": string }[]>(
      await callCoinImp(sandbox, { path: "/account/sites", query: { currency: "MINTME" } }),
    );
    expect(listed.map((entry) => entry["site-key"])).not.toContain(site.siteKey);
    expect(listed).toEqual(
      others
        .filter((kept) => kept.currency === "MINTME")
        .map((kept) => ({ name: kept.name, "site-key": kept.siteKey })),
    );
    const hashesAfter = successMessage<number>(
      await callCoinImp(sandbox, { path: "/hashes", query: { currency: "MINTME" } }),
    );
    expect(hashesAfter).toBe(hashesBefore - site.hashes);
    expect(site.hashes).toBeGreaterThan(0);
    const statsAfter = successMessage<{ hashes: number; reward: string }>(
      await callCoinImp(sandbox, { path: "/account/stats", query: { currency: "MINTME" } }),
    );
    expect(statsAfter.hashes).toBe(hashesAfter);
    expect(statsAfter.reward).toBe(
      atomic12(
        others
          .filter((kept) => kept.currency === "MINTME")
          .reduce((sum, kept) => sum + kept.reward, 0n),
      ),
    );
    // Its users and its site key are gone from every call that takes one.
    expectFailure(
      await callCoinImp(sandbox, {
        path: "/user/balance",
        query: { "site-key": site.siteKey, user: names[0] },
      }),
      404,
    );
    expectFailure(
      await callCoinImp(sandbox, { path: "/user/list", query: { "site-key": site.siteKey } }),
      404,
    );
    expectFailure(
      await callCoinImp(sandbox, {
        path: "/user/withdraw",
        form: { "site-key": site.siteKey, user: names[0], amount: "1" },
      }),
      404,
    );
    expectFailure(
      await callCoinImp(sandbox, {
        path: "/hashes",
        query: { currency: "MINTME", "site-key": site.siteKey },
      }),
      404,
    );
    // Deleting it again: not found, and nothing else goes.
    expectFailure(
      await callCoinImp(sandbox, {
        method: "DELETE",
        path: "/site",
        query: { "site-key": site.siteKey },
      }),
      404,
    );
    expect(sandbox.state.coinimp.sites).toEqual(others);
    // The other currency is untouched.
    expect(
      successMessage(
        await callCoinImp(sandbox, { path: "/account/stats", query: { currency: "XMR" } }),
      ),
    ).toEqual(xmrStatsBefore);
  });
});

describe("determinism", () => {
  /** A fixed sequence touching every call, including both mutations and some failures. */
  async function script(sandbox: Sandbox): Promise<{ call: WireCall; answer: WireAnswer }[]> {
    const [a, b, c] = sandbox.state.coinimp.sites;
    if (!a || !b || !c) throw new Error("fewer than 3 sites");
    const user = [...a.users.keys()][0] ?? "";
    const calls: WireCall[] = [
      { path: "/hashes", query: { currency: "MINTME" } },
      { version: "v1", path: "/reward", query: { currency: "XMR" } },
      { path: "/user/list", query: { "site-key": a.siteKey } },
      { path: "/user/balance", query: { "site-key": a.siteKey, user } },
      { path: "/user/withdraw", form: { "site-key": a.siteKey, user, amount: "4321" } },
      { version: "v1", path: "/user/balance", query: { "site-key": a.siteKey, user } },
      { path: "/account/stats", query: { currency: "XMR" } },
      { path: "/account/sites", query: { currency: "MINTME" } },
      { version: "v1", path: "/account/payments", query: { currency: "MINTME" } },
      { path: "/account/payments", query: { currency: "XMR" } },
      { path: "/site", query: { "site-key": b.siteKey } },
      { method: "DELETE", path: "/site", query: { "site-key": c.siteKey } },
      { path: "/hashes", query: { currency: "MINTME" } },
      { path: "/payout/1mhash", query: { currency: "XMR" } },
      { path: "/user/withdraw", form: { "site-key": a.siteKey, user, amount: "-1" } },
      { path: "/hashes", query: { currency: "mintme" } },
    ];
    const transcript = [];
    for (const call of calls) transcript.push({ call, answer: await callCoinImp(sandbox, call) });
    return transcript;
  }

  const comparable = (transcript: { call: WireCall; answer: WireAnswer }[]) =>
    transcript.map(({ call, answer }) => ({
      call,
      status: answer.status,
      retryAfter: answer.headers.get("retry-after"),
      body: answer.body,
    }));

  test("the same seed gives the same credentials, state and answers", async () => {
    const one = createSandbox({ seed: "repeat-me", clock: manualClock() });
    const two = createSandbox({ seed: "repeat-me", clock: manualClock() });
    expect(two.credentials).toEqual(one.credentials);
    expect(snapshot(two.state)).toEqual(snapshot(one.state));

    const first = comparable(await script(one));
    const second = comparable(await script(two));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // The script exercised the default quota too (16 calls at one instant): the first 10 pass,
    // the last is refused.
    const statuses = first.map((entry) => entry.status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.at(-1)).toBe(503);
    expect(snapshot(two.state)).toEqual(snapshot(one.state));
    expect(snapshot(two.requests)).toEqual(snapshot(one.requests));
  });

  test("the same seed gives the same answers without the quota, mutations included", async () => {
    const one = createSandbox({ seed: 7, quota: false });
    const two = createSandbox({ seed: 7, quota: false });
    const first = comparable(await script(one));
    const second = comparable(await script(two));
    expect(second).toEqual(first);
    expect(first.map((entry) => entry.status)).toEqual([...Array(14).fill(200), 400, 400]);
    expect(one.state.coinimp.withdrawals).toHaveLength(1);
    expect(one.state.coinimp.sites).toHaveLength(2);
    expect(snapshot(two.state)).toEqual(snapshot(one.state));
  });

  test("the default seed is a fixed seed too", () => {
    const one = createSandbox();
    const two = createSandbox();
    expect(two.credentials).toEqual(one.credentials);
    expect(snapshot(two.state)).toEqual(snapshot(one.state));
  });

  test("different seeds give different keys and data", () => {
    const seeds = ["alpha", "beta", 1, 2, ""];
    const sandboxes = seeds.map((seed) => createSandbox({ seed }));
    const keys = sandboxes.flatMap((sandbox) => [
      sandbox.credentials.coinimp.publicKey,
      sandbox.credentials.coinimp.privateKey,
      sandbox.credentials.mixcoins.token,
    ]);
    for (const key of keys) expect(key).toMatch(HEX64);
    expect(new Set(keys).size).toBe(keys.length);
    const siteKeys = sandboxes.flatMap((sandbox) =>
      sandbox.state.coinimp.sites.map((site) => site.siteKey),
    );
    for (const key of siteKeys) expect(key).toMatch(HEX64);
    expect(new Set(siteKeys).size).toBe(siteKeys.length);
    const [alpha, beta] = sandboxes;
    expect(snapshot(beta?.state)).not.toEqual(snapshot(alpha?.state));
  });

  test("a sandbox's own keys differ from each other", () => {
    const { publicKey, privateKey } = createSandbox({ seed: "own" }).credentials.coinimp;
    expect(publicKey).not.toBe(privateKey);
  });
});

import { describe, expect, it } from "vitest";
import {
  createSandbox,
  type FaultSpec,
  MALFORMED_DEFAULT_STATUS,
  MALFORMED_KINDS,
  ROUTES,
  type Sandbox,
} from "../src/index.js";
import {
  COINIMP_V1,
  COINIMP_V2,
  coinImpGet,
  coinImpHeaders,
  createMix,
  siteWithUser,
  withdraw,
} from "./helpers/calls.js";
import { ControlledClock, isSettled } from "./helpers/controlled-clock.js";

const PAYOUT = ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"];

/** What `fetch` rejects with when the connection is dropped. */
async function expectConnectionReset(pending: Promise<Response>): Promise<void> {
  const error = await pending.then(
    () => {
      throw new Error("expected the fetch to reject");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TypeError);
  expect((error as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
}

function lastRequest(sandbox: Sandbox) {
  const entry = sandbox.requests.at(-1);
  if (!entry) throw new Error("nothing was logged");
  return entry;
}

/** A snapshot of a user's balance, to prove a request changed nothing. */
function balanceOf(sandbox: Sandbox, siteKey: string, name: string) {
  const site = sandbox.state.coinimp.sites.find((candidate) => candidate.siteKey === siteKey);
  const user = site?.users.get(name);
  return { hashes: user?.hashes, withdrawn: user?.withdrawn };
}

describe("latency", () => {
  it("holds the response until the clock's sleep is released, and only on its route", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      faults: { "coinimp:user/withdraw": { latency: 1_500 } },
    });
    const { site, user } = siteWithUser(sandbox, 10);
    const before = balanceOf(sandbox, site.siteKey, user.name);

    const pending = withdraw(sandbox, { siteKey: site.siteKey, user: user.name, amount: 10 });
    expect(await isSettled(pending)).toBe(false);
    expect(clock.requested).toEqual([1_500]);
    // Not processed while it waits.
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);

    // Another route is not delayed.
    const hashes = await coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(hashes.status).toBe(200);
    expect(clock.requested).toEqual([1_500]);

    clock.releaseAll();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(sandbox.state.coinimp.withdrawals).toHaveLength(1);
    expect(balanceOf(sandbox, site.siteKey, user.name)).toEqual({
      hashes: (before.hashes ?? 0) - 10,
      withdrawn: (before.withdrawn ?? 0) + 10,
    });
    expect(lastRequest(sandbox)).toMatchObject({ outcome: "answered", status: 200 });
  });

  it("adds the sandbox-wide latency to every request, and a route's latency on top", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      latency: 200,
      faults: { "coinimp:reward": { latency: 300 } },
    });
    const hashes = coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    const reward = coinImpGet(sandbox, "reward", { currency: "MINTME" });
    expect(await isSettled(Promise.race([hashes, reward]))).toBe(false);
    expect([...clock.requested].sort()).toEqual([200, 500]);
    clock.releaseAll();
    expect((await hashes).status).toBe(200);
    expect((await reward).status).toBe(200);
  });

  it("an abort during the latency rejects the fetch and the request is never processed", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      faults: { "coinimp:user/withdraw": { latency: 60_000 } },
    });
    const { site, user } = siteWithUser(sandbox, 10);
    const controller = new AbortController();
    const pending = withdraw(
      sandbox,
      { siteKey: site.siteKey, user: user.name, amount: 10 },
      { signal: controller.signal },
    );
    expect(await isSettled(pending)).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(clock.sleeps).toEqual([]);
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
  });

  it("times and rate limit a latency like any fault: { latency, times: 1 } delays the first request only", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      faults: {
        "coinimp:hashes": { latency: 700, times: 1 },
        "coinimp:reward": { latency: 900, rate: 0 },
      },
    });
    const first = coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(await isSettled(first)).toBe(false);
    expect(clock.requested).toEqual([700]);
    // The second request on the route, and every one on the rate-0 route, go straight through.
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    expect((await coinImpGet(sandbox, "reward", { currency: "MINTME" })).status).toBe(200);
    expect(clock.requested).toEqual([700]);
    clock.releaseAll();
    expect((await first).status).toBe(200);
  });

  it("with times, a status fault's latency ends with it", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      faults: { "coinimp:hashes": { latency: 100, status: 502, times: 1 } },
    });
    const first = coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(await isSettled(first)).toBe(false);
    clock.releaseAll();
    expect((await first).status).toBe(502);
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    expect(clock.requested).toEqual([100]);
  });

  it("with a status fault, waits first and then answers the status", async () => {
    const clock = new ControlledClock();
    const sandbox = createSandbox({
      clock,
      faults: { "coinimp:hashes": { latency: 100, status: 502 } },
    });
    const pending = coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(await isSettled(pending)).toBe(false);
    clock.releaseAll();
    expect((await pending).status).toBe(502);
  });
});

describe("status", () => {
  it("answers the status with a Retry-After and the CoinImp failure envelope, without processing", async () => {
    const sandbox = createSandbox({
      faults: { "coinimp:user/withdraw": { status: 503, retryAfter: 7 } },
    });
    const { site, user } = siteWithUser(sandbox, 10);
    const before = balanceOf(sandbox, site.siteKey, user.name);
    const response = await withdraw(sandbox, {
      siteKey: site.siteKey,
      user: user.name,
      amount: 10,
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: "failure",
      message: expect.stringContaining("503"),
    });
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(balanceOf(sandbox, site.siteKey, user.name)).toEqual(before);
    expect(lastRequest(sandbox)).toMatchObject({
      route: "coinimp:user/withdraw",
      outcome: "injected-status",
      status: 503,
    });
  });

  it("answers without Retry-After when none is given, and MixCoins' error body on a mix", async () => {
    const sandbox = createSandbox({ faults: { "mixcoins:mix": { status: 500 } } });
    const response = await createMix(sandbox, "btc", PAYOUT, "1");
    expect(response.status).toBe(500);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toEqual({ error: expect.stringContaining("500") });
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
    expect(lastRequest(sandbox)).toMatchObject({ outcome: "injected-status", status: 500 });
  });

  it("is answered even for a request with wrong keys, which the API itself would refuse", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:hashes": { status: 502 } } });
    const response = await sandbox.fetch("https://www.coinimp.com/api/v2/hashes?currency=MINTME", {
      headers: { "X-API-ID": "wrong", "X-API-KEY": "wrong" },
    });
    expect(response.status).toBe(502);
  });

  it("does not spend the quota (the request never reached the API)", async () => {
    const sandbox = createSandbox({
      quota: { coinimp: { capacity: 1, refill: 1, interval: 60_000 } },
      clock: new ControlledClock(),
      faults: { "coinimp:hashes": { status: 500, times: 3 } },
    });
    for (let i = 0; i < 3; i++) {
      expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(500);
    }
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(503);
  });
});

describe("rate", () => {
  async function pattern(seed: string): Promise<number[]> {
    const sandbox = createSandbox({
      seed,
      quota: false,
      faults: { "coinimp:hashes": { status: 500, rate: 0.5 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status);
    }
    expect(sandbox.requests.map((entry) => entry.status)).toEqual(statuses);
    expect(sandbox.requests.map((entry) => entry.outcome === "injected-status")).toEqual(
      statuses.map((status) => status === 500),
    );
    return statuses;
  }

  it("fails some but not all requests, and the same seed fails the same ones", async () => {
    const first = await pattern("rate-seed");
    const failures = first.filter((status) => status === 500).length;
    expect(new Set(first)).toEqual(new Set([200, 500]));
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(await pattern("rate-seed")).toEqual(first);
    expect(await pattern("another-seed")).not.toEqual(first);
  });

  it("rate 0 never fails, rate 1 always does", async () => {
    const never = createSandbox({
      quota: false,
      faults: { "coinimp:hashes": { status: 500, rate: 0 } },
    });
    const always = createSandbox({
      quota: false,
      faults: { "coinimp:hashes": { status: 500, rate: 1 } },
    });
    for (let i = 0; i < 20; i++) {
      expect((await coinImpGet(never, "hashes", { currency: "MINTME" })).status).toBe(200);
      expect((await coinImpGet(always, "hashes", { currency: "MINTME" })).status).toBe(500);
    }
  });
});

describe("times", () => {
  it("affects only the first N requests on the route", async () => {
    const sandbox = createSandbox({
      quota: false,
      faults: { "coinimp:hashes": { status: 503, times: 2 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status);
    }
    expect(statuses).toEqual([503, 503, 200, 200, 200]);
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual([
      "injected-status",
      "injected-status",
      "answered",
      "answered",
      "answered",
    ]);
  });

  it("a dropped first withdrawal followed by a retry applies it twice: what a client must avoid", async () => {
    const sandbox = createSandbox({
      quota: false,
      faults: { "coinimp:user/withdraw": { applyThenDrop: true, times: 1 } },
    });
    const { site, user } = siteWithUser(sandbox, 20);
    const fields = { siteKey: site.siteKey, user: user.name, amount: 10 };
    await expectConnectionReset(withdraw(sandbox, fields));
    expect((await withdraw(sandbox, fields)).status).toBe(200);
    expect(sandbox.state.coinimp.withdrawals).toHaveLength(2);
  });
});

describe("stall", () => {
  it("sends the headers and the start of the body, then nothing until the request is aborted", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:site": { stall: true } } });
    const { site } = siteWithUser(sandbox);
    const controller = new AbortController();
    const response = await coinImpGet(
      sandbox,
      "site",
      { "site-key": site.siteKey },
      { signal: controller.signal },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-length")).toBeNull();
    expect(lastRequest(sandbox)).toMatchObject({ outcome: "stalled", status: 200 });

    const text = response.text();
    expect(await isSettled(text)).toBe(false);
    controller.abort();
    await expect(text).rejects.toMatchObject({ name: "AbortError" });
  });

  it("the part of the body that does arrive is the start of the real answer", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:site": { stall: true } } });
    const { site } = siteWithUser(sandbox);
    const controller = new AbortController();
    const response = await coinImpGet(
      sandbox,
      "site",
      { "site-key": site.siteKey },
      { signal: controller.signal },
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const start = new TextDecoder().decode(first.value);
    // The same seed without the fault answers in full.
    const plain = createSandbox();
    const full = await (await coinImpGet(plain, "site", { "site-key": site.siteKey })).text();
    expect(full).toContain(`"name":"${site.name}"`);
    expect(start.length).toBeGreaterThan(0);
    expect(start.length).toBeLessThan(full.length);
    expect(full.startsWith(start)).toBe(true);
    const next = reader.read();
    expect(await isSettled(next)).toBe(false);
    controller.abort();
    await expect(next).rejects.toMatchObject({ name: "AbortError" });
  });

  it("the stalled request was processed (a withdraw is applied once)", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:user/withdraw": { stall: true } } });
    const { site, user } = siteWithUser(sandbox, 10);
    const controller = new AbortController();
    const response = await withdraw(
      sandbox,
      { siteKey: site.siteKey, user: user.name, amount: 10 },
      { signal: controller.signal },
    );
    expect(response.status).toBe(200);
    controller.abort();
    await expect(response.text()).rejects.toMatchObject({ name: "AbortError" });
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 10 },
    ]);
  });
});

describe("reset", () => {
  it("rejects the fetch with ECONNRESET and the request is not processed", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:user/withdraw": { reset: true } } });
    const { site, user } = siteWithUser(sandbox, 10);
    const before = balanceOf(sandbox, site.siteKey, user.name);
    await expectConnectionReset(
      withdraw(sandbox, { siteKey: site.siteKey, user: user.name, amount: 10 }),
    );
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(balanceOf(sandbox, site.siteKey, user.name)).toEqual(before);
    expect(lastRequest(sandbox)).toMatchObject({
      route: "coinimp:user/withdraw",
      outcome: "reset",
      status: undefined,
    });
  });

  it("on a mix, no mix is recorded", async () => {
    const sandbox = createSandbox({ faults: { "mixcoins:mix": { reset: true } } });
    await expectConnectionReset(createMix(sandbox, "btc", PAYOUT, "1"));
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
    expect(lastRequest(sandbox).outcome).toBe("reset");
  });
});

describe("applyThenDrop", () => {
  it("coinimp:user/withdraw: the fetch rejects, yet the withdrawal happened exactly once", async () => {
    const sandbox = createSandbox({
      faults: { "coinimp:user/withdraw": { applyThenDrop: true } },
    });
    const { site, user } = siteWithUser(sandbox, 10);
    const before = balanceOf(sandbox, site.siteKey, user.name);
    await expectConnectionReset(
      withdraw(sandbox, { siteKey: site.siteKey, user: user.name, amount: 10 }),
    );
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 10 },
    ]);
    expect(balanceOf(sandbox, site.siteKey, user.name)).toEqual({
      hashes: (before.hashes ?? 0) - 10,
      withdrawn: (before.withdrawn ?? 0) + 10,
    });
    expect(lastRequest(sandbox)).toMatchObject({
      outcome: "applied-then-dropped",
      status: undefined,
    });
  });

  it("coinimp:site/delete: the fetch rejects, yet the site is gone", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:site/delete": { applyThenDrop: true } } });
    const { site } = siteWithUser(sandbox);
    const count = sandbox.state.coinimp.sites.length;
    await expectConnectionReset(
      sandbox.fetch(
        `https://www.coinimp.com/api/v2/site?${new URLSearchParams({ "site-key": site.siteKey })}`,
        {
          method: "DELETE",
          headers: {
            "X-API-ID": sandbox.credentials.coinimp.publicKey,
            "X-API-KEY": sandbox.credentials.coinimp.privateKey,
          },
        },
      ),
    );
    expect(sandbox.state.coinimp.sites).toHaveLength(count - 1);
    expect(sandbox.state.coinimp.sites.map((kept) => kept.siteKey)).not.toContain(site.siteKey);
    expect(lastRequest(sandbox)).toMatchObject({
      route: "coinimp:site/delete",
      outcome: "applied-then-dropped",
    });
    // GET /site is another route: answered, and it no longer finds the site.
    const after = await coinImpGet(sandbox, "site", { "site-key": site.siteKey });
    expect(after.status).toBe(404);
    expect(lastRequest(sandbox)).toMatchObject({ route: "coinimp:site", outcome: "answered" });
  });

  it("mixcoins:mix: the fetch rejects, yet exactly one mix is recorded", async () => {
    const sandbox = createSandbox({ faults: { "mixcoins:mix": { applyThenDrop: true } } });
    await expectConnectionReset(createMix(sandbox, "btc", PAYOUT, "0.25"));
    expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
    expect(sandbox.state.mixcoins.mixes[0]).toMatchObject({ addresses: PAYOUT, amount: "0.25" });
    expect(lastRequest(sandbox)).toMatchObject({
      route: "mixcoins:mix",
      outcome: "applied-then-dropped",
      status: undefined,
    });
  });

  it("a request the API refuses is dropped too, with no effect", async () => {
    const sandbox = createSandbox({ faults: { "mixcoins:mix": { applyThenDrop: true } } });
    await expectConnectionReset(createMix(sandbox, "btc", [], "1"));
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });
});

describe("malformed", () => {
  /** Whether `text` is JSON at all. */
  function parses(text: string): boolean {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  /** `DELETE /site` with the sandbox's v2 keys. */
  function deleteSite(sandbox: Sandbox, siteKey: string): Promise<Response> {
    return sandbox.fetch(`${COINIMP_V2}/site?${new URLSearchParams({ "site-key": siteKey })}`, {
      method: "DELETE",
      headers: coinImpHeaders(sandbox),
    });
  }

  it("each kind's default status, content type and body; nothing processed", async () => {
    const expected = {
      html: { status: 502, type: /^text\/html/, parses: false },
      empty: { status: 200, type: /^application\/json/, parses: false },
      truncated: { status: 200, type: /^application\/json/, parses: false },
      "wrong-shape": { status: 200, type: /^application\/json/, parses: true },
    } as const;
    expect(Object.keys(expected)).toEqual([...MALFORMED_KINDS]);
    for (const kind of MALFORMED_KINDS) {
      const sandbox = createSandbox({ faults: { "coinimp:user/withdraw": { malformed: kind } } });
      const { site, user } = siteWithUser(sandbox, 10);
      const before = balanceOf(sandbox, site.siteKey, user.name);
      const response = await withdraw(sandbox, {
        siteKey: site.siteKey,
        user: user.name,
        amount: 10,
      });
      const text = await response.text();
      expect([kind, response.status]).toEqual([kind, expected[kind].status]);
      expect(MALFORMED_DEFAULT_STATUS[kind]).toBe(expected[kind].status);
      expect(response.headers.get("content-type")).toMatch(expected[kind].type);
      expect([kind, parses(text)]).toEqual([kind, expected[kind].parses]);
      expect(response.headers.get("retry-after")).toBeNull();
      expect(sandbox.state.coinimp.withdrawals).toEqual([]);
      expect(balanceOf(sandbox, site.siteKey, user.name)).toEqual(before);
      expect(lastRequest(sandbox)).toMatchObject({
        route: "coinimp:user/withdraw",
        outcome: "malformed",
        status: expected[kind].status,
      });
    }
  });

  it("html: an nginx error page titled by its status", async () => {
    const sandbox = createSandbox({ faults: { "coinimp:hashes": { malformed: "html" } } });
    const page = await (await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).text();
    expect(page).toContain("<title>502 Bad Gateway</title>");
    expect(page).toContain("nginx");
    sandbox.faults["coinimp:hashes"] = { malformed: "html", status: 504 };
    const gateway = await coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(gateway.status).toBe(504);
    expect(await gateway.text()).toContain("<title>504 Gateway Time-out</title>");
  });

  it("empty: no byte of body", async () => {
    const sandbox = createSandbox({ faults: { "mixcoins:mix": { malformed: "empty" } } });
    const response = await createMix(sandbox, "btc", PAYOUT, "1");
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toHaveLength(0);
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("truncated, not processed: the start of a success answer of the route's API, which does not parse", async () => {
    const sandbox = createSandbox({
      faults: {
        "coinimp:account/stats": { malformed: "truncated" },
        "mixcoins:mix": { malformed: "truncated" },
      },
    });
    const coinimp = await (await coinImpGet(sandbox, "account/stats", { currency: "XMR" })).text();
    const mix = await (await createMix(sandbox, "eth", [], "1")).text();
    expect(coinimp.startsWith('{"status":"success"')).toBe(true);
    expect(mix.startsWith('{"currency":')).toBe(true);
    expect([parses(coinimp), parses(mix)]).toEqual([false, false]);
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("wrong-shape, not processed: valid JSON in an envelope neither API uses", async () => {
    const sandbox = createSandbox({ faults: { "*": { malformed: "wrong-shape" } } });
    const coinimp = await coinImpGet(sandbox, "payout/1mhash", { currency: "XMR" });
    const mix = await createMix(sandbox, "btc", PAYOUT, "1");
    expect(await coinimp.json()).toEqual({ data: null });
    expect(await mix.json()).toEqual({ data: null });
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("status and retryAfter shape the answer, whatever the kind; a no-body status sends none", async () => {
    const sandbox = createSandbox({
      faults: { "coinimp:reward": { malformed: "truncated", status: 503, retryAfter: 4 } },
    });
    const response = await coinImpGet(sandbox, "reward", { currency: "XMR" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("4");
    expect(parses(await response.text())).toBe(false);

    sandbox.faults["coinimp:reward"] = { malformed: "empty", status: 204 };
    const noContent = await coinImpGet(sandbox, "reward", { currency: "XMR" });
    expect(noContent.status).toBe(204);
    expect(await noContent.text()).toBe("");
  });

  it("does not spend the quota when not processed, like a status fault", async () => {
    const sandbox = createSandbox({
      quota: { coinimp: { capacity: 1, refill: 1, interval: 60_000 } },
      clock: new ControlledClock(),
      faults: { "coinimp:hashes": { malformed: "html", times: 3 } },
    });
    for (let i = 0; i < 3; i++) {
      expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(502);
    }
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(503);
  });

  it("counts towards times like every fault: the first request broken, the next answered", async () => {
    const sandbox = createSandbox({
      faults: { "coinimp:user/withdraw": { malformed: "wrong-shape", times: 1 } },
    });
    const { site, user } = siteWithUser(sandbox, 20);
    const fields = { siteKey: site.siteKey, user: user.name, amount: 10 };
    expect(await (await withdraw(sandbox, fields)).json()).toEqual({ data: null });
    const answered = await withdraw(sandbox, fields);
    expect(await answered.json()).toMatchObject({ status: "success" });
    expect(sandbox.requests.map((entry) => entry.outcome)).toEqual(["malformed", "answered"]);
    // Only the answered one was processed.
    expect(sandbox.state.coinimp.withdrawals).toEqual([fields]);
  });

  it("an unknown kind rejects the fetch with a TypeError naming the kinds", async () => {
    const sandbox = createSandbox({
      faults: { "coinimp:hashes": { malformed: "xml" as unknown as "html" } },
    });
    await expect(coinImpGet(sandbox, "hashes", { currency: "MINTME" })).rejects.toThrow(
      /unknown malformed kind "xml".*html, empty, truncated, wrong-shape/,
    );
  });

  it("over listen(), the HTTP message is complete: only its body is broken", async () => {
    const sandbox = createSandbox({
      faults: {
        "coinimp:site": { malformed: "truncated", apply: true },
        "coinimp:hashes": { malformed: "html" },
        "mixcoins:mix": { malformed: "empty" },
      },
    });
    const { site } = siteWithUser(sandbox);
    const server = await sandbox.listen();
    try {
      const base = { base: `${server.url}/api/v2`, fetch: globalThis.fetch };
      const cut = await coinImpGet(sandbox, "site", { "site-key": site.siteKey }, base);
      const text = await cut.text();
      expect(cut.status).toBe(200);
      expect(text.startsWith('{"status":"success","message":{')).toBe(true);
      expect(parses(text)).toBe(false);
      const page = await coinImpGet(sandbox, "hashes", { currency: "XMR" }, base);
      expect(page.status).toBe(502);
      expect(await page.text()).toContain("502 Bad Gateway");
      const empty = await createMix(sandbox, "btc", PAYOUT, "1", {
        base: `${server.url}/api`,
        fetch: globalThis.fetch,
      });
      expect([empty.status, await empty.text()]).toEqual([200, ""]);
      expect(sandbox.requests.map((entry) => entry.outcome)).toEqual([
        "applied-then-malformed",
        "malformed",
        "malformed",
      ]);
    } finally {
      await server.close();
    }
  });

  describe("with apply: processed exactly once, then the answer is broken on the way back", () => {
    it("truncated: the withdrawal happened, the body is the first half of the real answer", async () => {
      const faulty = createSandbox({
        seed: "apply-malformed",
        faults: { "coinimp:user/withdraw": { malformed: "truncated", apply: true } },
      });
      const plain = createSandbox({ seed: "apply-malformed" });
      const { site, user } = siteWithUser(faulty, 10);
      const fields = { siteKey: site.siteKey, user: user.name, amount: 10 };
      const before = balanceOf(faulty, site.siteKey, user.name);

      const cut = await withdraw(faulty, fields);
      const whole = await (await withdraw(plain, fields)).text();

      const text = await cut.text();
      expect(cut.status).toBe(200);
      expect(parses(whole)).toBe(true);
      expect(whole.startsWith(text)).toBe(true);
      expect(text.length).toBe(Math.floor(whole.length / 2));
      expect(parses(text)).toBe(false);
      expect(faulty.state.coinimp.withdrawals).toEqual([fields]);
      expect(balanceOf(faulty, site.siteKey, user.name)).toEqual({
        hashes: (before.hashes ?? 0) - 10,
        withdrawn: (before.withdrawn ?? 0) + 10,
      });
      expect(lastRequest(faulty)).toMatchObject({
        outcome: "applied-then-malformed",
        status: 200,
      });
    });

    it("wrong-shape: the real answer, wrapped in data", async () => {
      const faulty = createSandbox({
        seed: "apply-wrapped",
        faults: { "mixcoins:mix": { malformed: "wrong-shape", apply: true } },
      });
      const plain = createSandbox({ seed: "apply-wrapped" });
      const wrapped = await (await createMix(faulty, "btc", PAYOUT, "0.5")).json();
      const real = await (await createMix(plain, "btc", PAYOUT, "0.5")).json();
      expect(real).toMatchObject({ currency: "btc", amount: "0.5" });
      expect(wrapped).toEqual({ data: real });
      expect(faulty.state.mixcoins.mixes).toHaveLength(1);
      expect(faulty.state.mixcoins.mixes[0]?.depositAddress).toBe(
        (real as { address: string }).address,
      );
    });

    it("html 504 on a deletion: the site is gone, the client got a gateway's page", async () => {
      const sandbox = createSandbox({
        faults: { "coinimp:site/delete": { malformed: "html", status: 504, apply: true } },
      });
      const { site } = siteWithUser(sandbox);
      const response = await deleteSite(sandbox, site.siteKey);
      expect(response.status).toBe(504);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(sandbox.state.coinimp.sites.map((kept) => kept.siteKey)).not.toContain(site.siteKey);
      expect(lastRequest(sandbox)).toMatchObject({
        route: "coinimp:site/delete",
        outcome: "applied-then-malformed",
        status: 504,
      });
    });

    it("empty: the mix exists, the body is empty", async () => {
      const sandbox = createSandbox({
        faults: { "mixcoins:mix": { malformed: "empty", apply: true } },
      });
      const response = await createMix(sandbox, "bch", [], "1");
      // Refused by the API (no address): processed, no effect, and still an empty answer.
      expect(await response.text()).toBe("");
      expect(sandbox.state.mixcoins.mixes).toEqual([]);
      const created = await createMix(sandbox, "btc", PAYOUT, "1");
      expect(await created.text()).toBe("");
      expect(sandbox.state.mixcoins.mixes).toHaveLength(1);
    });

    it("spends the quota: the API handled the request", async () => {
      const sandbox = createSandbox({
        quota: { coinimp: { capacity: 1, refill: 1, interval: 60_000 } },
        clock: new ControlledClock(),
        faults: { "coinimp:hashes": { malformed: "empty", apply: true, times: 1 } },
      });
      expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
      expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(503);
    });

    it("apply alone, without malformed, is no fault", async () => {
      const sandbox = createSandbox({ faults: { "coinimp:hashes": { apply: true } } });
      const response = await coinImpGet(sandbox, "hashes", { currency: "MINTME" });
      expect(await response.json()).toMatchObject({ status: "success" });
      expect(lastRequest(sandbox).outcome).toBe("answered");
    });
  });
});

describe('"*"', () => {
  it("applies to every route", async () => {
    const sandbox = createSandbox({ faults: { "*": { status: 502 } } });
    const { site, user } = siteWithUser(sandbox, 10);
    const { publicKey, privateKey } = sandbox.credentials.coinimp;
    const responses = [
      await coinImpGet(sandbox, "hashes", { currency: "MINTME" }),
      await coinImpGet(sandbox, "reward", { currency: "XMR" }),
      await coinImpGet(sandbox, "account/stats", { currency: "MINTME" }),
      await coinImpGet(sandbox, "site", { "site-key": site.siteKey }),
      await withdraw(sandbox, { siteKey: site.siteKey, user: user.name, amount: 10 }),
      await sandbox.fetch(
        `${COINIMP_V1}/user/list?${new URLSearchParams({
          "site-key": site.siteKey,
          public: publicKey,
          private: privateKey,
        })}`,
      ),
      await createMix(sandbox, "btc", PAYOUT, "1"),
    ];
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 502));
    expect(sandbox.requests.every((entry) => entry.outcome === "injected-status")).toBe(true);
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(sandbox.state.mixcoins.mixes).toEqual([]);
  });

  it("a route's own entry wins over it", async () => {
    const sandbox = createSandbox({
      faults: { "*": { status: 502 }, "coinimp:hashes": { latency: 0 } },
    });
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    expect((await coinImpGet(sandbox, "reward", { currency: "MINTME" })).status).toBe(502);
  });

  it("every route id is one the sandbox routes requests to", async () => {
    const sandbox = createSandbox({ quota: false });
    const { site } = siteWithUser(sandbox);
    const paths: Record<(typeof ROUTES)[number], [string, string]> = {
      "coinimp:hashes": ["GET", "/api/v2/hashes?currency=MINTME"],
      "coinimp:reward": ["GET", "/api/v1/reward?currency=MINTME"],
      "coinimp:user/balance": ["GET", `/api/v2/user/balance?site-key=${site.siteKey}&user=x`],
      "coinimp:user/list": ["GET", `/api/v2/user/list?site-key=${site.siteKey}`],
      "coinimp:user/withdraw": ["POST", "/api/v2/user/withdraw"],
      "coinimp:account/stats": ["GET", "/api/v2/account/stats?currency=XMR"],
      "coinimp:account/sites": ["GET", "/api/v2/account/sites?currency=XMR"],
      "coinimp:account/payments": ["GET", "/api/v2/account/payments?currency=XMR"],
      "coinimp:site": ["GET", `/api/v2/site?site-key=${site.siteKey}`],
      "coinimp:site/delete": ["DELETE", "/api/v2/site?site-key=unknown"],
      "coinimp:payout/1mhash": ["GET", "/api/v2/payout/1mhash?currency=XMR"],
      "mixcoins:mix": ["POST", "/api/eth/mix"],
    };
    for (const route of ROUTES) {
      const [method, path] = paths[route];
      sandbox.faults[route] = { status: 418 };
      const response = await sandbox.fetch(`https://sandbox.invalid${path}`, { method });
      expect([route, response.status]).toEqual([route, 418]);
      expect(lastRequest(sandbox).route).toBe(route);
      delete sandbox.faults[route];
    }
  });
});

describe("the fault table", () => {
  it("is live: a fault set or removed after creation applies to the next request", async () => {
    const sandbox = createSandbox({ quota: false });
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
    const spec: FaultSpec = { status: 429, retryAfter: 3 };
    sandbox.faults["coinimp:hashes"] = spec;
    const faulted = await coinImpGet(sandbox, "hashes", { currency: "MINTME" });
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get("retry-after")).toBe("3");
    delete sandbox.faults["coinimp:hashes"];
    expect((await coinImpGet(sandbox, "hashes", { currency: "MINTME" })).status).toBe(200);
  });

  it("the object passed in is the table", async () => {
    const faults = {};
    const sandbox = createSandbox({ faults });
    expect(sandbox.faults).toBe(faults);
  });

  it("faults never change the seeded data", async () => {
    const plain = createSandbox({ seed: "data" });
    const faulty = createSandbox({
      seed: "data",
      faults: { "*": { status: 500, rate: 0.5 }, "coinimp:hashes": { reset: true } },
    });
    expect(faulty.credentials).toEqual(plain.credentials);
    expect(faulty.state).toEqual(plain.state);
  });
});

describe("an already-aborted signal", () => {
  it("rejects like the global fetch, and the request is never sent", async () => {
    const sandbox = createSandbox();
    const { site, user } = siteWithUser(sandbox, 10);
    const controller = new AbortController();
    controller.abort();
    await expect(
      withdraw(
        sandbox,
        { siteKey: site.siteKey, user: user.name, amount: 10 },
        { signal: controller.signal },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });
});

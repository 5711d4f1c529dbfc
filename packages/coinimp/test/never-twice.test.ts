/**
 * Never send money twice (DESIGN rule 4): when a withdrawal or a deletion may have been applied —
 * the connection dropped after the server processed it, a reset, a stalled answer — the client
 * rejects with `OutcomeUnknownError` and never sends it again. The sandbox's own records say what
 * really happened: applied exactly once, or not at all.
 */

import { createSandbox, type FaultSpec, type Sandbox } from "@cointap/sandbox";
import { describe, expect, it } from "vitest";
import {
  CoinImp,
  type CoinImpOptions,
  ConnectionError,
  OutcomeUnknownError,
  TimeoutError,
} from "../src/index.js";
import {
  clientOf,
  expectedBalance,
  firstUser,
  onlyRequest,
  siteOf,
  VERSIONS,
} from "./helpers/sandbox-world.js";

async function outcomeUnknown(promise: Promise<unknown>): Promise<OutcomeUnknownError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected OutcomeUnknownError, got ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutcomeUnknownError);
  return error as OutcomeUnknownError;
}

function withFault(
  seed: string,
  route: "coinimp:user/withdraw" | "coinimp:site/delete",
  fault: FaultSpec,
) {
  return createSandbox({ seed, quota: false, faults: { [route]: fault } });
}

function firstSiteUser(sandbox: Sandbox) {
  const site = siteOf(sandbox, "MINTME");
  return { site, user: firstUser(site) };
}

describe.each(VERSIONS)("%s: apply, then drop the connection", (version) => {
  it("users.withdraw → OutcomeUnknownError; the sandbox applied exactly one withdrawal and received one request", async () => {
    const sandbox = withFault(`never-twice-withdraw-${version}`, "coinimp:user/withdraw", {
      applyThenDrop: true,
    });
    const client = clientOf(sandbox, version);
    const { site, user } = firstSiteUser(sandbox);
    const hashesBefore = user.hashes;

    const error = await outcomeUnknown(
      client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 2_500 }),
    );

    expect(error).toMatchObject({ method: "POST", path: "/user/withdraw" });
    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 2_500 },
    ]);
    expect(user.hashes).toBe(hashesBefore - 2_500);
    const request = onlyRequest(sandbox);
    expect([request.route, request.outcome]).toEqual([
      "coinimp:user/withdraw",
      "applied-then-dropped",
    ]);
  });

  it("sites.delete → OutcomeUnknownError; the site is gone and one DELETE was received", async () => {
    const sandbox = withFault(`never-twice-delete-${version}`, "coinimp:site/delete", {
      applyThenDrop: true,
    });
    const client = clientOf(sandbox, version);
    const site = siteOf(sandbox, "XMR");

    const error = await outcomeUnknown(client.sites.delete({ siteKey: site.siteKey }));

    expect(error).toMatchObject({ method: "DELETE", path: "/site" });
    expect(sandbox.state.coinimp.sites.map((kept) => kept.siteKey)).not.toContain(site.siteKey);
    const request = onlyRequest(sandbox);
    expect([request.method, request.route, request.outcome]).toEqual([
      "DELETE",
      "coinimp:site/delete",
      "applied-then-dropped",
    ]);
  });

  it("the same withdrawal after the unknown outcome is a new call: the caller decides, the client never repeats on its own", async () => {
    const sandbox = withFault(`never-twice-again-${version}`, "coinimp:user/withdraw", {
      applyThenDrop: true,
      times: 1,
    });
    const client = clientOf(sandbox, version);
    const { site, user } = firstSiteUser(sandbox);

    await outcomeUnknown(
      client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 1 }),
    );
    expect(sandbox.state.coinimp.withdrawals).toHaveLength(1);
    // Checking the balance is what the error advises: it shows the withdrawal landed.
    await expect(
      client.users.balance({ siteKey: site.siteKey, user: user.name }),
    ).resolves.toStrictEqual(expectedBalance(sandbox, site, user.name));
    expect(sandbox.requests.map((r) => r.route)).toEqual([
      "coinimp:user/withdraw",
      "coinimp:user/balance",
    ]);
  });
});

describe("a reset on withdraw (dropped before processing)", () => {
  it("looks like ECONNRESET after sending, which the client cannot tell apart: OutcomeUnknownError, zero withdrawals, one request", async () => {
    const sandbox = withFault("never-twice-reset", "coinimp:user/withdraw", { reset: true });
    const client = clientOf(sandbox, "v2");
    const { site, user } = firstSiteUser(sandbox);

    const error = await outcomeUnknown(
      client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 3 }),
    );

    expect(error.cause).toBeInstanceOf(ConnectionError);
    expect((error.cause as ConnectionError).sent).toBe(true);
    expect(sandbox.state.coinimp.withdrawals).toEqual([]);
    expect(onlyRequest(sandbox).outcome).toBe("reset");
  });

  it("a reset on a read, by contrast, is retried", async () => {
    const sandbox = createSandbox({
      seed: "never-twice-reset-get",
      quota: false,
      faults: { "coinimp:user/list": { reset: true, times: 1 } },
    });
    const client = clientOf(sandbox, "v2", { retry: { baseDelay: 0 } });
    const site = siteOf(sandbox, "XMR");

    await expect(client.users.list({ siteKey: site.siteKey })).resolves.toEqual([
      ...site.users.keys(),
    ]);
    expect(sandbox.requests.map((r) => r.outcome)).toEqual(["reset", "answered"]);
  });
});

describe("a stalled answer to a withdrawal", () => {
  it("with timeout: 200 → OutcomeUnknownError caused by a TimeoutError; one request, never repeated", async () => {
    const sandbox = withFault("never-twice-stall", "coinimp:user/withdraw", { stall: true });
    const client = clientOf(sandbox, "v2");
    const { site, user } = firstSiteUser(sandbox);

    const error = await outcomeUnknown(
      client.users.withdraw(
        { siteKey: site.siteKey, user: user.name, amount: 4 },
        { timeout: 200 },
      ),
    );

    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect((error.cause as TimeoutError).timeout).toBe(200);
    // A stall answers after processing: the withdrawal happened, once.
    expect(sandbox.state.coinimp.withdrawals).toEqual([
      { siteKey: site.siteKey, user: user.name, amount: 4 },
    ]);
    expect(onlyRequest(sandbox).outcome).toBe("stalled");
  });
});

describe("over a real loopback port", () => {
  async function overHttp(
    seed: string,
    route: "coinimp:user/withdraw" | "coinimp:site/delete",
    fault: FaultSpec,
  ) {
    const sandbox = withFault(seed, route, fault);
    const server = await sandbox.listen();
    const options: CoinImpOptions = {
      ...sandbox.credentials.coinimp,
      baseURL: `${server.url}/api/v2`,
      rateLimit: false,
    };
    return { sandbox, server, client: new CoinImp(options) };
  }

  it("apply-then-drop on withdraw (the socket destroyed) → OutcomeUnknownError, one withdrawal, one request", async () => {
    const { sandbox, server, client } = await overHttp(
      "never-twice-http-withdraw",
      "coinimp:user/withdraw",
      {
        applyThenDrop: true,
      },
    );
    try {
      const { site, user } = firstSiteUser(sandbox);
      const error = await outcomeUnknown(
        client.users.withdraw({ siteKey: site.siteKey, user: user.name, amount: 9 }),
      );
      expect(error.cause).toBeInstanceOf(ConnectionError);
      expect(sandbox.state.coinimp.withdrawals).toEqual([
        { siteKey: site.siteKey, user: user.name, amount: 9 },
      ]);
      expect(onlyRequest(sandbox).outcome).toBe("applied-then-dropped");
    } finally {
      await server.close();
    }
  });

  it("apply-then-drop on delete → OutcomeUnknownError, the site gone, one DELETE", async () => {
    const { sandbox, server, client } = await overHttp(
      "never-twice-http-delete",
      "coinimp:site/delete",
      {
        applyThenDrop: true,
      },
    );
    try {
      const site = siteOf(sandbox, "MINTME");
      await outcomeUnknown(client.sites.delete({ siteKey: site.siteKey }));
      expect(sandbox.state.coinimp.sites).not.toContain(site);
      expect(onlyRequest(sandbox).method).toBe("DELETE");
    } finally {
      await server.close();
    }
  });

  it("a stall on withdraw with timeout: 200 → OutcomeUnknownError(TimeoutError), one request", async () => {
    const { sandbox, server, client } = await overHttp(
      "never-twice-http-stall",
      "coinimp:user/withdraw",
      {
        stall: true,
      },
    );
    try {
      const { site, user } = firstSiteUser(sandbox);
      const error = await outcomeUnknown(
        client.users.withdraw(
          { siteKey: site.siteKey, user: user.name, amount: 2 },
          { timeout: 200 },
        ),
      );
      expect(error.cause).toBeInstanceOf(TimeoutError);
      expect(sandbox.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

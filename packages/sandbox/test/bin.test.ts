/**
 * The `cointap-sandbox` bin, run as users run it: the built `dist/bin.js` (Node 20 cannot run the
 * .ts source), spawned with `--port 0`. The test task runs after the build.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../src/index.js";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const WAIT_MS = 10_000;

const PAYOUT = ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"];

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

beforeAll(() => {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build the package first (pnpm build)`);
  }
});

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Rejects if `promise` has not settled after `ms` of real time: proves "did not hang". */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits until the bin has printed its banner (up to the token line), or exits, or times out. */
async function banner(started: Run): Promise<string> {
  const printed = new Promise<string>((resolve, reject) => {
    const check = () => {
      if (/MIXCOINS_TOKEN=\S+\n/.test(started.stdout())) {
        started.child.stdout?.off("data", check);
        resolve(started.stdout());
      }
    };
    started.child.stdout?.on("data", check);
    started.exited.then(({ code }) =>
      reject(new Error(`exited with ${code} before printing: ${started.stderr()}`)),
    );
    check();
  });
  return within(printed, WAIT_MS, "the banner");
}

function field(output: string, name: string): string {
  const match = new RegExp(`${name}=([0-9a-f]+)`).exec(output);
  if (!match?.[1]) throw new Error(`no ${name} in:\n${output}`);
  return match[1];
}

describe("cointap-sandbox", () => {
  it("prints its URL and credentials, serves requests, and exits on SIGTERM", async () => {
    const started = run(["--port", "0"]);
    const output = await banner(started);
    const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect(Number(new URL(url as string).port)).toBeGreaterThan(0);
    expect(output).toContain(`${url}/api/v2`);
    expect(output).toContain(`${url}/api/v1`);
    expect(output).toContain(`${url}/api`);

    // The credentials of the default seed, as the library makes them.
    const expected = createSandbox({ seed: "cointap" }).credentials;
    const credentials = {
      publicKey: field(output, "COINIMP_PUBLIC_KEY"),
      privateKey: field(output, "COINIMP_PRIVATE_KEY"),
      token: field(output, "MIXCOINS_TOKEN"),
    };
    expect(credentials).toEqual({ ...expected.coinimp, token: expected.mixcoins.token });

    const stats = await fetch(`${url}/api/v2/account/stats?currency=MINTME`, {
      headers: { "X-API-ID": credentials.publicKey, "X-API-KEY": credentials.privateKey },
    });
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as { status: string }).status).toBe("success");

    const form = new FormData();
    for (const address of PAYOUT) form.append("address[]", address);
    form.append("amount", "1");
    const mix = await fetch(`${url}/api/btc/mix`, {
      method: "POST",
      headers: { "X-Api-Token": credentials.token },
      body: form,
    });
    expect(mix.status).toBe(200);
    expect(((await mix.json()) as { amount: string }).amount).toBe("1");

    const wrong = await fetch(`${url}/api/v2/hashes?currency=MINTME`, {
      headers: { "X-API-ID": "nobody", "X-API-KEY": "nothing" },
    });
    expect(wrong.status).toBe(401);

    started.child.kill("SIGTERM");
    expect(await within(started.exited, WAIT_MS, "exit after SIGTERM")).toEqual({
      code: 0,
      signal: null,
    });
    const refused = await fetch(`${url}/api/v2/hashes`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((refused as TypeError | undefined)?.cause).toMatchObject({ code: "ECONNREFUSED" });
    expect(started.stderr()).toBe("");
  });

  it("--seed changes the credentials; --no-quota lifts the CoinImp quota", async () => {
    const started = run(["--port", "0", "--seed", "other", "--no-quota"]);
    const output = await banner(started);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const expected = createSandbox({ seed: "other" }).credentials;
    expect(field(output, "COINIMP_PUBLIC_KEY")).toBe(expected.coinimp.publicKey);
    expect(field(output, "MIXCOINS_TOKEN")).toBe(expected.mixcoins.token);
    expect(expected.coinimp.publicKey).not.toBe(
      createSandbox({ seed: "cointap" }).credentials.coinimp.publicKey,
    );

    // The default quota answers the 11th request of a burst 503; without it, all 12 pass.
    const headers = {
      "X-API-ID": expected.coinimp.publicKey,
      "X-API-KEY": expected.coinimp.privateKey,
    };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${url}/api/v2/hashes?currency=MINTME`, { headers });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual(statuses.map(() => 200));

    started.child.kill("SIGINT");
    expect((await within(started.exited, WAIT_MS, "exit after SIGINT")).code).toBe(0);
  });

  it("keeps the default quota without --no-quota", async () => {
    const started = run(["--port", "0"]);
    const output = await banner(started);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const headers = {
      "X-API-ID": field(output, "COINIMP_PUBLIC_KEY"),
      "X-API-KEY": field(output, "COINIMP_PRIVATE_KEY"),
    };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await fetch(`${url}/api/v2/hashes?currency=MINTME`, { headers });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(statuses[10]).toBe(503);
    started.child.kill("SIGTERM");
    expect((await within(started.exited, WAIT_MS, "exit after SIGTERM")).code).toBe(0);
  });

  it("refuses a bad --port with exit code 2 and a one-line reason", async () => {
    const started = run(["--port", "nope"]);
    const { code } = await within(started.exited, WAIT_MS, "exit");
    expect(code).toBe(2);
    expect(started.stderr()).toMatch(/--port must be a port number, got nope\n$/);
    expect(started.stdout()).toBe("");
  });

  it("--help prints the usage and exits 0 without listening", async () => {
    const started = run(["--help"]);
    const { code } = await within(started.exited, WAIT_MS, "exit");
    expect(code).toBe(0);
    expect(started.stdout()).toMatch(/^Usage: cointap-sandbox \[--port 8787\]/);
    expect(started.stdout()).not.toContain("listening");
  });
});

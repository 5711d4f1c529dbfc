/**
 * No timer runs while nothing waits (DESIGN rule 10): once every call queued for the quota has been
 * abandoned, the limiter's wake-up timer is gone too — in this process (counted with
 * `process.getActiveResourcesInfo()`), and in a fresh `node` that must exit as soon as its calls
 * settle instead of sleeping out a quota interval.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHttpClient, type HttpClientOptions, type RateLimiter } from "../src/index.js";
import { json, stubFetch } from "./helpers/stub-fetch.js";
import { flushMicrotasks } from "./helpers/virtual-clock.js";

/** Timers alive in this process right now. */
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** Lets a macrotask turn pass (not a timer: it would count itself). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A client with its own bucket (capacity 1, one token per 20 s) on the real clock's `setTimeout`:
 * one call takes the token, five more queue, then all five are abandoned.
 */
async function queueAndAbandon(cache: false | undefined, settled: () => Promise<void>) {
  const stub = stubFetch(() => json(200, { ok: true }));
  const api = createHttpClient({
    baseURL: "https://api.example.test/v2",
    fetch: stub.fetch,
    retry: false,
    // Its own bucket (the real clock's buckets are shared per account in the process).
    rateLimit: { capacity: 1, refill: 1, interval: 20_000, account: `idle-${Math.random()}` },
    ...(cache === false && { cache }),
  } as HttpClientOptions);
  const limiter = api.rateLimiter as RateLimiter;
  await api.request({ method: "GET", path: "/first" });
  const controller = new AbortController();
  const reason = new Error("nobody waits any more");
  const calls = Array.from({ length: 5 }, (_, index) =>
    api.request({ method: "GET", path: `/queued/${index}`, signal: controller.signal }),
  );
  // Bounded: the five calls reach the queue within a few turns.
  for (let turn = 0; turn < 20 && limiter.queued < 5; turn++) await settled();
  expect(limiter.queued).toBe(5);
  controller.abort(reason);
  const outcomes = await Promise.allSettled(calls);
  expect(
    outcomes.every((outcome) => outcome.status === "rejected" && outcome.reason === reason),
    "all five rejected with the reason",
  ).toBe(true);
  expect(limiter.queued).toBe(0);
  expect(stub.calls).toHaveLength(1);
  await settled();
}

const KINDS = [
  ["cached GETs", undefined],
  ["uncached GETs", false],
] as const;

describe("after every queued call is abandoned, no timer is left", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const [kind, cache] of KINDS) {
    it(`${kind}: capacity 1, 5 calls queued then aborted → no timer of the client is pending (counted by fake timers)`, async () => {
      // Only setTimeout is faked: it counts exactly the timers the client starts.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      await queueAndAbandon(cache, flushMicrotasks);
      expect(vi.getTimerCount(), "timers the client left pending").toBe(0);
    });

    it(`${kind}: the same, counted by process.getActiveResourcesInfo()`, async () => {
      await tick();
      const before = timers();
      await queueAndAbandon(cache, tick);
      // The test runner's own timers come and go: give them a bounded number of turns.
      for (let turn = 0; turn < 50 && timers() > before; turn++) await tick();
      expect(timers(), "timers alive after every call settled").toBeLessThanOrEqual(before);
    });
  }
});

describe("a script exits as soon as its calls settle", () => {
  let scratch: string | undefined;
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    child = undefined;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it("node with 5 queued calls (quota interval 10 min), all aborted: exits by itself, code 0", async () => {
    // The core's source as one ES module for a plain `node` (Node 20 runs no TypeScript).
    const { build } = await import("esbuild");
    scratch = mkdtempSync(join(tmpdir(), "cointap-exits-"));
    const bundle = join(scratch, "core.mjs");
    await build({
      entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
      outfile: bundle,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "es2022",
      logLevel: "silent",
    });
    const script = `
      import { createHttpClient } from ${JSON.stringify(pathToFileURL(bundle).href)};
      const fetch = async () =>
        new Response('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } });
      const api = createHttpClient({
        baseURL: "https://api.example.test/v2",
        fetch,
        retry: false,
        rateLimit: { capacity: 1, refill: 1, interval: 600000 },
      });
      await api.request({ method: "GET", path: "/first" });
      const controller = new AbortController();
      const calls = Array.from({ length: 5 }, (_, i) =>
        api.request({ method: "GET", path: "/queued/" + i, signal: controller.signal }));
      for (let turn = 0; turn < 20 && api.rateLimiter.queued < 5; turn++)
        await new Promise((resolve) => setImmediate(resolve));
      console.log("queued", api.rateLimiter.queued);
      controller.abort(new Error("gone"));
      const outcomes = await Promise.allSettled(calls);
      console.log("rejected", outcomes.filter((o) => o.status === "rejected").length);
    `;
    const spawned = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = spawned;
    let stdout = "";
    let stderr = "";
    spawned.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    spawned.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    // Generous: a node start and five calls take well under a second; the old limiter slept 10 min.
    const exit = await new Promise<number | string>((resolve) => {
      const guard = setTimeout(() => resolve("still running after 8 s"), 8000);
      spawned.on("exit", (code, signal) => {
        clearTimeout(guard);
        resolve(code ?? String(signal));
      });
    });
    expect(stdout).toContain("queued 5");
    expect(stdout).toContain("rejected 5");
    expect(exit, `exit of the script (stderr: ${stderr.slice(0, 500)})`).toBe(0);
  });
});

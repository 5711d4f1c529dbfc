/**
 * A cached GET that every caller abandoned leaves the quota queue and is never sent: identical GETs
 * share one load, which stops only when the last of their callers gives up — while one caller
 * still waits, it keeps its place. (Without this, 10 000 abandoned reads stayed queued and were sent
 * later for nobody, spending quota: found by `pnpm bench`'s load figure.)
 */

import { describe, expect, it } from "vitest";
import { queuedClient } from "./helpers/queued-client.js";
import { flushMicrotasks } from "./helpers/virtual-clock.js";

const get = (path: string, signal: AbortSignal) => ({ method: "GET", path, signal }) as const;

describe("abandoned cached GETs leave the quota queue", () => {
  it("distinct GETs, each abandoned: none stays queued, none is sent", async () => {
    const { clock, api, sent, limiter } = queuedClient();
    await api.request({ method: "GET", path: "/first" });
    const controller = new AbortController();
    const calls = Array.from({ length: 1000 }, (_, index) =>
      api.request(get(`/read/${index}`, controller.signal)),
    );
    await flushMicrotasks();
    expect(limiter.queued).toBe(1000);
    controller.abort(new Error("left the page"));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);
    expect(limiter.queued).toBe(0);
    await clock.advance(3_600_000);
    expect(sent.map((call) => call.url.href)).toEqual(["https://api.example.test/first"]);
  });

  it("one GET shared by three callers: queued until the last one leaves", async () => {
    const { clock, api, sent, limiter } = queuedClient();
    await api.request({ method: "GET", path: "/first" });
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const calls = controllers.map((controller) =>
      api.request(get("/shared", controller.signal)).catch((reason: unknown) => reason),
    );
    await flushMicrotasks();
    expect(limiter.queued).toBe(1);
    controllers[0]?.abort("first left");
    controllers[1]?.abort("second left");
    expect(await calls[0]).toBe("first left");
    expect(await calls[1]).toBe("second left");
    // The third caller still waits: the shared load keeps its place, and is sent in its turn.
    expect(limiter.queued).toBe(1);
    await clock.advance(1000);
    expect(await calls[2]).toEqual({ ok: true });
    expect(sent).toHaveLength(2);
  });

  it("one GET shared by three callers, all leaving: never sent, and asked again it loads anew", async () => {
    const { clock, api, sent, limiter } = queuedClient();
    await api.request({ method: "GET", path: "/first" });
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const calls = controllers.map((controller) =>
      api.request(get("/shared", controller.signal)).catch((reason: unknown) => reason),
    );
    await flushMicrotasks();
    for (const [index, controller] of controllers.entries()) controller.abort(`caller ${index}`);
    expect(await Promise.all(calls)).toEqual(["caller 0", "caller 1", "caller 2"]);
    expect(limiter.queued).toBe(0);
    await clock.advance(60_000);
    expect(sent).toHaveLength(1);
    const again = api.request({ method: "GET", path: "/shared" });
    await clock.advance(1000);
    expect(await again).toEqual({ ok: true });
    expect(sent).toHaveLength(2);
  });
});

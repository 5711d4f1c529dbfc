/**
 * `createSandbox`: both APIs behind one `fetch` (and, on demand, one real HTTP server), with the
 * CoinImp quota, seeded state, a request log and fault injection.
 */

import { Hono } from "hono";
import { COINIMP_FAILURE_STATUS, coinImpApp } from "./coinimp.js";
import type { Network } from "./deposit-addresses.js";
import { decideFault, type FaultSpec, type Faults, routeOf, stalled } from "./faults.js";
import { type MalformedKind, malformedResponse } from "./malformed.js";
import { MIXCOINS_MAINTENANCE, MIXCOINS_STATUS, mixCoinsApp } from "./mixcoins.js";
import { QuotaBuckets, type QuotaShape } from "./quota.js";
import { hex, seededRandom } from "./random.js";
import { type RecordedRequest, recordForm, recordRequest } from "./request-log.js";
import { createState, type SandboxState } from "./state.js";

/** Time for the quota and latency; tests inject one to run minutes of quota at once. */
export interface SandboxClock {
  now(): number;
  /** Waits `ms`; without it, latency uses real timers. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The quotas the sandbox enforces; `false` turns one (or both) off. */
export interface SandboxQuota {
  /** Per public key. Default: CoinImp's documented 10 at once, then 3 per 60 s. */
  coinimp?: QuotaShape | false;
  /** Per token. Default: 30 at once, then 30 per 60 s (MixCoins documents no number). */
  mixcoins?: QuotaShape | false;
}

export interface SandboxOptions {
  /** Same seed, same keys, sites, users, payments and fault decisions. Default `"cointap"`. */
  seed?: string | number;
  quota?: SandboxQuota | false;
  clock?: SandboxClock;
  /** Milliseconds added to every request. */
  latency?: number;
  /** Faults by route; the object stays live (`sandbox.faults[route] = …`). */
  faults?: Faults;
  mixcoins?: {
    /**
     * The network the emulated MixCoins serves: deposit addresses come from it and payout
     * addresses must be shaped for it. Default: guessed per mix from the payout addresses
     * (testnet only when one of them can only be a testnet address).
     */
    network?: Network;
  };
}

export interface SandboxCredentials {
  coinimp: { publicKey: string; privateKey: string };
  mixcoins: { token: string };
}

/** A running server from `listen`. */
export interface SandboxServer {
  /** `http://127.0.0.1:PORT`, the base of both APIs (`/api/v2`, `/api/v1`, `/api/{currency}/mix`). */
  url: string;
  close(): Promise<void>;
}

export interface Sandbox {
  /** Has the signature of the global `fetch`; ignores the host and routes by path. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  credentials: SandboxCredentials;
  /** The live state: read it to assert effects, change it to set up a case. */
  state: SandboxState;
  /** Every request received, secrets replaced, in order. */
  requests: RecordedRequest[];
  /** The live fault table. */
  faults: Faults;
  /** Serves the same sandbox over real HTTP. */
  listen(options?: { port?: number; hostname?: string }): Promise<SandboxServer>;
}

/** What became of one request: an answer, or a dropped connection. */
export type Outcome = { response: Response } | { drop: true };

export const DEFAULT_COINIMP_QUOTA: QuotaShape = { capacity: 10, refill: 3, interval: 60_000 };
export const DEFAULT_MIXCOINS_QUOTA: QuotaShape = { capacity: 30, refill: 30, interval: 60_000 };

const realClock: Required<SandboxClock> = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

/** Builds a sandbox. Nothing listens on a port until `listen()`. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const seed = options.seed ?? "cointap";
  const mixNetwork = options.mixcoins?.network;
  if (mixNetwork !== undefined && mixNetwork !== "mainnet" && mixNetwork !== "testnet") {
    throw new TypeError(
      `mixcoins.network must be "mainnet" or "testnet", got ${String(mixNetwork)}`,
    );
  }
  const clock = options.clock ?? realClock;
  const now = () => clock.now();
  const sleep = clock.sleep ? clock.sleep.bind(clock) : realClock.sleep;
  // Separate streams, so adding a fault never changes the generated data, nor a mix the faults.
  const credentials: SandboxCredentials = (() => {
    const random = seededRandom(`${seed}:credentials`);
    return {
      coinimp: { publicKey: hex(random, 64), privateKey: hex(random, 64) },
      mixcoins: { token: hex(random, 64) },
    };
  })();
  const state = createState(seededRandom(`${seed}:state`));
  const faultRandom = seededRandom(`${seed}:faults`);
  const faultUse = new WeakMap<FaultSpec, number>();
  const faults: Faults = options.faults ?? {};
  const requests: RecordedRequest[] = [];
  const quotaFor = (api: "coinimp" | "mixcoins", fallback: QuotaShape) => {
    if (options.quota === false) return undefined;
    const shape = options.quota?.[api];
    return shape === false ? undefined : new QuotaBuckets(shape ?? fallback, now);
  };

  // One set of buckets for v1 and v2: the quota is per key, whichever way the key is sent.
  const coinImpQuota = quotaFor("coinimp", DEFAULT_COINIMP_QUOTA);
  const app = new Hono();
  app.route("/api/v2", coinImpApp("v2", state, credentials.coinimp, coinImpQuota));
  app.route("/api/v1", coinImpApp("v1", state, credentials.coinimp, coinImpQuota));
  app.route(
    "/",
    mixCoinsApp(
      state,
      credentials.mixcoins.token,
      quotaFor("mixcoins", DEFAULT_MIXCOINS_QUOTA),
      seededRandom(`${seed}:mixes`),
      mixNetwork,
    ),
  );
  app.notFound((c) =>
    c.json(
      { status: "failure", message: "Unknown API method" },
      COINIMP_FAILURE_STATUS.unknownEndpoint,
    ),
  );

  async function handle(request: Request): Promise<Outcome> {
    const route = routeOf(request.method, new URL(request.url).pathname);
    const entry = recordRequest(request, route, now());
    requests.push(entry);
    const fault = decideFault(faults, route, faultRandom, faultUse, options.latency ?? 0);
    const logged = recordForm(entry, request.clone());
    if (fault.latency > 0) {
      try {
        await sleep(fault.latency, request.signal);
      } catch (reason) {
        entry.outcome = "aborted";
        throw reason;
      }
    }
    await logged;
    if (fault.kind === "reset") {
      entry.outcome = "reset";
      return { drop: true };
    }
    if (fault.kind === "status") {
      const status = fault.spec?.status ?? 500;
      entry.outcome = "injected-status";
      entry.status = status;
      return { response: injectedStatus(entry.api, status, fault.spec?.retryAfter) };
    }
    if (fault.kind === "malformed") {
      // Answered in front of the API, like a status fault: nothing processed, no quota spent.
      const { malformed, status, retryAfter } = fault.spec ?? {};
      const response = malformedResponse(malformed as MalformedKind, status, retryAfter, {
        api: entry.api,
        answered: undefined,
      });
      entry.outcome = "malformed";
      entry.status = response.status;
      return { response };
    }
    const response = await app.fetch(request);
    entry.status = response.status;
    if (fault.kind === "apply-then-malformed") {
      // The API did its work; its answer is replaced on the way back.
      const { malformed, status, retryAfter } = fault.spec ?? {};
      const broken = malformedResponse(malformed as MalformedKind, status, retryAfter, {
        api: entry.api,
        answered: await response.text(),
      });
      entry.outcome = "applied-then-malformed";
      entry.status = broken.status;
      return { response: broken };
    }
    if (fault.kind === "apply-then-drop") {
      entry.outcome = "applied-then-dropped";
      entry.status = undefined;
      return { drop: true };
    }
    if (fault.kind === "stall") {
      entry.outcome = "stalled";
      return { response: await stalled(response, request.signal) };
    }
    return { response };
  }

  return {
    fetch: async (input, init) => {
      const request = new Request(input, init);
      // As the global fetch: a request whose signal has already aborted is never sent.
      if (request.signal.aborted) throw request.signal.reason;
      const outcome = await handle(request);
      if ("drop" in outcome) throw connectionReset();
      return outcome.response;
    },
    credentials,
    state,
    requests,
    faults,
    listen: async (listenOptions) => (await import("./listen.js")).listen(handle, listenOptions),
  };
}

/** The error `fetch` gives when the server drops the connection (as undici words it). */
function connectionReset(): TypeError {
  const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  return new TypeError("fetch failed", { cause });
}

function injectedStatus(
  api: RecordedRequest["api"],
  status: number,
  retryAfter: number | undefined,
): Response {
  // MixCoins' own 503 says what it is; its clients may take only that wording as "not processed".
  const message =
    api === "mixcoins" && status === MIXCOINS_STATUS.maintenance
      ? MIXCOINS_MAINTENANCE
      : `Injected fault: HTTP ${status}`;
  const body = api === "mixcoins" ? { error: message } : { status: "failure", message };
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return new Response(JSON.stringify(body), { status, headers });
}

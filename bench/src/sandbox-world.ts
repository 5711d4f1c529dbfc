/** The in-process sandbox on a virtual clock, as the quota and cache benchmarks use it. */

import { createSandbox, type Sandbox, type SandboxQuota, type SandboxSite } from "@cointap/sandbox";
import { type SettlingFetch, settlingFetch } from "./settling-fetch.js";
import { VirtualClock } from "./virtual-clock.js";

export interface World {
  clock: VirtualClock;
  sandbox: Sandbox;
  /** The sandbox's `fetch`, counted, to hand to the client. */
  wire: SettlingFetch;
}

/** A sandbox whose quota (if on) counts time on the same virtual clock the client will use. */
export function sandboxWorld(seed: string, quota?: SandboxQuota | false): World {
  const clock = new VirtualClock();
  const sandbox = createSandbox({ seed, clock, ...(quota === undefined ? {} : { quota }) });
  return { clock, sandbox, wire: settlingFetch(sandbox.fetch) };
}

/** The first site mining `currency`; the sandbox always generates one of each. */
export function siteMining(sandbox: Sandbox, currency: "MINTME" | "XMR"): SandboxSite {
  const site = sandbox.state.coinimp.sites.find((candidate) => candidate.currency === currency);
  if (!site) throw new Error(`the sandbox has no ${currency} site`);
  return site;
}

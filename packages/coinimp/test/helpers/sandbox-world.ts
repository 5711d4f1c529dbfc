/**
 * What the sandbox's state says a call must return, computed here from the raw state (atomic units
 * as `bigint`) with arithmetic of the test's own — neither the sandbox's formatter nor the client's
 * decimal code — and where a recorded request put the keys.
 */

import type { RecordedRequest, Sandbox, SandboxSite, SandboxUser } from "@cointap/sandbox";
import { expect } from "vitest";
import { CoinImp, type CoinImpOptions, type Currency, type UserBalance } from "../../src/index.js";

export type ApiVersion = "v1" | "v2";
export const VERSIONS: readonly ApiVersion[] = ["v2", "v1"];
export const CURRENCIES: readonly Currency[] = ["MINTME", "XMR"];

/** The sandbox keeps both currencies in atomic units of 12 decimals. */
const SCALE = 12;

/** Atomic units → the canonical decimal string (no trailing zeros, "0" for zero). */
export function decimal(units: bigint): string {
  const digits = units.toString().padStart(SCALE + 1, "0");
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

export function sitesIn(sandbox: Sandbox, currency: Currency): SandboxSite[] {
  return sandbox.state.coinimp.sites.filter((site) => site.currency === currency);
}

/** The first site of `currency` (every seed has sites in both). */
export function siteOf(sandbox: Sandbox, currency: Currency): SandboxSite {
  const site = sitesIn(sandbox, currency)[0];
  if (!site) throw new Error(`no ${currency} site in the seeded state`);
  return site;
}

export function firstUser(site: SandboxSite): SandboxUser {
  const user = [...site.users.values()][0];
  if (!user) throw new Error(`no user on ${site.name}`);
  return user;
}

/** A user's balance as the client must return it, from the state as it is now. */
export function expectedBalance(sandbox: Sandbox, site: SandboxSite, name: string): UserBalance {
  const user = site.users.get(name);
  if (!user) throw new Error(`no user ${name} on ${site.name}`);
  const rate = sandbox.state.coinimp.payoutPer1M[site.currency];
  return {
    name,
    pending: decimal((BigInt(user.hashes) * rate) / 1_000_000n),
    withdrawn: user.withdrawn,
    hashes: user.hashes,
    hashRate: user.hashRate,
  };
}

/** A client of the sandbox's in-process `fetch`, outside any quota unless the test says so. */
export function clientOf(
  sandbox: Sandbox,
  apiVersion: ApiVersion,
  options: Partial<CoinImpOptions> = {},
): CoinImp {
  return new CoinImp({
    ...sandbox.credentials.coinimp,
    apiVersion,
    fetch: sandbox.fetch,
    rateLimit: false,
    ...options,
  });
}

/** The one request the sandbox received (fails when it received none or several). */
export function onlyRequest(sandbox: Sandbox): RecordedRequest {
  expect(sandbox.requests).toHaveLength(1);
  return sandbox.requests[0] as RecordedRequest;
}

/** The request's query without the v1 key parameters: what the call itself sent. */
export function wireParams(request: RecordedRequest): Record<string, string> {
  const { public: _public, private: _private, ...params } = request.query;
  return params;
}

/** v2: both keys in `X-API-ID` / `X-API-KEY` and none in the query; v1: the reverse. */
export function expectKeysSent(request: RecordedRequest, version: ApiVersion): void {
  const inHeaders = { id: request.headers["x-api-id"], key: request.headers["x-api-key"] };
  const inQuery = { id: request.query.public, key: request.query.private };
  const redacted = { id: "[REDACTED]", key: "[REDACTED]" };
  const absent = { id: undefined, key: undefined };
  expect(version === "v2" ? inHeaders : inQuery).toEqual(redacted);
  expect(version === "v2" ? inQuery : inHeaders).toEqual(absent);
  // Nowhere else either: not in a form body.
  expect(request.form?.filter(([name]) => name === "public" || name === "private") ?? []).toEqual(
    [],
  );
}

/** The requests the sandbox received on one route, in order. */
export function requestsOn(sandbox: Sandbox, route: RecordedRequest["route"]): RecordedRequest[] {
  return sandbox.requests.filter((request) => request.route === route);
}

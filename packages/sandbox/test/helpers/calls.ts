/** Plain-fetch requests against a sandbox, as a client would send them (no cointap client). */

import type { Sandbox } from "../../src/index.js";

export const COINIMP_V2 = "https://www.coinimp.com/api/v2";
export const COINIMP_V1 = "https://www.coinimp.com/api/v1";
export const MIXCOINS = "https://mixcoins.xyz/api";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The CoinImp v2 key headers for `sandbox`. */
export function coinImpHeaders(sandbox: Sandbox): Record<string, string> {
  return {
    "X-API-ID": sandbox.credentials.coinimp.publicKey,
    "X-API-KEY": sandbox.credentials.coinimp.privateKey,
  };
}

/** A v2 GET, e.g. `coinImpGet(sandbox, "hashes", { currency: "MINTME" })`. */
export function coinImpGet(
  sandbox: Sandbox,
  path: string,
  query: Record<string, string> = {},
  options: { base?: string; fetch?: FetchLike; signal?: AbortSignal } = {},
): Promise<Response> {
  const url = `${options.base ?? COINIMP_V2}/${path}?${new URLSearchParams(query)}`;
  const init: RequestInit = { headers: coinImpHeaders(sandbox) };
  if (options.signal) init.signal = options.signal;
  return (options.fetch ?? sandbox.fetch)(url, init);
}

/** The first site and one of its users that has at least `hashes` hashes. */
export function siteWithUser(sandbox: Sandbox, hashes = 1) {
  for (const site of sandbox.state.coinimp.sites) {
    for (const user of site.users.values()) {
      if (user.hashes >= hashes) return { site, user };
    }
  }
  throw new Error("the seeded state has no user with enough hashes");
}

/** `POST user/withdraw` as a urlencoded form (v2 keys). */
export function withdraw(
  sandbox: Sandbox,
  fields: { siteKey: string; user: string; amount: number | string },
  options: { base?: string; fetch?: FetchLike; signal?: AbortSignal } = {},
): Promise<Response> {
  const body = new URLSearchParams({
    "site-key": fields.siteKey,
    user: fields.user,
    amount: String(fields.amount),
  });
  const init: RequestInit = { method: "POST", headers: coinImpHeaders(sandbox), body };
  if (options.signal) init.signal = options.signal;
  return (options.fetch ?? sandbox.fetch)(`${options.base ?? COINIMP_V2}/user/withdraw`, init);
}

/** `curl -F "address[]=…" -F "address[]=…" -F "amount=…"`. */
export function mixForm(addresses: readonly string[], amount: string): FormData {
  const form = new FormData();
  for (const address of addresses) form.append("address[]", address);
  form.append("amount", amount);
  return form;
}

/** `POST {base}/{currency}/mix` with the sandbox's token (or `token`), multipart by default. */
export function createMix(
  sandbox: Sandbox,
  currency: string,
  addresses: readonly string[],
  amount: string,
  options: {
    base?: string;
    fetch?: FetchLike;
    signal?: AbortSignal;
    token?: string | null;
    body?: BodyInit;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const token = options.token === undefined ? sandbox.credentials.mixcoins.token : options.token;
  if (token !== null) headers["X-Api-Token"] = token;
  const init: RequestInit = {
    method: "POST",
    headers,
    body: options.body ?? mixForm(addresses, amount),
  };
  if (options.signal) init.signal = options.signal;
  return (options.fetch ?? sandbox.fetch)(`${options.base ?? MIXCOINS}/${currency}/mix`, init);
}

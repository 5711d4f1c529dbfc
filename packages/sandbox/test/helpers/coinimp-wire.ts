/**
 * Plain-`fetch` helpers for driving the sandbox's CoinImp API in tests. Deliberately no cointap
 * client: the sandbox is the oracle the clients are checked against.
 */

import { expect } from "vitest";
import type { Sandbox } from "../../src/index.ts";

export const COINIMP_BASE = {
  v1: "https://www.coinimp.com/api/v1",
  v2: "https://www.coinimp.com/api/v2",
} as const;
export type ApiVersion = keyof typeof COINIMP_BASE;
export const VERSIONS: readonly ApiVersion[] = ["v2", "v1"];

/** A decimal string as the live API sends money: no exponent, no trailing fractional zeros. */
export const DECIMAL = /^\d+(\.\d*[1-9])?$/;
export const HEX64 = /^[0-9a-f]{64}$/;

export interface WireCall {
  /** Default `"v2"`. */
  version?: ApiVersion;
  /** Default `"GET"` (or `"POST"` when `form` is given). */
  method?: string;
  /** E.g. `"/hashes"`. */
  path: string;
  query?: Record<string, string>;
  /** Sent urlencoded. */
  form?: Record<string, string>;
  /** Keys to present; default the sandbox's own; `null` presents none. Absent fields are not sent. */
  keys?: { publicKey?: string; privateKey?: string } | null;
  /** Where the keys go; default the version's own place (v2 headers, v1 query). */
  keysIn?: "headers" | "query";
}

export interface WireAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Sends one CoinImp request through `sandbox.fetch` and reads the whole answer. */
export async function callCoinImp(sandbox: Sandbox, call: WireCall): Promise<WireAnswer> {
  const version = call.version ?? "v2";
  const url = new URL(`${COINIMP_BASE[version]}${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const headers = new Headers();
  const keys = call.keys === undefined ? sandbox.credentials.coinimp : call.keys;
  const keysIn = call.keysIn ?? (version === "v2" ? "headers" : "query");
  if (keys) {
    if (keysIn === "headers") {
      if (keys.publicKey !== undefined) headers.set("X-API-ID", keys.publicKey);
      if (keys.privateKey !== undefined) headers.set("X-API-KEY", keys.privateKey);
    } else {
      if (keys.publicKey !== undefined) url.searchParams.set("public", keys.publicKey);
      if (keys.privateKey !== undefined) url.searchParams.set("private", keys.privateKey);
    }
  }
  const init: RequestInit = { method: call.method ?? (call.form ? "POST" : "GET"), headers };
  if (call.form) init.body = new URLSearchParams(call.form);
  const response = await sandbox.fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Asserts a 200 `{"status":"success","message":…}` and returns the message. */
export function successMessage<T = unknown>(answer: WireAnswer): T {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  const body = answer.body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["message", "status"]);
  expect(body.status).toBe("success");
  return body.message as T;
}

/** Asserts `{"status":"failure","message":<non-empty string>}` with `status`. */
export function expectFailure(answer: WireAnswer, status: number): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.body).toEqual({ status: "failure", message: expect.any(String) });
  expect((answer.body as { message: string }).message.length).toBeGreaterThan(0);
}

/**
 * Atomic units with 12 decimals as a plain decimal string: the oracle's own formatting, so a test
 * does not reuse the arithmetic it checks.
 */
export function atomic12(units: bigint): string {
  const digits = units.toString().padStart(13, "0");
  const whole = digits.slice(0, -12);
  const fraction = digits.slice(-12).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A copy of the state that `toEqual` can compare (BigInt as strings, Maps as entries). */
export function snapshot(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return `${v}n`;
      if (v instanceof Map) return [...v.entries()];
      return v;
    }),
  );
}

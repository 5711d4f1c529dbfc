/**
 * The secret-leak finder every secrets test shares: renders an error (and its cause chain) every
 * way it is commonly shown, and fails if any rendering holds a secret in any encoding, or any
 * 10-character piece of one (a key cut in half is still a leak).
 */

import { format, inspect } from "node:util";
import { expect } from "vitest";
import { CointapError } from "../../src/index.js";

/** Every form in which a secret could show up: raw, URL-encoded, form-encoded, JSON-escaped. */
export function encodings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ k: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** Every 10-character piece of a secret. */
export function pieces(secret: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + 10 <= secret.length; start++) {
    found.push(secret.slice(start, start + 10));
  }
  return found;
}

/** Every way an error is commonly shown, for the error and each cause in its chain, labelled. */
export function renderings(error: unknown): [label: string, text: string][] {
  const shown: [string, string][] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    const label = depth === 0 ? "error" : `cause#${depth}`;
    shown.push([`String(${label})`, String(current)]);
    shown.push([`JSON.stringify(${label})`, JSON.stringify(current) ?? ""]);
    shown.push([`inspect(${label})`, inspect(current, { depth: 10 })]);
    shown.push([
      `inspect(${label}, showHidden)`,
      inspect(current, { depth: 10, showHidden: true }),
    ]);
    shown.push([`format("%o", ${label})`, format("%o", current)]);
    if (current instanceof Error) {
      shown.push([`${label}.message`, current.message]);
      shown.push([`${label}.stack`, current.stack ?? ""]);
      shown.push([`{...${label}}`, inspect({ ...current }, { depth: 10 })]);
    }
    if (current instanceof CointapError) {
      shown.push([`${label}.toJSON()`, JSON.stringify(current.toJSON())]);
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return shown;
}

/** Fails when `text` holds any encoding or piece of any secret. */
export function expectNoSecretIn(text: string, secrets: readonly string[], what: string): void {
  for (const secret of secrets) {
    for (const needle of [...encodings(secret), ...pieces(secret)]) {
      // `expect` only on a hit, with the same message: hundreds of passing `expect`s per error
      // cost ~10 ms, which the fuzz tests (thousands of errors) cannot afford.
      const found = text.includes(needle);
      if (found) expect(found, `${what} contains ${JSON.stringify(needle)}`).toBe(false);
    }
  }
}

/** Fails when any rendering of `error` holds a secret. */
export function expectNoSecrets(error: unknown, secrets: readonly string[], what = "error"): void {
  for (const [label, text] of renderings(error)) {
    expectNoSecretIn(text, secrets, `${what}: ${label}`);
  }
}

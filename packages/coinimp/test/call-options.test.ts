/**
 * Every call's options (`{ signal, timeout, cache }`) are checked like its parameters: a last
 * argument that is not an object, or holds an option of the wrong type, is a `ValidationError`
 * and nothing is sent — never silently ignored (a `cache: "no"` that read from the cache, a
 * `timeout: "5s"` that waited 30 s).
 */

import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/index.js";
import { SITE_KEY, stubClient, success } from "./helpers/stub-fetch.js";

const BAD_OPTIONS: [string, unknown][] = [
  ["a string", "x"],
  ["a number", 42],
  ["null", null],
  ["an array", []],
  ["signal: null", { signal: null }],
  ["signal: {}", { signal: {} }],
  ["timeout: '5000'", { timeout: "5000" }],
  ["timeout: 3e9", { timeout: 3e9 }],
  ["cache: 'no'", { cache: "no" }],
  ["cache: { ttl: NaN }", { cache: { ttl: Number.NaN } }],
  ["cache: { ttl: '50' }", { cache: { ttl: "50" } }],
];

describe("call options of the wrong type: ValidationError, nothing sent", () => {
  it.each(BAD_OPTIONS)("a read with %s", async (_name, options) => {
    const { api, calls } = stubClient(() => success(1));
    const error = await api.hashes({ currency: "XMR" }, options as never).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it.each(BAD_OPTIONS)("a withdrawal with %s", async (_name, options) => {
    const { api, calls } = stubClient(() => success({}));
    const error = await api.users
      .withdraw({ siteKey: SITE_KEY, user: "alice", amount: 1 }, options as never)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });
});

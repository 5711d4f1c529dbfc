/**
 * A CoinImp key holding CR, LF or NUL (it would split the `X-API-ID` / `X-API-KEY` header, or the
 * v1 query) is a `ValidationError` from `new CoinImp(…)` itself, which never repeats the key.
 */

import { describe, expect, it } from "vitest";
import { CONTROL_CHARACTERS } from "../../core/test/helpers/control-characters.js";
import { expectNoSecrets } from "../../core/test/helpers/leaks.js";
import { CoinImp, ValidationError } from "../src/index.js";
import { PRIVATE_KEY, PUBLIC_KEY, stubFetch, success } from "./helpers/stub-fetch.js";

const CONTROL = CONTROL_CHARACTERS;

function construct(publicKey: string, privateKey: string, apiVersion: "v1" | "v2") {
  const stub = stubFetch(() => success(1));
  let thrown: unknown;
  try {
    new CoinImp({ publicKey, privateKey, apiVersion, fetch: stub.fetch });
  } catch (error) {
    thrown = error;
  }
  return { thrown, sent: stub.calls.length };
}

describe("new CoinImp: a key with CR, LF or NUL is a ValidationError at construction", () => {
  for (const apiVersion of ["v2", "v1"] as const) {
    for (const [name, control] of CONTROL) {
      it(`publicKey with ${name} (${apiVersion})`, () => {
        const bad = `pub-sentinel-4d2e${control}X-Evil: 1`;
        const { thrown, sent } = construct(bad, PRIVATE_KEY, apiVersion);
        expect(thrown).toBeInstanceOf(ValidationError);
        expectNoSecrets(thrown, [bad, PRIVATE_KEY], `publicKey with ${name}`);
        expect(JSON.stringify(thrown)).not.toContain("X-Evil");
        expect(sent).toBe(0);
      });

      it(`privateKey with ${name} (${apiVersion})`, () => {
        const bad = `priv-sentinel-8b1f${control}X-Evil: 1`;
        const { thrown, sent } = construct(PUBLIC_KEY, bad, apiVersion);
        expect(thrown).toBeInstanceOf(ValidationError);
        expectNoSecrets(thrown, [bad, PUBLIC_KEY], `privateKey with ${name}`);
        expect(JSON.stringify(thrown)).not.toContain("X-Evil");
        expect(sent).toBe(0);
      });
    }
  }

  it('the brief\'s example: publicKey "pub\\r\\nX-Evil: 1"', () => {
    const { thrown, sent } = construct("pub\r\nX-Evil: 1", PRIVATE_KEY, "v2");
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(thrown)).not.toContain("X-Evil");
    expect(sent).toBe(0);
  });
});

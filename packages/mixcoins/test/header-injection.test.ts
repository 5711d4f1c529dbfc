/**
 * A MixCoins token holding CR, LF or NUL (it would split the `X-Api-Token` header) is a
 * `ValidationError` from `new MixCoins(…)` itself, which never repeats the token.
 */

import { describe, expect, it } from "vitest";
import { CONTROL_CHARACTERS } from "../../core/test/helpers/control-characters.js";
import { expectNoSecrets } from "../../core/test/helpers/leaks.js";
import { json, stubFetch } from "../../core/test/helpers/stub-fetch.js";
import { MixCoins, ValidationError } from "../src/index.js";

const CONTROL = CONTROL_CHARACTERS;

function construct(token: string) {
  const stub = stubFetch(() => json(200, {}));
  let thrown: unknown;
  try {
    new MixCoins({ token, fetch: stub.fetch });
  } catch (error) {
    thrown = error;
  }
  return { thrown, sent: stub.calls.length };
}

describe("new MixCoins: a token with CR, LF or NUL is a ValidationError at construction", () => {
  it('the brief\'s example: token "tok\\nen"', () => {
    const { thrown, sent } = construct("tok\nen");
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(sent).toBe(0);
  });

  for (const [name, control] of CONTROL) {
    it(`token with ${name}: refused, the token not repeated`, () => {
      const token = `mixcoins-token-sentinel-5c3d${control}X-Evil: 1`;
      const { thrown, sent } = construct(token);
      expect(thrown).toBeInstanceOf(ValidationError);
      expectNoSecrets(thrown, [token], `token with ${name}`);
      expect(JSON.stringify(thrown)).not.toContain("X-Evil");
      expect(sent).toBe(0);
    });
  }
});

/** The README's "Schemas" example, as written there: what it prints is what it says. */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { responses, userBalance } from "../src/schemas/index.js";

describe("README: Schemas", () => {
  it("checks a stored balance and refuses a count of 1e400", () => {
    const stored = {
      name: "alice",
      pending: "0.745948501826",
      withdrawn: "876051",
      hashes: 2344703,
      hashRate: 12.3,
    };
    expect(z.parse(userBalance, stored)).toStrictEqual({
      name: "alice",
      pending: "0.745948501826",
      withdrawn: 876051,
      hashes: 2344703,
      hashRate: "12.3",
    });
    const answer = z.safeParse(responses.hashes, { status: "success", message: "1e400" });
    expect([answer.success, answer.error?.issues[0]?.message]).toEqual([
      false,
      'expected a whole count, got "1e400"',
    ]);
  });
});

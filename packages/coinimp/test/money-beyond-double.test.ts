/**
 * An amount beyond a double's range is refused whether it comes as a number (`1e400`, which JSON
 * reads as Infinity) or as text (`"1e400"`, `"1e1000"`): no balance is 10^400, and `count`
 * refuses the same strings.
 */

import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { responses, userBalance } from "../src/schemas/index.js";

describe("an exponent string no amount could be", () => {
  it.each(["1e400", "1e1000", "1E+999"])("reward %j is refused", (message) => {
    expect(z.safeParse(responses.reward, { status: "success", message }).success).toBe(false);
  });

  it('pending "1e400" is refused', () => {
    const stored = { name: "a", pending: "1e400", withdrawn: 0, hashes: 0, hashRate: "0" };
    expect(z.safeParse(userBalance, stored).success).toBe(false);
  });
});

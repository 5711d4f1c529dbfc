/** The README's "Schemas" example, as written there: what it prints is what it says. */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { mixParams, mixResult } from "../src/schemas/index.js";

describe("README: Schemas", () => {
  it("turns parameters into what is sent, and refuses a stored reply paying back to the payout", () => {
    const request = z.parse(mixParams("mainnet"), {
      currency: "BTC",
      addresses: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
      amount: 0.5,
    });
    expect(request).toStrictEqual({
      currency: "btc",
      addresses: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
      amount: "0.5",
    });
    const stored = {
      currency: "btc",
      amount: "0.5",
      address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    };
    expect(z.safeParse(mixResult(request, "mainnet"), stored).error?.issues[0]?.message).toBe(
      "deposit address refused: it is one of the payout addresses",
    );
  });
});

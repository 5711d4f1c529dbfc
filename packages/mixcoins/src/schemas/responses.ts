/**
 * The reply to a mix: `{ currency, amount, address, address_legacy }`. `mixReply` reads its shape;
 * `mixResult` also checks it is the mix that was asked for and that its deposit address is one
 * coins may be sent to, and turns it into the `Mix` the client returns. Any problem is a
 * `ResponseValidationError`: the mix may exist, but nobody may be told to pay into it.
 */

import { amount, convert, expected, record, string } from "@cointap/core/schema-parts";
import * as z from "zod/mini";
import { bchDestination } from "../addresses/bch.js";
import { checkAddress, type Network } from "../addresses/index.js";
import { paysOut } from "../destinations.js";
import type { MixRequest } from "./inputs.js";

/** The reply's shape, its amount an exact positive decimal string. */
export const mixReply = record({
  currency: string,
  amount: amount(true),
  address: string,
  address_legacy: convert(
    (value) => (value == null ? null : typeof value === "string" ? value : undefined),
    expected("a string or null"),
  ),
});

type Reply = z.output<typeof mixReply>;

/**
 * A reply of the right shape, checked as the answer to the mix `asked` on `network`, as the `Mix`
 * the client returns. (Apart from the shape: a reply that cannot be read leaves the mix's outcome
 * unknown, one read and refused is a `ResponseValidationError`.)
 */
export function mixDeposit(asked: MixRequest, network: Network) {
  return z.transform((reply: Reply, context) => {
    for (const [path, message] of depositIssues(reply, asked, network))
      context.issues.push({ code: "custom", path: [path], message, input: reply });
    const legacy = reply.address_legacy ?? null;
    // `address`: the old name, kept one release as a plain copy, so spreads, clones and JSON keep it.
    return {
      currency: asked.currency,
      /** Exact decimal string: the amount asked for. */
      amount: reply.amount,
      /**
       * Where to send the coins to be mixed — checked valid for the currency and network, and
       * not one of the payout addresses.
       */
      depositAddress: reply.address,
      /** @deprecated The same as `depositAddress`; removed in the next minor release. */
      address: reply.address,
      /** The same deposit address in legacy form (bch), or `null`. */
      addressLegacy: legacy,
    };
  });
}

/** The whole reply to the mix `asked` on `network` → the `Mix`: its shape, then its deposit. */
export function mixResult(asked: MixRequest, network: Network) {
  return z.pipe(mixReply, mixDeposit(asked, network));
}

/** A mix created by MixCoins. */
export type Mix = z.output<ReturnType<typeof mixDeposit>>;

/** What is wrong with a reply as the answer to `asked`: `[field, message]` pairs. */
function depositIssues(reply: Reply, asked: MixRequest, network: Network): [string, string][] {
  const { currency, addresses } = asked;
  const issues: [string, string][] = [];
  // The amount to send is the one asked for: another (rounded, re-scaled, 1e400) is not this mix.
  if (reply.amount !== asked.amount)
    issues.push([
      "amount",
      `the mix was asked for ${asked.amount}, the reply says ${reply.amount.slice(0, 40)}`,
    ]);
  if (reply.currency.toLowerCase() !== currency)
    issues.push(["currency", `the mix was asked in ${currency}, the reply says ${reply.currency}`]);
  const deposit = checkAddress(currency, reply.address, { network });
  if (!deposit.valid) issues.push(["address", `deposit address refused: ${deposit.reason}`]);
  else if (paysOut(reply.address, addresses, currency, network))
    // Coins paid in would go straight back out, unmixed (or the reply is not MixCoins' at all).
    issues.push(["address", "deposit address refused: it is one of the payout addresses"]);
  const legacy = reply.address_legacy ?? null;
  if (legacy === null) return issues;
  // Only Bitcoin Cash has a second, legacy form of the same address.
  if (currency !== "bch") {
    issues.push(["address_legacy", `a ${currency} reply has no legacy address`]);
    return issues;
  }
  const check = checkAddress(currency, legacy, { network });
  if (!check.valid)
    issues.push(["address_legacy", `legacy deposit address refused: ${check.reason}`]);
  else if (paysOut(legacy, addresses, currency, network))
    issues.push([
      "address_legacy",
      "legacy deposit address refused: it is one of the payout addresses",
    ]);
  else if (
    deposit.valid &&
    bchDestination(legacy, network) !== bchDestination(reply.address, network)
  )
    // Offered as the same address in another form: paying into it must reach the same output.
    issues.push([
      "address_legacy",
      "legacy deposit address refused: it is not the same destination as address",
    ]);
  return issues;
}

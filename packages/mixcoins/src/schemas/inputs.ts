/**
 * What a mix takes: `{ currency, addresses, amount }`, checked before anything is sent and turned
 * into exactly what is sent — the currency lower case, a new array of the payout addresses (read
 * once each, by index: a hole is refused, never skipped), the amount as its canonical decimal
 * string. How addresses and amounts are checked depends on the currency (and the network), so the
 * currency is read first and picks the rest.
 */

import { toAmount, ValidationError } from "@cointap/core";
import { accepting, convert, mustBe, params, Refusal } from "@cointap/core/schema-parts";
import * as z from "zod/mini";
import {
  checkAddress,
  MIX_CURRENCIES,
  type MixCurrency,
  type Network,
} from "../addresses/index.js";
import { CURRENCY_DECIMALS, MAX_PAYOUTS } from "../currencies.js";
import { destinationKey } from "../destinations.js";

/** `btc`, `bch` or `eth`, in any case → lower case. */
export const mixCurrency = accepting<MixCurrency | Uppercase<MixCurrency> | (string & {})>()(
  convert((value) => {
    const lower = typeof value === "string" ? value.toLowerCase() : undefined;
    return MIX_CURRENCIES.find((currency) => currency === lower);
  }, mustBe('"btc", "bch" or "eth"')),
);

/** One payout address, valid and spendable for the currency on the network. */
export function payoutAddress(currency: MixCurrency, network: Network) {
  return accepting<string>()(
    convert((value) => {
      const check = checkAddress(currency, value, { network });
      return check.valid ? (value as string) : new Refusal(check.reason);
    }),
  );
}

/** An array of 1 to {@link MAX_PAYOUTS} elements, before any element is read. */
const payoutCount = convert((value) => {
  if (!Array.isArray(value)) return new Refusal("must be an array of payout addresses");
  // Its length read once (a proxy may answer each read differently), and the elements copied by
  // index: what is checked after, and sent, is this copy.
  const count: number = value.length;
  if (count === 0) return new Refusal("must list at least one payout address");
  if (!(count <= MAX_PAYOUTS))
    return new Refusal(`lists ${count} addresses; at most ${MAX_PAYOUTS}`);
  return Array.from({ length: count }, (_, index): unknown => value[index]);
});

/** No destination twice (see destinations.ts): each repeat is an issue at its index. */
function distinct(currency: MixCurrency, network: Network) {
  return z.transform((addresses: string[], context) => {
    const seen = new Map<string, number>();
    addresses.forEach((address, index) => {
      const key = destinationKey(currency, address, network);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        context.issues.push({
          code: "custom",
          path: [index],
          message: `repeats addresses[${first}]`,
          input: address,
        });
    });
    return addresses;
  });
}

/** The payout addresses of a mix: a new array, each element checked. */
export function payoutAddresses(currency: MixCurrency, network: Network) {
  return accepting<readonly string[]>()(
    z.pipe(
      z.pipe(payoutCount, z.array(payoutAddress(currency, network))),
      distinct(currency, network),
    ),
  );
}

/** The amount to mix in a currency → its canonical decimal string (see the core's `toAmount`). */
export function mixAmount(currency: MixCurrency) {
  return accepting<string | number>()(
    convert((value) => {
      try {
        return toAmount(value, { maxDecimals: CURRENCY_DECIMALS[currency] });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return new Refusal(error.issues[0]?.message ?? "is not a valid amount");
      }
    }),
  );
}

/** A mix's addresses and amount, checked for one currency. */
function mixOf(currency: MixCurrency, network: Network) {
  return params({
    addresses: payoutAddresses(currency, network),
    amount: mixAmount(currency),
  });
}

type MixOf = ReturnType<typeof mixOf>;

/** What `mixes.create` takes. */
export type CreateMixParams = z.input<MixOf> & {
  /** `"btc"`, `"bch"` or `"eth"` (any case). */
  currency: z.input<typeof mixCurrency>;
};

/** What is sent for a mix: its currency, its payout addresses and its canonical amount. */
export type MixRequest = z.output<MixOf> & { currency: MixCurrency };

/** Passes a field on as it is, read once: checked once the currency is known. */
const later = z.transform((value: unknown) => value);

const built = new Map<Network, ReturnType<typeof build>>();

/** A mix's parameters on `network` (`"mainnet"` or `"testnet"`) → what is sent. Made once each. */
export function mixParams(network: Network): ReturnType<typeof build> {
  if (network !== "mainnet" && network !== "testnet")
    throw new ValidationError([{ path: ["network"], message: 'must be "mainnet" or "testnet"' }]);
  const schema = built.get(network) ?? build(network);
  built.set(network, schema);
  return schema;
}

function build(network: Network) {
  const byCurrency = Object.fromEntries(
    MIX_CURRENCIES.map((currency) => [currency, mixOf(currency, network)]),
  ) as Record<MixCurrency, MixOf>;
  return accepting<CreateMixParams>()(
    z.pipe(
      // The currency first: it says how the rest is checked.
      params({ currency: mixCurrency, addresses: later, amount: later }),
      z.transform((given, context): MixRequest => {
        const checked = z.safeParse(byCurrency[given.currency], given);
        if (checked.success) return { currency: given.currency, ...checked.data };
        for (const { path, message } of checked.error.issues)
          context.issues.push({ code: "custom", path, message, input: undefined });
        return z.NEVER;
      }),
    ),
  );
}

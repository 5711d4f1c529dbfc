/** `cointap mixcoins create …`: a mix, with every address checked before anything is sent. */

import type { Network } from "@cointap/mixcoins";
import { defineCommand } from "citty";
import { action, repeated } from "../action.js";
import { confirm } from "../confirm.js";
import { mixCoinsArgs, mixCoinsClient } from "../context.js";

export const mixcoins = defineCommand({
  meta: { name: "mixcoins", description: "MixCoins: create a mix for btc, bch or eth" },
  subCommands: {
    create: defineCommand({
      meta: {
        name: "create",
        description: "Create a mix paying out to the given addresses (asks first)",
      },
      args: {
        ...mixCoinsArgs,
        currency: { type: "string", description: "btc, bch or eth" },
        address: { type: "string", description: "A payout address (repeat for several)" },
        amount: { type: "string", description: "The amount to mix, e.g. 0.5" },
        network: { type: "string", description: "mainnet (default) or testnet" },
        yes: { type: "boolean", description: "Do it without asking" },
      },
      run: action(async (args, rawArgs) => {
        const network = (typeof args.network === "string" ? args.network : "mainnet") as Network;
        const client = mixCoinsClient(args, network);
        const addresses = repeated(rawArgs, "address");
        const currency = typeof args.currency === "string" ? args.currency : "";
        const amount = typeof args.amount === "string" ? args.amount : "";
        await confirm(
          `Mix ${amount} ${currency} to ${addresses.length} address(es)?`,
          Boolean(args.yes),
          currency !== "" && amount !== "" && addresses.length > 0,
        );
        // `address` is the client's deprecated copy of `depositAddress`: shown once, by its new name.
        const { address: _deprecated, ...mix } = await client.mixes.create({
          currency,
          addresses,
          amount,
        });
        return mix;
      }),
    }),
  },
});

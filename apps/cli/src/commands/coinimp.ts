/** `cointap coinimp …`: every CoinImp call. */

import { defineCommand } from "citty";
import { action } from "../action.js";
import { confirm } from "../confirm.js";
import { coinImpArgs, coinImpClient } from "../context.js";

const currency = { type: "string", description: "MINTME or XMR" } as const;
const siteKey = { type: "string", description: "The site key (64 hex digits)" } as const;
const user = { type: "string", description: "The user's name on the site" } as const;
const yes = { type: "boolean", description: "Do it without asking" } as const;

type Flags = Record<string, unknown>;
const text = (value: unknown): string =>
  typeof value === "string" ? value : (undefined as unknown as string);

const currencyCommand = (
  name: string,
  description: string,
  call: (flags: Flags) => Promise<unknown>,
  withSite = false,
) =>
  defineCommand({
    meta: { name, description },
    args: { ...coinImpArgs, currency, ...(withSite ? { "site-key": siteKey } : {}) },
    run: action((args) => call(args)),
  });

const siteOf = (args: Flags) =>
  typeof args["site-key"] === "string" ? args["site-key"] : undefined;

export const coinimp = defineCommand({
  meta: {
    name: "coinimp",
    description: "CoinImp: hashes, rewards, sites, payments, balances, withdrawals",
  },
  subCommands: {
    hashes: currencyCommand(
      "hashes",
      "Total hashes of the account (or of one site)",
      (args) =>
        coinImpClient(args).hashes({ currency: text(args.currency), siteKey: siteOf(args) }),
      true,
    ),
    reward: currencyCommand(
      "reward",
      "Total reward of the account (or of one site)",
      (args) =>
        coinImpClient(args).reward({ currency: text(args.currency), siteKey: siteOf(args) }),
      true,
    ),
    stats: currencyCommand("stats", "Account hash rate, hashes and rewards", (args) =>
      coinImpClient(args).account.stats({ currency: text(args.currency) }),
    ),
    sites: currencyCommand("sites", "The account's sites", (args) =>
      coinImpClient(args).account.sites({ currency: text(args.currency) }),
    ),
    payments: currencyCommand("payments", "Payments made to the account", (args) =>
      coinImpClient(args).account.payments({ currency: text(args.currency) }),
    ),
    payout: currencyCommand("payout", "What one million hashes pay", (args) =>
      coinImpClient(args).payout({ currency: text(args.currency) }),
    ),
    site: defineCommand({
      meta: { name: "site", description: "One site: stats or delete" },
      subCommands: {
        stats: defineCommand({
          meta: { name: "stats", description: "A site's name, hash rate, hashes and reward" },
          args: { ...coinImpArgs, "site-key": siteKey },
          run: action((args) =>
            coinImpClient(args).sites.stats({ siteKey: text(args["site-key"]) }),
          ),
        }),
        delete: defineCommand({
          meta: { name: "delete", description: "Remove a site from the account (asks first)" },
          args: { ...coinImpArgs, "site-key": siteKey, yes },
          run: action(async (args) => {
            const client = coinImpClient(args);
            const key = text(args["site-key"]);
            await confirm(`Delete site ${key}?`, Boolean(args.yes), key !== undefined);
            return { deleted: key, message: await client.sites.delete({ siteKey: key }) };
          }),
        }),
      },
    }),
    users: defineCommand({
      meta: { name: "users", description: "A site's users: list or balance" },
      subCommands: {
        list: defineCommand({
          meta: { name: "list", description: "The names of a site's users" },
          args: { ...coinImpArgs, "site-key": siteKey },
          run: action((args) =>
            coinImpClient(args).users.list({ siteKey: text(args["site-key"]) }),
          ),
        }),
        balance: defineCommand({
          meta: { name: "balance", description: "A user's balance on a site" },
          args: { ...coinImpArgs, "site-key": siteKey, user },
          run: action((args) =>
            coinImpClient(args).users.balance({
              siteKey: text(args["site-key"]),
              user: text(args.user),
            }),
          ),
        }),
      },
    }),
    withdraw: defineCommand({
      meta: { name: "withdraw", description: "Withdraw a user's hashes (asks first)" },
      args: {
        ...coinImpArgs,
        "site-key": siteKey,
        user,
        amount: { type: "string", description: "Hashes to withdraw (a whole number)" },
        yes,
      },
      run: action(async (args) => {
        const client = coinImpClient(args);
        const request = {
          siteKey: text(args["site-key"]),
          user: text(args.user),
          amount: text(args.amount),
        };
        await confirm(
          `Withdraw ${request.amount} hashes of ${request.user}?`,
          Boolean(args.yes),
          Object.values(request).every((value) => value !== undefined),
        );
        return client.users.withdraw(request);
      }),
    }),
  },
});

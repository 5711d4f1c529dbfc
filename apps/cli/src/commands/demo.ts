/** `cointap demo` (what `pnpm demo` runs): a short tour of both APIs against the built-in sandbox. */

import { CoinImp } from "@cointap/coinimp";
import { MixCoins } from "@cointap/mixcoins";
import { createSandbox } from "@cointap/sandbox";
import { defineCommand } from "citty";
import { action } from "../action.js";
import { keyValues, table } from "../output.js";

// Payout addresses from the specifications' own test vectors.
const PAYOUTS = {
  btc: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"],
  bch: ["bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"],
  eth: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
} as const;

const say = (text: string) => process.stdout.write(`${text}\n`);
const section = (title: string) => say(`\n== ${title}`);

export const demo = defineCommand({
  meta: {
    name: "demo",
    description: "A guided tour of both APIs against the built-in sandbox (offline)",
  },
  run: action(async () => {
    const sandbox = createSandbox({ seed: "demo" });
    const coinimp = new CoinImp({ ...sandbox.credentials.coinimp, fetch: sandbox.fetch });
    const mixcoins = new MixCoins({ ...sandbox.credentials.mixcoins, fetch: sandbox.fetch });
    say("cointap demo — both APIs, offline, against the built-in sandbox (made-up data).");

    section("CoinImp: account stats (MINTME)");
    say(keyValues({ ...(await coinimp.account.stats({ currency: "MINTME" })) }));

    section("CoinImp: sites");
    const sites = await coinimp.account.sites({ currency: "MINTME" });
    say(table(sites.map((site) => ({ ...site }))));

    const site = sites[0];
    if (!site) throw new Error("the sandbox has no MINTME site");
    const [user = "alice"] = await coinimp.users.list({ siteKey: site.siteKey });
    section(`CoinImp: ${user}'s balance on ${site.name}`);
    const before = await coinimp.users.balance({ siteKey: site.siteKey, user });
    say(keyValues({ ...before }));

    const amount = Math.min(50_000, before.hashes);
    section(`CoinImp: withdraw ${amount} hashes, then the balance again`);
    const after = await coinimp.users.withdraw({ siteKey: site.siteKey, user, amount });
    say(keyValues({ ...after }));
    const reread = await coinimp.users.balance({ siteKey: site.siteKey, user });
    say(
      `(read again: ${reread.hashes} hashes, ${reread.withdrawn} withdrawn — the cache was dropped)`,
    );

    section("CoinImp: payout per 1M hashes");
    say(
      `MINTME ${await coinimp.payout({ currency: "MINTME" })}   XMR ${await coinimp.payout({ currency: "XMR" })}`,
    );

    section("MixCoins: a btc, a bch and an eth mix");
    const mixes = [];
    for (const [currency, addresses] of Object.entries(PAYOUTS)) {
      const mix = await mixcoins.mixes.create({ currency, addresses, amount: "0.5" });
      mixes.push({
        currency: mix.currency,
        amount: mix.amount,
        "send to": mix.depositAddress,
        legacy: mix.addressLegacy,
      });
    }
    say(table(mixes));
    say("\nDone: every call above went through the real clients, checked and exact.");
    return undefined;
  }),
});

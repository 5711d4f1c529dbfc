/** The `cointap` command and its sub-commands. */

import { defineCommand } from "citty";
import { coinimp } from "./commands/coinimp.js";
import { demo } from "./commands/demo.js";
import { mixcoins } from "./commands/mixcoins.js";
import { sandbox } from "./commands/sandbox.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";

export const main = defineCommand({
  meta: {
    name: "cointap",
    description: [
      "CoinImp and MixCoins from a terminal or a script.",
      "Credentials: COINIMP_PUBLIC_KEY, COINIMP_PRIVATE_KEY, COINIMP_BASE_URL, COINIMP_API_VERSION,",
      "MIXCOINS_TOKEN, MIXCOINS_BASE_URL (or flags). With none, the built-in sandbox is used.",
      EXIT_CODES_HELP,
    ].join("\n"),
  },
  subCommands: { coinimp, mixcoins, sandbox, demo },
});

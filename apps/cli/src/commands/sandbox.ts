/** `cointap sandbox --port 8787`: both APIs, offline, on a loopback port. */

import { ValidationError } from "@cointap/coinimp";
import { createSandbox } from "@cointap/sandbox";
import { defineCommand } from "citty";
import { action } from "../action.js";

export const sandbox = defineCommand({
  meta: {
    name: "sandbox",
    description: "Serve the offline CoinImp and MixCoins emulator on a loopback port",
  },
  args: {
    port: { type: "string", description: "Port (default 8787; 0 for any free one)" },
    host: { type: "string", description: "Host (default 127.0.0.1)" },
    seed: { type: "string", description: "Seed of the made-up data (default cointap)" },
  },
  run: action(async (args) => {
    const portText = typeof args.port === "string" ? args.port : "8787";
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65_535) {
      throw new ValidationError([
        { path: ["port"], message: `must be a port number from 0 to 65535, got ${portText}` },
      ]);
    }
    const sandbox = createSandbox({ seed: typeof args.seed === "string" ? args.seed : "cointap" });
    const server = await sandbox.listen({
      port,
      hostname: typeof args.host === "string" ? args.host : "127.0.0.1",
    });
    // Listening for the stop signals before anything is printed: whoever reads the output may
    // send one at once, and before a handler exists a SIGTERM kills the process.
    const stopped = new Promise<void>((resolve) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    });
    const { coinimp, mixcoins } = sandbox.credentials;
    // The sandbox's own made-up keys: printed so that they can be used against it.
    process.stdout.write(
      [
        `cointap sandbox listening on ${server.url}`,
        `  COINIMP_BASE_URL=${server.url}/api/v2`,
        `  COINIMP_PUBLIC_KEY=${coinimp.publicKey}`,
        `  COINIMP_PRIVATE_KEY=${coinimp.privateKey}`,
        `  MIXCOINS_BASE_URL=${server.url}/api`,
        `  MIXCOINS_TOKEN=${mixcoins.token}`,
        "Stop with Ctrl-C.",
        "",
      ].join("\n"),
    );
    await stopped;
    await server.close();
    return undefined;
  }),
});

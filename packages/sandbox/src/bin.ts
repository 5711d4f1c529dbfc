#!/usr/bin/env node
/** `cointap-sandbox --port 8787`: both APIs on a loopback port, with the credentials to use. */

import { parseArgs } from "node:util";
import { createSandbox } from "./sandbox.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "cointap" },
    "no-quota": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    "Usage: cointap-sandbox [--port 8787] [--host 127.0.0.1] [--seed cointap] [--no-quota]\n" +
      "Serves offline emulations of the CoinImp (/api/v2, /api/v1) and MixCoins (/api/{currency}/mix) APIs.\n",
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`cointap-sandbox: --port must be a port number, got ${values.port}\n`);
  process.exit(2);
}

const sandbox = createSandbox({
  seed: values.seed,
  ...(values["no-quota"] ? { quota: false as const } : {}),
});
const server = await sandbox.listen({ port, hostname: values.host });
const { coinimp, mixcoins } = sandbox.credentials;
// These are the sandbox's own made-up keys, printed so that a person can use them.
process.stdout.write(
  [
    `cointap sandbox listening on ${server.url}`,
    `  CoinImp v2:  ${server.url}/api/v2   (v1: ${server.url}/api/v1)`,
    `  MixCoins:    ${server.url}/api`,
    `  COINIMP_PUBLIC_KEY=${coinimp.publicKey}`,
    `  COINIMP_PRIVATE_KEY=${coinimp.privateKey}`,
    `  MIXCOINS_TOKEN=${mixcoins.token}`,
    "",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0));
  });
}

/**
 * Where credentials come from: flags, else the environment, else the built-in sandbox (announced
 * on stderr). Keys are only ever handed to the clients; the CLI never prints them.
 */

import { CoinImp } from "@cointap/coinimp";
import { MixCoins, type Network } from "@cointap/mixcoins";
import { createSandbox, type Sandbox } from "@cointap/sandbox";
import { notice } from "./output.js";
import { quotaNotice } from "./quota-notice.js";

/** Flags every command accepts. */
export const commonArgs = {
  json: {
    type: "boolean",
    description: "Print one JSON document on stdout and nothing else there",
  },
  debug: { type: "boolean", description: "On failure, print the error's details (never the keys)" },
} as const;

export const coinImpArgs = {
  ...commonArgs,
  "public-key": {
    type: "string",
    description: "CoinImp public key (default: $COINIMP_PUBLIC_KEY)",
  },
  "private-key": {
    type: "string",
    description: "CoinImp private key (default: $COINIMP_PRIVATE_KEY)",
  },
  "base-url": { type: "string", description: "CoinImp API base URL (default: $COINIMP_BASE_URL)" },
  "api-version": { type: "string", description: "v1 or v2 (default: $COINIMP_API_VERSION or v2)" },
} as const;

export const mixCoinsArgs = {
  ...commonArgs,
  token: { type: "string", description: "MixCoins API token (default: $MIXCOINS_TOKEN)" },
  "base-url": {
    type: "string",
    description: "MixCoins API base URL (default: $MIXCOINS_BASE_URL)",
  },
} as const;

type Flags = Record<string, unknown>;

const flag = (args: Flags, name: string): string | undefined =>
  typeof args[name] === "string" && args[name] !== "" ? (args[name] as string) : undefined;
const env = (name: string): string | undefined => process.env[name] || undefined;

let sandbox: Sandbox | undefined;

/** The in-process sandbox, created once and announced once. */
export function builtInSandbox(): Sandbox {
  if (!sandbox) {
    sandbox = createSandbox();
    notice("cointap: no credentials set — using the built-in sandbox (offline, made-up data).");
  }
  return sandbox;
}

/** A CoinImp client from flags, environment, or the built-in sandbox. */
export function coinImpClient(args: Flags): CoinImp {
  const publicKey = flag(args, "public-key") ?? env("COINIMP_PUBLIC_KEY");
  const privateKey = flag(args, "private-key") ?? env("COINIMP_PRIVATE_KEY");
  const baseURL = flag(args, "base-url") ?? env("COINIMP_BASE_URL");
  const apiVersion = (flag(args, "api-version") ?? env("COINIMP_API_VERSION") ?? "v2") as
    | "v1"
    | "v2";
  const hooks = { onQueued: quotaNotice };
  if (publicKey === undefined && privateKey === undefined) {
    const { credentials, fetch } = builtInSandbox();
    return new CoinImp({ ...credentials.coinimp, apiVersion, fetch, hooks });
  }
  return new CoinImp({
    publicKey: publicKey ?? "",
    privateKey: privateKey ?? "",
    apiVersion,
    hooks,
    ...(baseURL && { baseURL }),
  });
}

/** A MixCoins client from flags, environment, or the built-in sandbox. */
export function mixCoinsClient(args: Flags, network: Network): MixCoins {
  const token = flag(args, "token") ?? env("MIXCOINS_TOKEN");
  const baseURL = flag(args, "base-url") ?? env("MIXCOINS_BASE_URL");
  if (token === undefined) {
    const { credentials, fetch } = builtInSandbox();
    return new MixCoins({ ...credentials.mixcoins, network, fetch });
  }
  return new MixCoins({ token, network, ...(baseURL && { baseURL }) });
}

/**
 * The expected answers, asked of a fresh sandbox in this process over its raw wire protocol (no
 * cointap client involved). The built-in sandbox of a `cointap` process is `createSandbox()` with
 * the default seed, new in every process: a fresh sandbox with the same seed holds the same world.
 */

import { createSandbox, type Sandbox } from "@cointap/sandbox";

export interface Oracle {
  sandbox: Sandbox;
  /** `message` of a CoinImp v2 call, asserting it succeeded. */
  coinimp(
    method: "GET" | "POST" | "DELETE",
    path: string,
    params?: Record<string, string>,
  ): Promise<unknown>;
  /** A MixCoins mix as the API sends it. */
  mix(
    currency: string,
    addresses: readonly string[],
    amount: string,
  ): Promise<Record<string, unknown>>;
}

export function oracle(seed = "cointap"): Oracle {
  return wireOf(createSandbox({ seed, quota: false }));
}

/** The same questions, asked in-process of a given sandbox (they show in its request log too). */
export function wireOf(sandbox: Sandbox): Oracle {
  const { publicKey, privateKey } = sandbox.credentials.coinimp;
  return {
    sandbox,
    async coinimp(method, path, params = {}) {
      const url = new URL(`http://oracle.invalid/api/v2${path}`);
      let body: URLSearchParams | undefined;
      if (method === "POST") body = new URLSearchParams(params);
      else for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const response = await sandbox.fetch(url, {
        method,
        headers: { "X-API-ID": publicKey, "X-API-KEY": privateKey },
        ...(body && { body }),
      });
      const json = (await response.json()) as { status: string; message: unknown };
      if (json.status !== "success") throw new Error(`oracle ${path}: ${JSON.stringify(json)}`);
      return json.message;
    },
    async mix(currency, addresses, amount) {
      const form = new FormData();
      for (const address of addresses) form.append("address[]", address);
      form.append("amount", amount);
      const response = await sandbox.fetch(`http://oracle.invalid/api/${currency}/mix`, {
        method: "POST",
        headers: { "X-Api-Token": sandbox.credentials.mixcoins.token },
        body: form,
      });
      if (!response.ok) throw new Error(`oracle mix: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}

/** A decimal string as cointap prints money: digits, an optional fraction, no exponent. */
export const DECIMAL = /^\d+(\.\d+)?$/;

// Payout addresses from the specifications' own test vectors (BIP-173, CashAddr, EIP-55).
export const ADDRESSES = {
  btc: ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"],
  bch: ["bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"],
  eth: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
  btcTestnet: ["tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"],
} as const;

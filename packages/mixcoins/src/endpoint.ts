/**
 * Where a mix is created. MixCoins' public docs leave the endpoint URL blank; the client posts to
 * `{baseURL}/{currency}/mix`. If MixCoins documents another path, this is the one line to change.
 */
export function mixPath(currency: string): string {
  return `/${currency}/mix`;
}

export const DEFAULT_BASE_URL = "https://mixcoins.xyz/api";

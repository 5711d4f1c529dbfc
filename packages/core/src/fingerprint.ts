/**
 * Account fingerprints: a short SHA-256 digest that tells accounts apart in cache keys and logs
 * without containing, or revealing, the key it was made from.
 */

/** The first 16 hex digits of SHA-256(`secret`), through Web Crypto (Node, Deno, Bun, browsers). */
export async function fingerprint(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return new DataView(digest).getBigUint64(0).toString(16).padStart(16, "0");
}

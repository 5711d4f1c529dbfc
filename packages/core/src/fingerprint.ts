/**
 * Account fingerprints: a short SHA-256 digest that tells accounts apart in cache keys and logs
 * without containing, or revealing, the key it was made from.
 */

const encoder = new TextEncoder();

/** The first 16 hex digits of SHA-256(`secret`), through Web Crypto (Node, Deno, Bun, browsers). */
export async function fingerprint(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(secret));
  let hex = "";
  for (const byte of new Uint8Array(digest, 0, 8)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Bitcoin payout addresses: legacy base58check P2PKH/P2SH and SegWit (bech32 v0, bech32m v1).
 */
import { decodeBech32, fromWords } from "./bech32.js";
import { checkLegacyBase58, legacyDestination, toHex } from "./legacy.js";
import { checkSegwit, REGTEST_HRP, SEGWIT_HRP } from "./segwit.js";
import { type AddressCheck, type Network, reject } from "./types.js";

const SEGWIT_STARTS = [...Object.values(SEGWIT_HRP), REGTEST_HRP].map((hrp) => `${hrp}1`);

/** The prefix of any checksum-valid bech32/bech32m string, to name a foreign HRP in the reason. */
function foreignHrp(lower: string): string | undefined {
  return decodeBech32(lower, false)?.hrp;
}

export function checkBtcAddress(address: string, network: Network): AddressCheck {
  const lower = address.toLowerCase();
  // No base58 P2PKH/P2SH address starts with "b" or "t" (their version bytes make them start with
  // 1, 3, m, n or 2), so the prefix alone says which decoder applies.
  if (SEGWIT_STARTS.some((start) => lower.startsWith(start))) return checkSegwit(address, network);
  const legacy = checkLegacyBase58(address, network, "Bitcoin");
  // Only a refusal needs a better reason: trying bech32 on every base58 address first cost two
  // failed decodes (scure throws on each) — most of a P2PKH check's time.
  if (legacy.valid) return legacy;
  const hrp = foreignHrp(lower);
  if (hrp !== undefined) {
    return reject(
      `"${hrp}" is not a Bitcoin prefix (expected "${SEGWIT_HRP[network]}1…"): an address of another coin or network?`,
    );
  }
  return legacy;
}

/**
 * The key hash a (valid) P2PKH or P2WPKH address pays to, as hex, or `undefined` for other types.
 * Two scripts, one key: coins sent to either reach whoever holds that key, so a mix must treat
 * them as one destination.
 */
export function btcKeyHash(address: string): string | undefined {
  const legacy = legacyDestination(address);
  if (legacy) return legacy.startsWith("p2pkh:") ? legacy.slice(6) : undefined;
  const decoded = decodeBech32(address.toLowerCase());
  if (decoded?.words[0] !== 0) return undefined;
  const program = fromWords(decoded.words.slice(1));
  return program?.length === 20 ? toHex(program) : undefined;
}

/**
 * SegWit addresses: bech32 (witness v0, BIP-173) and bech32m (v1+, BIP-350), with the payout
 * policy on top — only output types that someone, and only someone, can spend today.
 */
import { type Bech32Variant, charsToWords, decodeBech32, fromWords } from "./bech32.js";
import { isBurn, rejectBurn } from "./burn.js";
import { isXOnlyKeyOnCurve } from "./secp256k1.js";
import { type AddressCheck, accept, type Network, reject } from "./types.js";

export type { Bech32Variant } from "./bech32.js";

/** BIP-173: a SegWit address is at most 90 characters. */
const MAX_LENGTH = 90;

/** Human-readable parts. Regtest's comes from Bitcoin Core, not from a BIP. */
export const SEGWIT_HRP: Record<Network, string> = { mainnet: "bc", testnet: "tb" };
export const REGTEST_HRP = "bcrt";

/** Why `address` cannot be a bech32 string at all, before trying checksums. */
function syntaxReason(address: string): string | undefined {
  if (address.length > MAX_LENGTH) {
    return `a SegWit address has at most ${MAX_LENGTH} characters, this one has ${address.length}`;
  }
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return "the address mixes upper and lower case, which bech32 forbids (a sign of a mistyped address)";
  }
  const lower = address.toLowerCase();
  const words = charsToWords(lower.slice(lower.lastIndexOf("1") + 1));
  if (typeof words === "string") {
    return `"${words}" is not a bech32 character (1, b, i and o are excluded)`;
  }
  return undefined;
}

/** The HRP rule: this network's, with a precise reason for the others. */
function networkReason(prefix: string, network: Network): string | undefined {
  if (prefix === SEGWIT_HRP[network]) return undefined;
  if (prefix === REGTEST_HRP) {
    return `this is a regtest address ("${REGTEST_HRP}1…"): regtest coins have no value, refusing to pay to it`;
  }
  for (const [other, hrp] of Object.entries(SEGWIT_HRP)) {
    if (prefix === hrp)
      return `this is a Bitcoin ${other} address ("${hrp}1…"), but the network is ${network}`;
  }
  return `"${prefix}" is not a Bitcoin address prefix (expected "${SEGWIT_HRP[network]}1…")`;
}

/** The output type of a witness program, or why coins sent to it would be lost. */
function programType(version: number, program: Uint8Array): AddressCheck {
  const n = program.length;
  if ((version === 0 || version === 1) && isBurn(program)) return rejectBurn("the witness program");
  if (version === 0) {
    if (n === 20) return accept("p2wpkh");
    if (n === 32) return accept("p2wsh");
    return reject(`a witness v0 program must be 20 (P2WPKH) or 32 bytes (P2WSH), this one is ${n}`);
  }
  if (version === 1 && n === 32) {
    // An output key off the curve has no private key and no script path: nobody can spend it.
    if (isXOnlyKeyOnCurve(program)) return accept("p2tr");
    return reject(
      "the taproot output key is not a point on secp256k1: nobody could ever spend the coins, refusing to pay to it",
    );
  }
  // Undefined programs are anyone-can-spend until a soft fork gives them meaning.
  const what =
    version === 1 ? `witness v1 program of ${n} bytes (not taproot)` : `witness version ${version}`;
  return reject(
    `${what} is not spendable yet (future SegWit): anyone could take the coins, refusing to pay to it`,
  );
}

/** Checks a SegWit address (`bc1…` / `tb1…` / `bcrt1…`, any case) for `network`. */
export function checkSegwit(address: string, network: Network): AddressCheck {
  const syntax = syntaxReason(address);
  if (syntax !== undefined) return reject(syntax);
  // Whichever checksum matches; BIP-350 guarantees at most one does.
  const decoded = decodeBech32(address.toLowerCase(), MAX_LENGTH);
  if (!decoded) {
    return reject(
      "the bech32/bech32m checksum does not match: the address is mistyped or truncated",
    );
  }
  const wrongNetwork = networkReason(decoded.hrp, network);
  if (wrongNetwork !== undefined) return reject(wrongNetwork);
  const [version, ...programWords] = decoded.words;
  if (version === undefined) return reject("the address has no witness version or program");
  if (version > 16) return reject(`witness version ${version} does not exist (0 to 16)`);
  const expected: Bech32Variant = version === 0 ? "bech32" : "bech32m";
  if (decoded.variant !== expected) {
    return reject(
      `witness version ${version} must use the ${expected} checksum, this address uses ${decoded.variant} (BIP-350)`,
    );
  }
  const program = fromWords(programWords);
  if (!program) return reject("the witness program has invalid padding (not a canonical encoding)");
  if (program.length < 2 || program.length > 40) {
    return reject(`a witness program has 2 to 40 bytes, this one has ${program.length} (BIP-141)`);
  }
  return programType(version, program);
}

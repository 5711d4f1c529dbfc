/**
 * SegWit addresses: bech32 (witness v0, BIP-173) and bech32m (v1+, BIP-350), with the payout
 * policy on top — only output types that someone, and only someone, can spend today.
 */
import { bech32, bech32m } from "@scure/base";
import { isXOnlyKeyOnCurve } from "./secp256k1.js";
import { type AddressCheck, accept, type Network, reject } from "./types.js";

export type Bech32Variant = "bech32" | "bech32m";

/** BIP-173: a SegWit address is at most 90 characters. */
const MAX_LENGTH = 90;

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

const CODERS = { bech32, bech32m } as const;

/** Human-readable parts. Regtest's comes from Bitcoin Core, not from a BIP. */
export const SEGWIT_HRP: Record<Network, string> = { mainnet: "bc", testnet: "tb" };
export const REGTEST_HRP = "bcrt";

export interface Bech32String {
  prefix: string;
  words: number[];
}

/**
 * Decodes a bech32 or bech32m string (checksum, charset, case, length) without any SegWit
 * meaning. `undefined` when it is not a valid string of that variant.
 */
export function decodeBech32(
  text: string,
  variant: Bech32Variant,
  limit: number | false = MAX_LENGTH,
): Bech32String | undefined {
  return CODERS[variant].decodeUnsafe(text, limit) ?? undefined;
}

/** Decodes with whichever checksum matches; BIP-350 guarantees at most one does. */
function decodeEither(text: string): (Bech32String & { variant: Bech32Variant }) | undefined {
  for (const variant of ["bech32", "bech32m"] as const) {
    const decoded = decodeBech32(text, variant);
    if (decoded) return { ...decoded, variant };
  }
  return undefined;
}

/** Why `address` cannot be a bech32 string at all, before trying checksums. */
function syntaxReason(address: string): string | undefined {
  if (address.length > MAX_LENGTH) {
    return `a SegWit address has at most ${MAX_LENGTH} characters, this one has ${address.length}`;
  }
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return "the address mixes upper and lower case, which bech32 forbids (a sign of a mistyped address)";
  }
  const lower = address.toLowerCase();
  const data = lower.slice(lower.lastIndexOf("1") + 1);
  const bad = [...data].find((ch) => !CHARSET.includes(ch));
  if (bad !== undefined) return `"${bad}" is not a bech32 character (1, b, i and o are excluded)`;
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
  const decoded = decodeEither(address.toLowerCase());
  if (!decoded) {
    return reject(
      "the bech32/bech32m checksum does not match: the address is mistyped or truncated",
    );
  }
  const wrongNetwork = networkReason(decoded.prefix, network);
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
  const program = bech32.fromWordsUnsafe(programWords);
  if (!program) return reject("the witness program has invalid padding (not a canonical encoding)");
  if (program.length < 2 || program.length > 40) {
    return reject(`a witness program has 2 to 40 bytes, this one has ${program.length} (BIP-141)`);
  }
  return programType(version, program);
}

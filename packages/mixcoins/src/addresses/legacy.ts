/**
 * Legacy base58check addresses (P2PKH / P2SH). Bitcoin and Bitcoin Cash share this format and its
 * version bytes, so both checkers use this one.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { createBase58check } from "@scure/base";
import { isBurn, rejectBurn } from "./burn.js";
import { type AddressCheck, accept, type Network, otherNetwork, reject } from "./types.js";

/** Version byte → output type, per network (Bitcoin Core chainparams; regtest reuses testnet's). */
const VERSIONS: Record<Network, ReadonlyMap<number, "p2pkh" | "p2sh">> = {
  mainnet: new Map([
    [0x00, "p2pkh"],
    [0x05, "p2sh"],
  ]),
  testnet: new Map([
    [0x6f, "p2pkh"],
    [0xc4, "p2sh"],
  ]),
};

/** WIF private-key version bytes: worth naming, because pasting one means a key is exposed. */
const WIF_VERSIONS = new Set([0x80, 0xef]);

/** Version byte + 20-byte hash (HASH160 of a key or script). */
const PAYLOAD_BYTES = 21;

/** Digits 0-57: the alphanumerics without 0, O, I and l, which are easy to misread. */
const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 whose last 4 bytes are the first 4 of SHA-256(SHA-256(payload)). */
const base58check = createBase58check(sha256);

const hexByte = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;

/** Decodes a base58check string, or says why it is not one. */
function decode(address: string): Uint8Array | string {
  const bad = [...address].find((ch) => !BASE58_ALPHABET.includes(ch));
  if (bad !== undefined) {
    return `"${bad}" is not a base58 character (0, O, I and l are excluded to avoid misreading)`;
  }
  try {
    return base58check.decode(address);
  } catch {
    return "the base58check checksum does not match: the address is mistyped or truncated";
  }
}

/**
 * The output a valid legacy address pays to, as `"p2pkh:<hash hex>"` / `"p2sh:<hash hex>"`, or
 * `undefined` when it does not decode (call it on checked addresses).
 */
export function legacyDestination(address: string): string | undefined {
  const payload = decode(address);
  if (typeof payload === "string" || payload.length !== PAYLOAD_BYTES) return undefined;
  const type = VERSIONS.mainnet.get(payload[0] ?? -1) ?? VERSIONS.testnet.get(payload[0] ?? -1);
  return type && `${type}:${toHex(payload.subarray(1))}`;
}

/** Bytes as lower-case hex, two digits each. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Checks a legacy address for `network`. `coin` only words the reasons ("Bitcoin", "Bitcoin Cash").
 */
export function checkLegacyBase58(address: string, network: Network, coin: string): AddressCheck {
  const payload = decode(address);
  if (typeof payload === "string") return reject(payload);
  const version = payload[0] ?? -1;
  if (WIF_VERSIONS.has(version) && (payload.length === 33 || payload.length === 34)) {
    return reject(
      "this is a private key (WIF), not an address: never paste it anywhere, move its coins",
    );
  }
  if (payload.length !== PAYLOAD_BYTES) {
    return reject(
      `the address decodes to ${payload.length} bytes; a P2PKH/P2SH address has ${PAYLOAD_BYTES} (version byte + 20-byte hash)`,
    );
  }
  const type = VERSIONS[network].get(version);
  if (type !== undefined)
    return isBurn(payload.subarray(1)) ? rejectBurn("the address's hash") : accept(type);
  const other = otherNetwork(network);
  const otherType = VERSIONS[other].get(version);
  if (otherType !== undefined) {
    return reject(
      `this is a ${coin} ${other} ${otherType.toUpperCase()} address (version ${hexByte(version)}), but the network is ${network}`,
    );
  }
  return reject(
    `version byte ${hexByte(version)} is not a ${coin} P2PKH/P2SH version (an address of another coin?)`,
  );
}

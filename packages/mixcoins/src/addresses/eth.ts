/**
 * Ethereum payout addresses: `0x` + 40 hex digits. Ethereum addresses carry no network, so the
 * same rules hold on mainnet and testnets. Mixed case is an EIP-55 checksum and must match;
 * all-lowercase or all-uppercase hex carries no checksum and is accepted as it is.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { isBurn, rejectBurn } from "./burn.js";
import { type AddressCheck, accept, reject } from "./types.js";

const HEX_DIGITS = 40;

/** The EIP-55 form of 40 hex digits: a letter is upper case when its keccak nibble is >= 8. */
export function toChecksumHex(hex: string): string {
  const lower = hex.toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = "";
  for (let i = 0; i < lower.length; i++) {
    const byte = hash[i >> 1] ?? 0;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    const ch = lower.charAt(i);
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

/** Why the string is not `0x` + 40 hex digits, or `undefined` when it is. */
function shapeReason(address: string): string | undefined {
  if (address.startsWith("0X")) return 'an Ethereum address starts with lower-case "0x", not "0X"';
  if (address.includes(".")) {
    return "this looks like a name (ENS?), not an address: resolve it to its 0x address first";
  }
  if (!address.startsWith("0x")) return 'an Ethereum address starts with "0x"';
  const hex = address.slice(2);
  const bad = [...hex].find((ch) => !/[0-9a-fA-F]/.test(ch));
  if (bad !== undefined) return `"${bad}" is not a hex digit`;
  if (hex.length !== HEX_DIGITS) {
    return `an Ethereum address has ${HEX_DIGITS} hex digits after "0x", this one has ${hex.length}`;
  }
  return undefined;
}

export function checkEthAddress(address: string): AddressCheck {
  const shape = shapeReason(address);
  if (shape !== undefined) return reject(shape);
  const hex = address.slice(2);
  if (isBurn(hex)) return rejectBurn("the address");
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return accept("address");
  if (toChecksumHex(hex) !== hex) {
    return reject(
      "the mixed-case letters do not match the EIP-55 checksum: the address is mistyped",
    );
  }
  return accept("address");
}

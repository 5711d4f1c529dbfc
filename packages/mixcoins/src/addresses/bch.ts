/**
 * Bitcoin Cash payout addresses: CashAddr (with or without prefix, token-aware types included)
 * and legacy base58. The payout policy refuses hash sizes no standard output uses: such an
 * address decodes fine but no wallet could build a spendable output for it.
 */

import { isBurn, rejectBurn } from "./burn.js";
import { type CashAddr, decodeCashAddr } from "./cashaddr.js";
import { checkLegacyBase58, legacyDestination, toHex } from "./legacy.js";
import { type AddressCheck, accept, type Network, otherNetwork, reject } from "./types.js";

const PREFIX: Record<Network, string> = { mainnet: "bitcoincash", testnet: "bchtest" };
const REGTEST_PREFIX = "bchreg";

/** Type bits → name and the hash sizes standard outputs of that type use (P2SH32 since 2023). */
const PAYABLE: ReadonlyMap<number, { type: string; hashSizes: readonly number[] }> = new Map([
  [0, { type: "p2pkh", hashSizes: [20] }],
  [1, { type: "p2sh", hashSizes: [20, 32] }],
  [2, { type: "p2pkh_token_aware", hashSizes: [20] }],
  [3, { type: "p2sh_token_aware", hashSizes: [20, 32] }],
]);

/** Applies the payout policy to a decoded CashAddr of the right network. */
function payable({ typeBits, hash }: CashAddr): AddressCheck {
  const kind = PAYABLE.get(typeBits);
  if (kind === undefined) {
    return reject(`CashAddr type ${typeBits} is not a defined address type, refusing to pay to it`);
  }
  if (!kind.hashSizes.includes(hash.length)) {
    return reject(
      `a ${hash.length}-byte hash is not payable on chain for ${kind.type} (standard outputs use ${kind.hashSizes.join(" or ")} bytes), refusing to pay to it`,
    );
  }
  return isBurn(hash) ? rejectBurn("the address's hash") : accept(kind.type);
}

/** Explains a prefix that is not this network's. */
function prefixReason(prefix: string, network: Network): string {
  if (prefix === REGTEST_PREFIX) {
    return `this is a regtest address ("${REGTEST_PREFIX}:"): regtest coins have no value, refusing to pay to it`;
  }
  const other = otherNetwork(network);
  if (prefix === PREFIX[other]) {
    return `this is a Bitcoin Cash ${other} address ("${prefix}:"), but the network is ${network}`;
  }
  return `"${prefix}:" is not a Bitcoin Cash prefix (expected "${PREFIX[network]}:")`;
}

/**
 * A checksum that fails under the written prefix but matches another network's means the prefix
 * was edited by hand; say so rather than just "checksum mismatch".
 */
function editedPrefixReason(address: string): string | undefined {
  const [prefix = "", payload = ""] = address.toLowerCase().split(":");
  const known = [...Object.values(PREFIX), REGTEST_PREFIX].filter((p) => p !== prefix);
  const match = decodeCashAddr(payload, known);
  if (!match.ok) return undefined;
  return `the checksum belongs to the "${match.value.prefix}:" prefix, not "${prefix}:": the prefix was changed, refusing to guess`;
}

function checkPrefixed(address: string, network: Network): AddressCheck {
  const decoded = decodeCashAddr(address, []);
  if (!decoded.ok) return reject(editedPrefixReason(address) ?? decoded.reason);
  if (decoded.value.prefix !== PREFIX[network]) {
    return reject(prefixReason(decoded.value.prefix, network));
  }
  return payable(decoded.value);
}

/**
 * Without a prefix the string is either a CashAddr of this network (the checksum decides) or a
 * legacy address; failing both, the other prefixes are tried only to word the reason.
 */
function checkUnprefixed(address: string, network: Network): AddressCheck {
  const cash = decodeCashAddr(address, [PREFIX[network]]);
  if (cash.ok) return payable(cash.value);
  const legacy = checkLegacyBase58(address, network, "Bitcoin Cash");
  if (legacy.valid) return legacy;
  const elsewhere = decodeCashAddr(address, [PREFIX[otherNetwork(network)], REGTEST_PREFIX]);
  if (elsewhere.ok) return reject(prefixReason(elsewhere.value.prefix, network));
  // A CashAddr's first character encodes its type (q, p, z, r for types 0-3); no legacy address
  // starts with one of those, so it tells which explanation fits.
  return /^[qpzr]/i.test(address) ? reject(cash.reason) : legacy;
}

export function checkBchAddress(address: string, network: Network): AddressCheck {
  return address.includes(":")
    ? checkPrefixed(address, network)
    : checkUnprefixed(address, network);
}

/**
 * The output a valid Bitcoin Cash address pays to, whatever its spelling: `"p2pkh:<hash hex>"` or
 * `"p2sh:<hash hex>"`. A legacy address, its CashAddr form (with or without prefix, any case) and
 * its token-aware form (types 2, 3: the same locking script) all give the same key. `undefined`
 * when it does not decode (call it on checked addresses).
 */
export function bchDestination(address: string, network: Network): string | undefined {
  const cash = decodeCashAddr(address, [PREFIX[network]]);
  if (cash.ok) {
    const type = cash.value.typeBits & 1 ? "p2sh" : "p2pkh";
    return `${type}:${toHex(cash.value.hash)}`;
  }
  return legacyDestination(address);
}

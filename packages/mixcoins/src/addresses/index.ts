/**
 * Payout-address validation for MixCoins. A mix pays out to exactly the addresses it is given, so
 * an address is accepted only when it is a bare, well-formed address of the requested currency
 * and network that someone — and only someone — can spend. Everything else is rejected with a
 * sentence saying why; nothing is ever repaired or guessed.
 */
import { asBareAddress, describeType } from "./bare.js";
import { checkBchAddress } from "./bch.js";
import { checkBtcAddress } from "./btc.js";
import { checkEthAddress } from "./eth.js";
import { type AddressCheck, type MixCurrency, NETWORKS, type Network, reject } from "./types.js";

export type { AddressCheck, MixCurrency, Network } from "./types.js";

export interface AddressOptions {
  /** The chain the payout goes to. Default `"mainnet"`. */
  network?: Network;
}

const CHECKERS: Record<MixCurrency, (address: string, network: Network) => AddressCheck> = {
  btc: checkBtcAddress,
  bch: checkBchAddress,
  eth: (address) => checkEthAddress(address),
};

const NAMES: Record<MixCurrency, string> = { btc: "Bitcoin", bch: "Bitcoin Cash", eth: "Ethereum" };
const ARTICLES: Record<MixCurrency, string> = { btc: "a", bch: "a", eth: "an" };

export const MIX_CURRENCIES = Object.keys(CHECKERS) as readonly MixCurrency[];

function isMixCurrency(value: unknown): value is MixCurrency {
  return typeof value === "string" && Object.hasOwn(CHECKERS, value);
}

function isNetwork(value: unknown): value is Network {
  return typeof value === "string" && (NETWORKS as readonly string[]).includes(value);
}

/**
 * When an address fails for its currency on every network but is valid for another currency,
 * that is the reason worth telling (e.g. a BCH address pasted into a BTC mix).
 */
function otherCurrencyReason(currency: MixCurrency, address: string): string | undefined {
  const validFor = (c: MixCurrency) => NETWORKS.find((n) => CHECKERS[c](address, n).valid);
  if (validFor(currency) !== undefined) return undefined;
  for (const other of MIX_CURRENCIES) {
    const network = other === currency ? undefined : validFor(other);
    if (network !== undefined) {
      const where = other === "eth" ? "" : ` ${network}`;
      return `this is ${ARTICLES[other]} ${NAMES[other]}${where} address, not ${ARTICLES[currency]} ${NAMES[currency]} address`;
    }
  }
  return undefined;
}

/**
 * Checks one payout address. Never throws: an unknown currency or network, a non-string or a
 * non-bare string is `{ valid: false, reason }` like any other invalid address.
 */
export function checkAddress(
  currency: MixCurrency | (string & {}),
  address: unknown,
  options: AddressOptions = {},
): AddressCheck {
  // Read defensively: JavaScript callers may pass null options or non-string values.
  const network: unknown = options?.network ?? "mainnet";
  if (!isMixCurrency(currency)) {
    return reject(
      `unknown currency ${quote(currency)}: expected one of ${MIX_CURRENCIES.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  if (!isNetwork(network)) {
    return reject(`unknown network ${quote(network)}: expected "mainnet" or "testnet"`);
  }
  const bare = asBareAddress(address);
  if (!bare.ok) return reject(bare.reason);
  const result = CHECKERS[currency](bare.address, network);
  if (result.valid) return result;
  const reason = otherCurrencyReason(currency, bare.address);
  return reason === undefined ? result : reject(reason);
}

/** A string quoted for a message; anything else only by its type (it may not stringify). */
function quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `(${describeType(value)})`;
}

/** `checkAddress(...).valid`, as a type guard. */
export function isValidAddress(
  currency: MixCurrency | (string & {}),
  address: unknown,
  options: AddressOptions = {},
): address is string {
  return checkAddress(currency, address, options).valid;
}

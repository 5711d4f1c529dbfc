/**
 * The sandbox's world: one CoinImp account (sites, users, payments, payout rates) and the MixCoins
 * service, generated from the seed alone, so the same seed always gives the same data.
 */

import { formatUnits } from "./decimal.js";
import { hex, integer, pick, type Random } from "./random.js";

export const COINIMP_CURRENCIES = ["MINTME", "XMR"] as const;
export type CoinImpCurrency = (typeof COINIMP_CURRENCIES)[number];

/** Decimal places of each currency's atomic unit. */
export const CURRENCY_SCALE: Record<CoinImpCurrency, number> = { MINTME: 12, XMR: 12 };

export interface SandboxUser {
  name: string;
  /** Hashes mined and not yet withdrawn. */
  hashes: number;
  /** Hashes already withdrawn. */
  withdrawn: number;
  /** Current hash rate, as the API shows it (a string). */
  hashRate: string;
}

export interface SandboxSite {
  name: string;
  siteKey: string;
  currency: CoinImpCurrency;
  hashrate: number;
  hashes: number;
  /** Reward in atomic units. */
  reward: bigint;
  users: Map<string, SandboxUser>;
}

export interface SandboxPayment {
  currency: CoinImpCurrency;
  /** Atomic units. */
  amount: bigint;
  fee: bigint;
  status: "PAID" | "ERROR" | "PENDING";
  walletAddress: string;
  txId: string;
  /** Unix seconds. */
  timestamp: number;
}

export interface SandboxMix {
  currency: string;
  addresses: string[];
  amount: string;
  depositAddress: string;
}

export interface SandboxState {
  coinimp: {
    sites: SandboxSite[];
    payments: SandboxPayment[];
    /** Atomic units paid per one million hashes. */
    payoutPer1M: Record<CoinImpCurrency, bigint>;
    rewardPending: Record<CoinImpCurrency, bigint>;
    /** Withdrawals applied, in order: what a "never twice" test counts. */
    withdrawals: { siteKey: string; user: string; amount: number }[];
  };
  mixcoins: {
    /** When true, every mix is answered 503 "offline for maintenance". */
    maintenance: boolean;
    mixes: SandboxMix[];
  };
}

const SITE_NAMES = ["blog.example", "games.example", "wiki.example", "video.example"];
const USER_NAMES = ["alice", "bob", "carol", "dave", "erin", "frank"];
// 2026-01-01T00:00:00Z: payments are dated from a fixed point, never from the clock.
const EPOCH_SECONDS = 1_767_225_600;

/** The pending reward of `hashes` at the site's currency rate, in atomic units. */
export function pendingUnits(state: SandboxState, site: SandboxSite, hashes: number): bigint {
  return (BigInt(hashes) * state.coinimp.payoutPer1M[site.currency]) / 1_000_000n;
}

/** Formats atomic units of `currency` as a decimal string. */
export function formatAmount(units: bigint, currency: CoinImpCurrency): string {
  return formatUnits(units, CURRENCY_SCALE[currency]);
}

/** Builds the initial state from a random source. */
export function createState(random: Random): SandboxState {
  const payoutPer1M = {
    MINTME: BigInt(integer(random, 100_000, 900_000)) * 1_000_000n,
    XMR: BigInt(integer(random, 1_000, 90_000)) * 1_000n,
  };
  const sites = SITE_NAMES.slice(0, 3).map((name, index): SandboxSite => {
    const currency = COINIMP_CURRENCIES[index % 2 === 0 ? 0 : 1] as CoinImpCurrency;
    const users = new Map<string, SandboxUser>();
    for (const userName of USER_NAMES.slice(0, integer(random, 3, USER_NAMES.length))) {
      users.set(userName, {
        name: userName,
        hashes: integer(random, 50_000, 5_000_000),
        withdrawn: integer(random, 0, 2_000_000),
        hashRate: (integer(random, 10, 900) / 10).toFixed(1),
      });
    }
    const hashes = [...users.values()].reduce((sum, user) => sum + user.hashes + user.withdrawn, 0);
    return {
      name,
      siteKey: hex(random, 64),
      currency,
      hashrate: integer(random, 100, 5_000),
      hashes,
      reward: (BigInt(hashes) * payoutPer1M[currency]) / 1_000_000n,
      users,
    };
  });
  const payments = Array.from({ length: 6 }, (_, index): SandboxPayment => {
    const currency = COINIMP_CURRENCIES[index % 2] as CoinImpCurrency;
    return {
      currency,
      amount: BigInt(integer(random, 1, 50_000)) * 10_000_000n,
      fee: BigInt(integer(random, 1, 900)) * 1_000_000n,
      status: pick(random, ["PAID", "PAID", "PENDING", "ERROR"] as const),
      walletAddress: currency === "XMR" ? `4${hex(random, 94)}` : `0x${hex(random, 40)}`,
      txId: hex(random, 64),
      timestamp: EPOCH_SECONDS - integer(random, 0, 200) * 86_400 - integer(random, 0, 86_399),
    };
  });
  return {
    coinimp: {
      sites,
      payments,
      payoutPer1M,
      rewardPending: {
        MINTME: BigInt(integer(random, 1, 90_000)) * 1_000_000n,
        XMR: BigInt(integer(random, 1, 90_000)) * 1_000n,
      },
      withdrawals: [],
    },
    mixcoins: { maintenance: false, mixes: [] },
  };
}

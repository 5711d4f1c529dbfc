/** What each currency allows in a mix. Apart from the schemas, so importing them needs no zod. */

import type { MixCurrency } from "./addresses/index.js";

/** The most payout addresses one mix may list: a mix is paid to a few, never to millions. */
export const MAX_PAYOUTS = 100;

/** Decimals each currency has: an amount may not have more. */
export const CURRENCY_DECIMALS: Record<MixCurrency, number> = { btc: 8, bch: 8, eth: 18 };

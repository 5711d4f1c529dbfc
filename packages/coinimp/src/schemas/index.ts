/**
 * `@cointap/coinimp/schemas`: the zod/mini schemas the client runs, to check stored or forwarded
 * data with the same definitions. `inputs.<call>` takes a call's parameters to its wire
 * parameters; `responses.<call>` takes the whole answer to the call's result; the records
 * (`userBalance`, `payment`, …) take one item. Importing the client does not load these (nor zod):
 * it loads them on its first call.
 */

export {
  type Currency,
  type CurrencyParams,
  type CurrencySiteParams,
  currency,
  hashes,
  inputs,
  type SiteParams,
  siteKey,
  type UserParams,
  user,
  type WithdrawParams,
} from "./inputs.js";
export {
  type AccountStats,
  accountStats,
  type Payment,
  type PaymentStatus,
  payment,
  paymentStatus,
  responses,
  type SiteStats,
  type SiteSummary,
  siteStats,
  siteSummary,
  type UserBalance,
  userBalance,
} from "./responses.js";
export { count, money, rate, unixTime } from "./wire.js";

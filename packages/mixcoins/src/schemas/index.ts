/**
 * `@cointap/mixcoins/schemas`: the zod/mini schemas the client runs, to check stored or forwarded
 * data with the same definitions. `mixParams(network)` takes `mixes.create`'s parameters to what is
 * sent; `mixReply` reads a reply's shape and `mixResult(request, network)` checks it against the
 * request. Importing the client does not load these (nor zod): it loads them on its first mix.
 */

export { CURRENCY_DECIMALS, MAX_PAYOUTS } from "../currencies.js";
export {
  type CreateMixParams,
  type MixRequest,
  mixAmount,
  mixCurrency,
  mixParams,
  payoutAddress,
  payoutAddresses,
} from "./inputs.js";
export { type Mix, mixDeposit, mixReply, mixResult } from "./responses.js";

export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CointapError,
  ConnectionError,
  type Hooks,
  type Issue,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@cointap/core";
export {
  type AddressCheck,
  checkAddress,
  isValidAddress,
  type MixCurrency,
  type Network,
} from "./addresses/index.js";
export { MixCoins } from "./client.js";
export { CURRENCY_DECIMALS, MAX_PAYOUTS } from "./currencies.js";
export { DEFAULT_BASE_URL, mixPath } from "./endpoint.js";
export type { Mixes } from "./mixes.js";
export type { CallOptions, MixCoinsOptions } from "./options.js";
export type { CreateMixParams, Mix } from "./schemas/index.js";

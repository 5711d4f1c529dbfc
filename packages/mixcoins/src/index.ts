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
export { DEFAULT_BASE_URL, mixPath } from "./endpoint.js";
export { CURRENCY_DECIMALS, type Mixes } from "./mixes.js";
export type { CallOptions, CreateMixParams, Mix, MixCoinsOptions } from "./types.js";

export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CointapError,
  ConnectionError,
  type Hooks,
  type Issue,
  MemoryStore,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RateLimiter,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "@cointap/core";
export { CACHE_TTL } from "./cache-policy.js";
export { COINIMP_QUOTA, CoinImp } from "./client.js";
export type { CallOptions, CoinImpOptions } from "./options.js";
export type { Account } from "./resources/account.js";
export type { Sites } from "./resources/sites.js";
export type { Users } from "./resources/users.js";
export type {
  AccountStats,
  Currency,
  CurrencyParams,
  CurrencySiteParams,
  Payment,
  PaymentStatus,
  SiteParams,
  SiteStats,
  SiteSummary,
  UserBalance,
  UserParams,
  WithdrawParams,
} from "./schemas/index.js";

export {
  type CacheStore,
  type Loader,
  MemoryStore,
  ResponseCache,
  STORE_TIMEOUT,
  type WaitOptions,
} from "./cache.js";
export { checkInput, MAX_INPUT_ITEMS, readInput } from "./check-input.js";
export type { Clock } from "./clock.js";
export { type AmountRules, toAmount, toDecimal } from "./decimal.js";
export { describeValue } from "./describe-value.js";
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  CointapError,
  ConnectionError,
  type Issue,
  NotFoundError,
  OutcomeUnknownError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export type { HookRequest, Hooks } from "./hooks.js";
export {
  type Auth,
  type ClientRateLimit,
  createHttpClient,
  type HttpClientOptions,
} from "./http-client.js";
export { lazyImport } from "./lazy.js";
export { type CallOptions, checkCallOptions, shownChoice } from "./options.js";
export {
  type ParseContext,
  parse as parseResponse,
  type Schema,
  type SchemaIssue,
  type SchemaResult,
} from "./parse.js";
export type { HttpClient, RequestOptions } from "./pipeline/call.js";
export type { ResponseInfo, ResponseRules } from "./pipeline/judge.js";
export {
  type AcquireOptions,
  RateLimiter,
  type RateLimitOptions,
  sharedRateLimiter,
} from "./rate-limit.js";
export { REDACTED, type RedactOptions, type Redactor } from "./redact.js";
export type { RetryOptions } from "./retry.js";
export type { FormFields, HttpMethod, Query } from "./transport/build.js";
export type { FetchFunction } from "./transport/engine.js";

export { type CacheStore, cacheKey, MemoryStore, ResponseCache } from "./cache.js";
export {
  type Auth,
  apiErrorFor,
  type CachePlugin,
  type CallerOptions,
  checkDurations,
  createCaller,
  DEFAULT_TIMEOUT,
  type HttpClient,
  type QuotaPlugin,
  type RequestOptions,
  type ResponseInfo,
  type ResponseRules,
} from "./caller.js";
export { type Clock, systemClock } from "./clock.js";
export {
  type AmountRules,
  decimalPlaces,
  EXACT_NUMBER_DIGITS,
  toAmount,
  toDecimal,
} from "./decimal.js";
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
  ResponseValidationError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { fingerprint } from "./fingerprint.js";
export type { HookRequest, Hooks } from "./hooks.js";
export {
  type ClientRateLimit,
  createHttpClient,
  DEFAULT_CACHE_TTL,
  type HttpClientOptions,
} from "./http-client.js";
export { lazy } from "./lazy.js";
export {
  invalidBody,
  type ParseContext,
  parse,
  parseJsonText,
  type Schema,
  type SchemaIssue,
  type SchemaResult,
} from "./parse.js";
export {
  type AcquireOptions,
  RateLimiter,
  type RateLimitOptions,
  sharedRateLimiter,
} from "./rate-limit.js";
export {
  createRedactor,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTED_PARAMS,
  REDACTED,
  type RedactOptions,
  type Redactor,
} from "./redact.js";
export {
  type AttemptFailure,
  backoffDelay,
  DEFAULT_RETRY,
  judgeFailure,
  RETRYABLE_STATUSES,
  type RetryOptions,
  type RetryVerdict,
  retryAfterMs,
} from "./retry.js";
export { isLoopbackHost, secureBaseURL } from "./secure-url.js";
export type { FetchFunction, FormFields, HttpMethod, Query } from "./transport.js";

export { type CacheStore, MemoryStore, ResponseCache } from "./cache.js";
export {
  type Auth,
  type CachePlugin,
  type CallerOptions,
  createCaller,
  type HttpClient,
  type QuotaPlugin,
  type RequestOptions,
  type ResponseInfo,
  type ResponseRules,
} from "./caller.js";
export type { Clock } from "./clock.js";
export { type AmountRules, toAmount, toDecimal } from "./decimal.js";
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
export type { HookRequest, Hooks } from "./hooks.js";
export { type ClientRateLimit, createHttpClient, type HttpClientOptions } from "./http-client.js";
export type { Schema, SchemaIssue, SchemaResult } from "./parse.js";
export {
  type AcquireOptions,
  RateLimiter,
  type RateLimitOptions,
  sharedRateLimiter,
} from "./rate-limit.js";
export { REDACTED, type RedactOptions, type Redactor } from "./redact.js";
export type { RetryOptions } from "./retry.js";
export type { FetchFunction, FormFields, HttpMethod, Query } from "./transport.js";

export { COINIMP_FAILURE_STATUS, type CoinImpCredentials } from "./coinimp.js";
export {
  DEPOSIT_ADDRESSES,
  type DepositAddress,
  type MixCurrency,
  type Network,
} from "./deposit-addresses.js";
export { type FaultKind, type FaultSpec, type Faults, ROUTES, type RouteId } from "./faults.js";
export { MALFORMED_DEFAULT_STATUS, MALFORMED_KINDS, type MalformedKind } from "./malformed.js";
export { MIXCOINS_STATUS } from "./mixcoins.js";
export type { QuotaShape } from "./quota.js";
export { REDACTED, type RecordedRequest } from "./request-log.js";
export {
  createSandbox,
  DEFAULT_COINIMP_QUOTA,
  DEFAULT_MIXCOINS_QUOTA,
  type Sandbox,
  type SandboxClock,
  type SandboxCredentials,
  type SandboxOptions,
  type SandboxQuota,
  type SandboxServer,
} from "./sandbox.js";
export type {
  CoinImpCurrency,
  SandboxMix,
  SandboxPayment,
  SandboxSite,
  SandboxState,
  SandboxUser,
} from "./state.js";

/**
 * Exit codes, one per kind of failure a script may want to act on, and the one line said about
 * each. Documented in `cointap --help`.
 */

import {
  AuthenticationError,
  OutcomeUnknownError,
  RateLimitError,
  ValidationError,
} from "@cointap/coinimp";

export const EXIT = {
  ok: 0,
  /** Any other failure: the API refused, the network failed, the reply was malformed. */
  failure: 1,
  /** Bad input: nothing was sent. */
  validation: 2,
  /** The keys or token were refused. */
  authentication: 3,
  /** The quota could not be waited for. */
  rateLimit: 4,
  /** A withdrawal, deletion or mix may or may not have happened: check before trying again. */
  outcomeUnknown: 5,
  /** A money-moving command was not confirmed (no `--yes` and no terminal, or answered no). */
  notConfirmed: 6,
} as const;

/** A refusal to go on without the user's say-so. */
export class NotConfirmedError extends Error {
  override readonly name = "NotConfirmedError";
}

/**
 * The exit code for an error. Classes are matched by name as well, because the CLI holds two copies
 * of the core's classes at most (one through each client) and `instanceof` sees only one.
 */
export function exitCodeFor(error: unknown): number {
  const name = error instanceof Error ? error.name : "";
  if (error instanceof NotConfirmedError) return EXIT.notConfirmed;
  if (error instanceof ValidationError || name === "ValidationError") return EXIT.validation;
  if (error instanceof AuthenticationError || name === "AuthenticationError")
    return EXIT.authentication;
  if (error instanceof RateLimitError || name === "RateLimitError") return EXIT.rateLimit;
  if (error instanceof OutcomeUnknownError || name === "OutcomeUnknownError")
    return EXIT.outcomeUnknown;
  return EXIT.failure;
}

/** The one line printed for an error: its message, already redacted by the clients. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
  if (error.name === "ValidationError" && issues?.length) {
    return issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
  }
  if (error.name === "OutcomeUnknownError") {
    return `${error.message}. Check the balance or mixes before trying again.`;
  }
  return error.message;
}

/** Every exit code with its meaning, for `--help`. */
export const EXIT_CODES_HELP = [
  "Exit codes: 0 ok, 1 failure, 2 invalid input (nothing sent), 3 keys refused,",
  "4 quota (could not wait), 5 outcome unknown (check before retrying), 6 not confirmed.",
].join("\n");

/**
 * The quota (DESIGN rule 5): a token bucket with a FIFO queue of waiting calls.
 *
 * The bucket holds up to `capacity` tokens and gains one every `interval / refill` ms. A call takes
 * a token or waits its turn. A bucket that is full stops accruing, so a burst drawn from a full
 * bucket is followed by evenly spaced tokens — what a server counting the same way allows.
 */

import { type Clock, systemClock } from "./clock.js";
import { RateLimitError } from "./errors.js";

/** The shape of a quota: `capacity` at once, then `refill` calls per `interval` ms. */
export interface RateLimitOptions {
  /** The burst: calls allowed at once from a full bucket. */
  capacity: number;
  /** Tokens regained per `interval`. */
  refill: number;
  /** The refill interval, in ms. */
  interval: number;
  /** Time source; tests inject one to run minutes of quota instantly. */
  clock?: Clock;
}

/** Per-call limits on waiting; both fail fast with a `RateLimitError` rather than queue. */
export interface AcquireOptions {
  /** Abandons the wait; the call is never sent and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Refuse when this many calls already wait. */
  maxQueue?: number | undefined;
  /** Refuse when the expected wait is longer than this, in ms. */
  maxWait?: number | undefined;
  /** Join the front of the queue (a retry of a call that already had its turn). */
  priority?: boolean | undefined;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  release(): void;
}

/** A token bucket with a FIFO queue. Share one instance between clients that share a quota. */
export class RateLimiter {
  readonly capacity: number;
  /** Milliseconds between two tokens. */
  readonly period: number;
  readonly #clock: Clock;
  #tokens: number;
  #lastRefill: number;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  readonly #queue: Waiter[] = [];
  #timer: AbortController | undefined;

  constructor({ capacity, refill, interval, clock = systemClock }: RateLimitOptions) {
    for (const [name, value] of Object.entries({ capacity, refill, interval })) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new RangeError(`rateLimit.${name} must be a positive number, got ${value}`);
      }
    }
    this.capacity = Math.floor(capacity);
    if (this.capacity < 1) {
      throw new RangeError(`rateLimit.capacity must be at least 1, got ${capacity}`);
    }
    this.period = interval / refill;
    this.#clock = clock;
    this.#tokens = this.capacity;
    this.#lastRefill = clock.now();
  }

  /** Calls waiting for a token. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tokens available now. */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** How long a call made now would wait, in ms. */
  expectedWait(): number {
    return this.#waitForPosition(this.#queue.length);
  }

  /** Resolves when the caller may send one request. */
  acquire({ signal, maxQueue, maxWait, priority = false }: AcquireOptions = {}): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    if (maxQueue !== undefined && this.#queue.length >= maxQueue) {
      return Promise.reject(this.#refusal(`${this.#queue.length} calls are already waiting`));
    }
    const wait = this.#waitForPosition(priority ? 0 : this.#queue.length);
    if (maxWait !== undefined && wait > maxWait) {
      return Promise.reject(this.#refusal(`the wait would be ${Math.ceil(wait / 1000)} s`, wait));
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index !== -1) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        release: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (priority) this.#queue.unshift(waiter);
      else this.#queue.push(waiter);
      this.#schedule();
    });
  }

  /**
   * The server refused a call for quota: empty the bucket and hold every call for `ms` (its
   * `Retry-After`, or one token period when it gave none).
   */
  pause(ms: number = this.period): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + Math.max(0, ms));
    this.#tokens = 0;
    // One token becomes available the moment the pause ends.
    this.#lastRefill = this.#pausedUntil - this.period;
    this.#schedule();
  }

  #refill(): void {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return;
    if (this.#tokens >= this.capacity) {
      this.#lastRefill = now;
      return;
    }
    let gained = Math.floor((now - this.#lastRefill) / this.period);
    // With a fractional period the quotient can round to just under a whole number at the very
    // time `#waitForPosition` names for the token; count it, or the timer re-arms at 0 ms forever.
    if (this.#lastRefill + (gained + 1) * this.period <= now) gained += 1;
    if (gained <= 0) return;
    this.#tokens = Math.min(this.capacity, this.#tokens + gained);
    this.#lastRefill =
      this.#tokens >= this.capacity ? now : this.#lastRefill + gained * this.period;
  }

  #waitForPosition(position: number): number {
    this.#refill();
    const missing = position + 1 - this.#tokens;
    if (missing <= 0) return 0;
    const nextToken = Math.max(this.#lastRefill + this.period, this.#pausedUntil);
    return Math.max(0, nextToken - this.#clock.now()) + (missing - 1) * this.period;
  }

  #grant(): void {
    this.#refill();
    while (this.#queue.length > 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      const waiter = this.#queue.shift() as Waiter;
      waiter.release();
      waiter.resolve();
    }
  }

  #schedule(): void {
    this.#timer?.abort();
    this.#timer = undefined;
    this.#grant();
    if (this.#queue.length === 0) return;
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(this.#waitForPosition(0), timer.signal).then(
      () => {
        if (this.#timer === timer) this.#schedule();
      },
      () => {},
    );
  }

  #refusal(reason: string, retryAfter = this.expectedWait()): RateLimitError {
    return new RateLimitError(
      { status: undefined, retryAfter },
      `Local quota queue refused the call: ${reason}`,
    );
  }
}

const shared = new WeakMap<Clock, Map<string, RateLimiter>>();

/**
 * The limiter for one account: every client in the process built for the same account and quota
 * gets the same instance, so together they stay within the quota.
 * @param account an identifier of the account (an API key works; it is never exposed).
 */
export function sharedRateLimiter(account: string, options: RateLimitOptions): RateLimiter {
  const clock = options.clock ?? systemClock;
  let limiters = shared.get(clock);
  if (!limiters) {
    limiters = new Map();
    shared.set(clock, limiters);
  }
  const key = JSON.stringify([account, options.capacity, options.refill, options.interval]);
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter({ ...options, clock });
    limiters.set(key, limiter);
  }
  return limiter;
}

/**
 * The quota (DESIGN rule 5): a token bucket with a FIFO queue of waiting calls.
 *
 * The bucket holds up to `capacity` tokens and gains one every `interval / refill` ms. A call takes
 * a token or waits its turn. A bucket that is full stops accruing, so a burst drawn from a full
 * bucket is followed by evenly spaced tokens — what a server counting the same way allows.
 *
 * The bucket is kept as one instant, the time it will be full again (the "theoretical arrival
 * time" of GCRA): each token taken moves it one period later, from now at the earliest. The token
 * count, every wait and every grant are read off it, so a refill needs no bookkeeping.
 */

import { type Clock, MAX_DELAY, systemClock } from "./clock.js";
import { RateLimitError } from "./errors.js";
import { onAbort } from "./on-abort.js";
import { OptionCheck } from "./options.js";
import { noop } from "./signals.js";

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

/** A token bucket with a FIFO queue. Share one instance between clients that share a quota. */
export class RateLimiter {
  // Declared, not defined: the constructor sets them (a class field would cost bundle bytes).
  declare readonly capacity: number;
  /** Milliseconds between two tokens. */
  declare readonly period: number;
  readonly #clock: Clock;
  /** When the bucket is full again: `n` tokens are left `(capacity - n) · period` before that. */
  #full = -Infinity;
  /** The end of the latest pause: a shorter pause asked later does not cut it short. */
  #pausedUntil = -Infinity;
  /** Each waiting call's grant: it stops listening for an abort and lets the call go. */
  readonly #queue: (() => void)[] = [];
  #timer: AbortController | undefined;

  constructor({ capacity, refill, interval, clock = systemClock }: RateLimitOptions) {
    const check = new OptionCheck();
    // A capacity under 1 would never let a call through.
    check.count("rateLimit.capacity", capacity ?? Number.NaN, 1);
    if (!(Number.isFinite(refill) && refill > 0)) {
      check.fail("rateLimit.refill", `must be a number > 0, got ${String(refill)}`);
    }
    // An interval of 0 would be no quota at all: say `rateLimit: false` for that.
    check.duration("rateLimit.interval", interval ?? Number.NaN, true);
    check.throwIfAny();
    this.capacity = capacity;
    this.period = interval / refill;
    this.#clock = clock;
  }

  /** Calls waiting for a token. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tokens available now. */
  get available(): number {
    let tokens = 0;
    while (tokens < this.capacity && !this.#waitForPosition(tokens)) tokens++;
    return tokens;
  }

  /** How long a call made now would wait, in ms. */
  expectedWait(): number {
    return this.#waitForPosition(this.#queue.length);
  }

  /** Resolves when the caller may send one request. */
  async acquire({ signal, maxQueue, maxWait, priority }: AcquireOptions = {}): Promise<void> {
    signal?.throwIfAborted();
    const queue = this.#queue;
    if (!queue.length && !this.#waitForPosition(0)) return this.#take();
    const full = maxQueue !== undefined && queue.length >= maxQueue;
    // A refusal names the wait at the back of the queue; an accepted call may jump it.
    const wait = this.#waitForPosition(priority && !full ? 0 : queue.length);
    if (full || (maxWait !== undefined && wait > maxWait)) {
      throw new RateLimitError(
        { status: undefined, retryAfter: wait },
        `Local quota queue refused the call: ${full ? `${queue.length} calls are already waiting` : `the wait would be ${Math.ceil(wait / 1000)} s`}`,
      );
    }
    return new Promise<void>((resolve, reject) => {
      const stop = signal
        ? onAbort(signal, () => {
            const index = queue.indexOf(grant);
            if (index !== -1) queue.splice(index, 1);
            // No timer runs while nothing waits: a script whose calls were all abandoned exits.
            if (!queue.length) this.#stopTimer();
            reject(signal.reason);
          })
        : noop;
      const grant = () => {
        stop();
        resolve();
      };
      if (priority) queue.unshift(grant);
      else queue.push(grant);
      this.#schedule();
    });
  }

  /**
   * The server refused a call for quota: empty the bucket and hold every call for `ms` (its
   * `Retry-After`, or one token period when it gave none).
   */
  pause(ms: number = this.period): void {
    const pause = Math.min(MAX_DELAY, Math.max(0, ms));
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + pause);
    // One token becomes available the moment the pause ends.
    this.#full = this.#pausedUntil + (this.capacity - 1) * this.period;
    this.#schedule();
  }

  /** Takes a token: the bucket is full again one period later (counted from now when full). */
  #take(): void {
    this.#full = Math.max(this.#full, this.#clock.now()) + this.period;
  }

  /** The wait until `position + 1` tokens are there (0 for the next call in line). */
  #waitForPosition(position: number): number {
    const wait = this.#full - (this.capacity - position - 1) * this.period - this.#clock.now();
    // A fractional period added to a large clock reading leaves float crumbs (under a µs): no wait.
    return wait > 1e-3 ? wait : 0;
  }

  /** Grants what the bucket holds to the queue, in order, and wakes up for the next token. */
  #schedule(): void {
    this.#stopTimer();
    while (this.#queue.length && !this.#waitForPosition(0)) {
      this.#take();
      (this.#queue.shift() as () => void)();
    }
    if (!this.#queue.length) return;
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(this.#waitForPosition(0), timer.signal).then(() => {
      if (this.#timer === timer) this.#schedule();
    }, noop);
  }

  #stopTimer(): void {
    // With a reason: an `abort()` without one builds a DOMException, on every reschedule.
    this.#timer?.abort("rescheduled");
    this.#timer = undefined;
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
  const limiters = shared.get(clock) ?? new Map<string, RateLimiter>();
  shared.set(clock, limiters);
  const key = JSON.stringify([account, options.capacity, options.refill, options.interval]);
  const limiter = limiters.get(key) ?? new RateLimiter({ ...options, clock });
  limiters.set(key, limiter);
  return limiter;
}

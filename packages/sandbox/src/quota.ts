/**
 * The server side of a quota: a token bucket per key. Credit is kept in integer "token·ms" units
 * (one token = `interval` units, `refill` units gained per ms), so no rounding ever lets an extra
 * request through or refuses a due one.
 */

/** `capacity` requests at once, then `refill` per `interval` ms. */
export interface QuotaShape {
  capacity: number;
  refill: number;
  interval: number;
}

export interface QuotaDecision {
  allowed: boolean;
  /** When refused: whole seconds until a request would be allowed (for `Retry-After`). */
  retryAfterSeconds: number;
}

/** Buckets by key, all of one shape, on the given clock. */
export class QuotaBuckets {
  readonly #shape: QuotaShape;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { credit: number; at: number }>();

  constructor(shape: QuotaShape, now: () => number) {
    this.#shape = shape;
    this.#now = now;
  }

  /** Spends one request for `key` if the bucket allows it. */
  take(key: string): QuotaDecision {
    const { capacity, refill, interval } = this.#shape;
    const now = this.#now();
    const full = capacity * interval;
    const bucket = this.#buckets.get(key) ?? { credit: full, at: now };
    bucket.credit = Math.min(full, bucket.credit + (now - bucket.at) * refill);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.credit >= interval) {
      bucket.credit -= interval;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const waitMs = Math.ceil((interval - bucket.credit) / refill);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

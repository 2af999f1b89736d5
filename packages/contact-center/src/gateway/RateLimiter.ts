/**
 * Token buckets, keyed (one per customer, per kind of frame). A check is a few arithmetic
 * operations: a flooding client is refused before any parsing beyond the frame type, and
 * before any database work.
 */

/** A rate: `perSecond` sustained, `burst` at once. */
export interface Rate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; false when the bucket is empty (the caller refuses). */
  take(key: string): boolean {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: this.rate.burst, at: now }));
    b.tokens = Math.min(this.rate.burst, b.tokens + ((now - b.at) / 1000) * this.rate.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /**
   * Milliseconds until `key` has a token again: 0 when it has one now. Takes nothing (sign-in
   * checks before trying, and takes only for a failure).
   */
  retryAfterMs(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.rate.burst, b.tokens + ((this.now() - b.at) / 1000) * this.rate.perSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000);
  }

  /** Forgets `key` (its client went away). */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that are full again: they hold no information. */
  sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.rate.perSecond >= this.rate.burst) this.buckets.delete(key);
    }
  }
}

/** The limits of the local contact center, per customer (engagements: per remote address). */
export const DEFAULT_RATE_LIMIT: {
  messages: Rate;
  typing: Rate;
  frames: Rate;
  engagements: Rate;
} = {
  messages: { perSecond: 10, burst: 20 },
  typing: { perSecond: 5, burst: 5 },
  frames: { perSecond: 40, burst: 80 },
  engagements: { perSecond: 5, burst: 20 },
};

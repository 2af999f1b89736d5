import { RateLimiter } from './RateLimiter';

it('allows a burst, then the sustained rate, per key', () => {
  let now = 0;
  const limiter = new RateLimiter({ perSecond: 10, burst: 3 }, () => now);
  expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  expect(limiter.take('b')).toBe(true); // another key has its own bucket
  now = 100; // 100 ms at 10/s: one token back
  expect(limiter.take('a')).toBe(true);
  expect(limiter.take('a')).toBe(false);
  now = 10_000;
  expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]); // never above the burst
});

it('forgets full buckets when swept', () => {
  let now = 0;
  const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, () => now);
  expect(limiter.take('a')).toBe(true);
  limiter.sweep();
  expect(limiter.take('a')).toBe(false); // not full yet: kept
  now = 5000;
  limiter.sweep();
  expect(limiter.take('a')).toBe(true);
});

describe('RateLimiter.retryAfterMs', () => {
  it('is 0 while a token is left, then the time until the next one, without taking any', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 5 / 60, burst: 5 }, () => now);
    expect(limiter.retryAfterMs('alice')).toBe(0);
    for (let i = 0; i < 5; i++) expect(limiter.take('alice')).toBe(true);
    expect(limiter.retryAfterMs('alice')).toBe(12_000);
    expect(limiter.retryAfterMs('alice')).toBe(12_000);
    now = 6_000;
    expect(limiter.retryAfterMs('alice')).toBe(6_000);
    now = 12_000;
    expect(limiter.retryAfterMs('alice')).toBe(0);
    expect(limiter.retryAfterMs('bob')).toBe(0);
  });
});

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

import { describe, expect, it } from 'vitest';
import { acquireSlot, RateLimiter } from '../../src/post/rate-limit.js';
import { FakeClock } from '../helpers/fake-clock.js';

/** The most calls any window of `windowMs` holds, for sorted call times. */
function maxInWindow(times: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('RateLimiter', () => {
  it('never lets more than the limit into any rolling window, and uses more than 97 % of it', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter('space', 60, clock);
    const times: number[] = [];
    for (let i = 0; i < 600; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(60);
    const perMinute = (599 / (times[599] as number)) * 60_000;
    expect(perMinute).toBeGreaterThan(0.97 * 60);
    expect(perMinute).toBeLessThan(60);
  });

  it('waits out a 429 and slows down, then recovers as calls succeed', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter('project', 3000, clock);
    expect(limiter.reserve()).toBe(0);
    limiter.penalize(5_000);
    expect(limiter.currentSpeed).toBeCloseTo(0.8);
    expect(limiter.reserve()).toBe(5_000);
    limiter.penalize(0);
    limiter.penalize(0);
    limiter.penalize(0);
    expect(limiter.currentSpeed).toBe(0.5); // never below half speed
    for (let i = 0; i < 100; i++) limiter.succeeded();
    expect(limiter.currentSpeed).toBe(1);
  });

  it('spaces one space\'s calls from their actual send times, across shared project limiters', async () => {
    const clock = new FakeClock();
    const space = new RateLimiter('space', 61, clock); // 1 s apart, plus the 1 % margin
    const project = new RateLimiter('project', 6001, clock); // 10 ms apart
    const sends: number[] = [];
    for (let i = 0; i < 3; i++) {
      await acquireSlot(space, [project], clock);
      sends.push(clock.now());
      clock.advance(300); // the call itself takes 300 ms
    }
    expect(sends).toEqual([0, 1010, 2020]);
  });
});

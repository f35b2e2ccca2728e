// A clock that only moves when told: rate limiters are tested without sleeping.
import type { Clock } from '../../src/post/clock.js';

export class FakeClock implements Clock {
  private current: number;
  readonly sleeps: number[] = [];
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(ms, 0);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

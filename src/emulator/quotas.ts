// Sliding-window rate limits (chat-api.md §7). Each key keeps the times of its last `limit` accepted requests in
// a ring buffer, so a check is O(1): the request fits when fewer than `limit` requests were accepted in the last
// window, i.e. when the oldest remembered one has left the window.
import { GOOGLE_QUOTAS } from '../post/rate-limit.js';
import type { EmulatorQuotas } from './types.js';

/** Google's published defaults (chat-api.md §7): the same figures the client paces itself by, kept in one place. */
export const DEFAULT_QUOTAS: EmulatorQuotas = GOOGLE_QUOTAS;

export class SlidingWindow {
  private readonly times: Float64Array;
  private head = 0; // index of the oldest entry
  private size = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(limit, 0));
  }

  /** Milliseconds until a request fits (0 = it fits now). */
  waitMs(now: number): number {
    if (this.size < this.limit) return 0;
    if (this.limit <= 0) return this.windowMs;
    return Math.max(0, (this.times[this.head] as number) + this.windowMs - now);
  }

  /** Records an accepted request; call only after waitMs(now) returned 0. */
  record(now: number): void {
    if (this.limit <= 0) return;
    if (this.size < this.limit) {
      this.times[(this.head + this.size) % this.limit] = now;
      this.size++;
    } else {
      // Full and the oldest has expired: overwrite it, the next oldest becomes the head.
      this.times[this.head] = now;
      this.head = (this.head + 1) % this.limit;
    }
  }
}

/** One quota a request is charged against: a window key (per project or per space) and its limit. */
export interface Charge {
  key: string;
  limit: number;
}

/** The emulator's side of the quotas: one sliding window per key, charged all at once or not at all. */
export class QuotaWindows {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(private readonly windowMs: number) {}

  /**
   * Charges every quota in `charges` at once, or none: undefined when the request may run, otherwise the longest
   * wait until all of them have room and the quota that needs it (the request is then not counted anywhere).
   */
  charge(charges: readonly Charge[], now: number): { waitMs: number; key: string } | undefined {
    let worst: { waitMs: number; key: string } | undefined;
    const windows: SlidingWindow[] = [];
    for (const c of charges) {
      if (!Number.isFinite(c.limit)) continue; // Infinity: unlimited
      let w = this.windows.get(c.key);
      if (!w) {
        w = new SlidingWindow(c.limit, this.windowMs);
        this.windows.set(c.key, w);
      }
      const wait = w.waitMs(now);
      if (wait > 0 && (!worst || wait > worst.waitMs)) worst = { waitMs: wait, key: c.key };
      windows.push(w);
    }
    if (worst) return worst;
    for (const w of windows) w.record(now);
    return undefined;
  }
}

/** The google.rpc details of a 429: RetryInfo with the exact wait, then ErrorInfo naming the quota. */
export function rateLimitDetails(waitMs: number, quota: string): unknown[] {
  return [
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${(Math.ceil(waitMs) / 1000).toFixed(3)}s` },
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'RATE_LIMIT_EXCEEDED',
      domain: 'googleapis.com',
      metadata: { service: 'chat.googleapis.com', quota_limit: quota },
    },
  ];
}

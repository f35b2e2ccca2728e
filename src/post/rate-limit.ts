// Client-side rate limits, so the run stays under Google's quotas instead of learning them from 429s.
//
// Google counts requests per rolling minute. A limiter that spaces calls evenly `interval` apart lets at most
// floor(window / interval) + 1 calls into any window, so interval = window / (limit − 1) can never exceed the
// quota; a 1 % margin absorbs network jitter between our clock and the server's. That costs ~1/limit of the
// quota (1.7 % of a space's 60 writes/min, 0.03 % of the project's 3000).
//
// After a 429 the limiter both waits out the advised delay and slows down by 20 % (down to half speed), then
// recovers 1 % per accepted call: repeated 429s slow it down instead of hammering the API.
import type { Clock } from './clock.js';

const SAFETY_MARGIN = 1.01;
const SLOWDOWN = 0.8;
const MIN_SPEED = 0.5;
const RECOVERY = 1.01;

export class RateLimiter {
  private nextFreeMs = Number.NEGATIVE_INFINITY;
  private speed = 1;
  readonly intervalMs: number;

  constructor(
    readonly name: string,
    readonly limitPerWindow: number,
    private readonly clock: Clock,
    readonly windowMs = 60_000,
  ) {
    this.intervalMs = (windowMs / Math.max(limitPerWindow - 1, 1)) * SAFETY_MARGIN;
  }

  /** Books the next free slot and returns how long to wait for it (0 = go now). Pure bookkeeping, no sleeping. */
  reserve(): number {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextFreeMs);
    this.nextFreeMs = slot + this.intervalMs / this.speed;
    return slot - now;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait, signal);
  }

  /** How long until this limiter would let a call through, without booking it (for `markSent`). */
  readyInMs(): number {
    return Math.max(0, this.nextFreeMs - this.clock.now());
  }

  /** Books the slot at the actual send time: used for a space, whose calls are one at a time. */
  markSent(): void {
    this.nextFreeMs = Math.max(this.nextFreeMs, this.clock.now() + this.intervalMs / this.speed);
  }

  /** The API said 429: hold every later call until `retryAfterMs` has passed and slow down. */
  penalize(retryAfterMs = 0): void {
    this.speed = Math.max(this.speed * SLOWDOWN, MIN_SPEED);
    this.nextFreeMs = Math.max(this.nextFreeMs, this.clock.now() + retryAfterMs);
  }

  /** A call went through: drift back towards full speed. */
  succeeded(): void {
    this.speed = Math.min(this.speed * RECOVERY, 1);
  }

  get currentSpeed(): number {
    return this.speed;
  }
}

/** Per-minute limits of one Google Cloud project (chat-api.md §7); raise them with flags for raised quotas. */
export interface QuotaLimits {
  readonly perSpaceWrites: number;
  readonly messageWrites: number;
  readonly reactionWrites: number;
  readonly uploadWrites: number;
  readonly membershipWrites: number;
  readonly spaceWrites: number;
  readonly spaceCreates: number;
  readonly reads: number;
}

export const GOOGLE_QUOTAS: QuotaLimits = {
  perSpaceWrites: 60,
  messageWrites: 3000,
  reactionWrites: 600,
  uploadWrites: 600,
  membershipWrites: 300,
  spaceWrites: 60,
  spaceCreates: 35,
  reads: 3000,
};

export type WriteKind = 'message' | 'reaction' | 'upload' | 'membership' | 'space' | 'read';

/** The project-wide limiters shared by every space of a run, plus a factory for per-space ones. */
export class QuotaBook {
  private readonly project: Record<WriteKind, RateLimiter[]>;

  constructor(readonly limits: QuotaLimits, private readonly clock: Clock, private readonly windowMs = 60_000) {
    const make = (name: string, limit: number) => new RateLimiter(name, limit, clock, windowMs);
    const spaceWrites = make('space writes', limits.spaceWrites);
    this.project = {
      message: [make('message writes', limits.messageWrites)],
      reaction: [make('reaction writes', limits.reactionWrites)],
      upload: [make('uploads', limits.uploadWrites)],
      membership: [make('membership writes', limits.membershipWrites)],
      space: [spaceWrites, make('space creations', limits.spaceCreates)],
      read: [make('reads', limits.reads)],
    };
  }

  forSpace(): RateLimiter {
    return new RateLimiter('writes in one space', this.limits.perSpaceWrites, this.clock, this.windowMs);
  }

  projectLimiters(kind: WriteKind): readonly RateLimiter[] {
    return this.project[kind];
  }
}

/**
 * Waits until a call may go: first for the space's own limiter (spacing measured from the actual send, since a
 * space sends one call at a time), then books a slot on each project-wide limiter (first come, first served
 * across all spaces, so waiting spaces do not wake up in a herd).
 */
export async function acquireSlot(space: RateLimiter | undefined, project: readonly RateLimiter[], clock: Clock, signal?: AbortSignal): Promise<void> {
  if (space) {
    let wait = space.readyInMs();
    while (wait > 0) {
      await clock.sleep(wait, signal);
      if (signal?.aborted) return;
      wait = space.readyInMs();
    }
  }
  let wait = 0;
  for (const limiter of project) wait = Math.max(wait, limiter.reserve());
  if (wait > 0) await clock.sleep(wait, signal);
  space?.markSent();
}

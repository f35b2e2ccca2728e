// Step 2 of planning a conversation: each message's createTime, and whether it is written at all.
import type { SkipCode } from '../reasons.js';

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Why a message time cannot be written at all (not a number, or after now), or undefined when it can. */
export function badTime(timeMs: number, nowMs: number): { code: SkipCode; reason: string } | undefined {
  // Beyond ±8.64e15 ms a Date is invalid (toISOString throws).
  if (!Number.isFinite(timeMs) || Math.abs(timeMs) > 8.64e15) return { code: 'invalid_time', reason: 'the message has no valid time' };
  if (timeMs > nowMs) return { code: 'future_time', reason: `message time ${toIso(timeMs)} is in the future` };
  return undefined;
}

/**
 * Contract: messages keep their order; a message of `parts` parts gets `parts` consecutive createTimes starting at
 * the first millisecond that is at or after its own time, after the previous message's last part, and not before
 * the space — nudged by +1 ms, never reordered, so createTimes are unique and a reply never precedes its root.
 * A message its nudge would push past now is refused (`undefined`) and does not move the timeline. Times are
 * placed for every message before --since/--until filter (`inWindow`), so the window never changes them.
 */
export class Timeline {
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly nowMs: number,
    private readonly window: { readonly sinceMs?: number; readonly untilMs?: number },
  ) {}

  /** The first part's createTime, or undefined when the last part would fall after now. */
  place(timeMs: number, parts: number, spaceCreateMs: number): number | undefined {
    const firstMs = Math.max(timeMs, this.lastMs + 1, spaceCreateMs);
    const lastMs = firstMs + parts - 1;
    if (lastMs > this.nowMs) return undefined;
    this.lastMs = lastMs;
    return firstMs;
  }

  inWindow(timeMs: number): boolean {
    const { sinceMs, untilMs } = this.window;
    return (sinceMs === undefined || timeMs >= sinceMs) && (untilMs === undefined || timeMs < untilMs);
  }
}

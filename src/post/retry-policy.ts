// When to retry a failed call, and after how long: a pure function of the attempt and the error, so it is
// tested without a clock. Quota answers (429) and server or network failures retry with capped exponential
// backoff and jitter, honouring the server's advised wait; client errors (400, 403, 404, 409 ALREADY_EXISTS…)
// do not, because sending the same request again would fail the same way.
import type { ApiError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts in all (the first call included) for server and network errors. */
  readonly maxAttempts: number;
  /** Attempts for 429: quota waits are normal under load, so they get more room. */
  readonly maxQuotaAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, maxQuotaAttempts: 30, baseDelayMs: 1_000, maxDelayMs: 32_000 };

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryable(error: Pick<ApiError, 'status' | 'googleStatus'>): boolean {
  if (error.status === 0) return true; // no answer: reset, timeout, refused connection
  if (error.googleStatus === 'ABORTED') return true;
  return TRANSIENT_STATUSES.has(error.status);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined to give up. `random` ∈ [0, 1) adds jitter so
 * that many spaces retrying at once do not hit the API in step.
 */
export function retryDelay(attempt: number, error: Pick<ApiError, 'status' | 'googleStatus' | 'retryAfterMs'>, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  if (!isRetryable(error)) return undefined;
  const limit = error.status === 429 ? policy.maxQuotaAttempts : policy.maxAttempts;
  if (attempt >= limit) return undefined;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  const jitter = random * Math.min(policy.baseDelayMs, backoff);
  if (error.retryAfterMs !== undefined) {
    // The server knows when the quota window frees up: wait exactly that, plus a little jitter, not a full backoff.
    return Math.min(error.retryAfterMs, policy.maxDelayMs * 2) + Math.round(jitter / 10);
  }
  return Math.round(Math.min(backoff + jitter, policy.maxDelayMs));
}

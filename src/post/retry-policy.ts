// When to retry a failed call, and after how long: a pure function of the attempt and the error, so it is
// tested without a clock. Quota answers (429) and server or network failures retry with capped exponential
// backoff and jitter, honouring the server's advised wait; client errors (400, 403, 404, 409 ALREADY_EXISTS…)
// do not, because sending the same request again would fail the same way.
//
// The default budget rides out an outage of about a minute and a half: server and network errors get 8 attempts,
// with waits of 1, 2, 4, 8, 16, 32 and 32 s (95 s, plus up to 1 s of jitter each) between them; a request that
// hangs adds its timeout (60 s by default) to every attempt. `retryForMs` (--retry-for) lets an operator ride out
// a longer one: a write keeps retrying until that much time has passed since its first attempt.
import type { ApiError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts in all (the first call included) for server and network errors. */
  readonly maxAttempts: number;
  /** Attempts for 429: quota waits are normal under load, so they get more room. */
  readonly maxQuotaAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Keep retrying transient errors until this long after the write's first attempt, whatever the attempt count. */
  readonly retryForMs?: number;
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
 * that many spaces retrying at once do not hit the API in step. `elapsedMs`: time since the write's first attempt.
 */
export function retryDelay(
  attempt: number,
  error: Pick<ApiError, 'status' | 'googleStatus' | 'retryAfterMs'>,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  elapsedMs = 0,
): number | undefined {
  if (!isRetryable(error)) return undefined;
  const limit = error.status === 429 ? policy.maxQuotaAttempts : policy.maxAttempts;
  const withinBudget = policy.retryForMs !== undefined && elapsedMs < policy.retryForMs;
  if (attempt >= limit && !withinBudget) return undefined;
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  const jitter = random * Math.min(policy.baseDelayMs, backoff);
  if (error.retryAfterMs !== undefined) {
    // The server knows when the quota window frees up: wait exactly that, plus a little jitter, not a full backoff.
    return Math.min(error.retryAfterMs, policy.maxDelayMs * 2) + Math.round(jitter / 10);
  }
  return Math.round(Math.min(backoff + jitter, policy.maxDelayMs));
}

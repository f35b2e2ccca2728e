import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/post/retry-policy.js';

const err = (status: number, googleStatus: Uppercase<string>, retryAfterMs?: number) => ({ status, googleStatus, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

describe('retryDelay', () => {
  it.each([
    ['400 INVALID_ARGUMENT', err(400, 'INVALID_ARGUMENT'), undefined],
    ['403 PERMISSION_DENIED', err(403, 'PERMISSION_DENIED'), undefined],
    ['404 NOT_FOUND', err(404, 'NOT_FOUND'), undefined],
    ['409 ALREADY_EXISTS', err(409, 'ALREADY_EXISTS'), undefined],
    ['409 ABORTED', err(409, 'ABORTED'), 1000],
    ['500 INTERNAL', err(500, 'INTERNAL'), 1000],
    ['503 UNAVAILABLE', err(503, 'UNAVAILABLE'), 1000],
    ['network reset', err(0, 'ECONNRESET'), 1000],
    ['429 without advice', err(429, 'RESOURCE_EXHAUSTED'), 1000],
  ])('first retry after %s', (_name, error, expected) => {
    expect(retryDelay(1, error, 0)).toBe(expected);
  });

  it('doubles up to the cap, with jitter of at most one base delay', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelay(attempt, err(503, 'UNAVAILABLE'), 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 32000]);
    expect(retryDelay(2, err(503, 'UNAVAILABLE'), 0.5)).toBe(2500);
  });

  it('gives up after maxAttempts for server errors but keeps waiting longer on quota', () => {
    expect(retryDelay(DEFAULT_RETRY_POLICY.maxAttempts, err(500, 'INTERNAL'), 0)).toBeUndefined();
    expect(retryDelay(DEFAULT_RETRY_POLICY.maxAttempts, err(429, 'RESOURCE_EXHAUSTED', 250), 0)).toBe(250);
    expect(retryDelay(DEFAULT_RETRY_POLICY.maxQuotaAttempts, err(429, 'RESOURCE_EXHAUSTED', 250), 0)).toBeUndefined();
  });

  it('honours the server-advised wait instead of the backoff', () => {
    expect(retryDelay(5, err(429, 'RESOURCE_EXHAUSTED', 1200), 0)).toBe(1200);
    expect(retryDelay(1, err(429, 'RESOURCE_EXHAUSTED', 1200), 0.9)).toBe(1290);
  });

  it('by default rides out about 95 s of failing attempts (waits 1+2+4+8+16+32+32 s), then gives up', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelay(attempt, err(0, 'ECONNRESET'), 0) as number);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(95_000);
    expect(retryDelay(8, err(0, 'RESPONSE_TIMEOUT'), 0)).toBeUndefined();
  });

  it('with retryForMs keeps retrying transient errors until that long after the first attempt', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, retryForMs: 30 * 60_000 };
    // Attempt 40, 29 minutes in: still retrying, at the capped backoff.
    expect(retryDelay(40, err(0, 'ECONNRESET'), 0, policy, 29 * 60_000)).toBe(32_000);
    expect(retryDelay(40, err(503, 'UNAVAILABLE'), 0, policy, 29 * 60_000)).toBe(32_000);
    expect(retryDelay(40, err(429, 'RESOURCE_EXHAUSTED', 5_000), 0, policy, 29 * 60_000)).toBe(5_000);
    // The budget spent: the attempt limits apply again.
    expect(retryDelay(40, err(0, 'ECONNRESET'), 0, policy, 30 * 60_000)).toBeUndefined();
    // Never shorter than the default, never for client errors.
    expect(retryDelay(3, err(500, 'INTERNAL'), 0, { ...DEFAULT_RETRY_POLICY, retryForMs: 1 }, 10)).toBe(4_000);
    expect(retryDelay(1, err(400, 'INVALID_ARGUMENT'), 0, policy, 0)).toBeUndefined();
  });
});

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
});

import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/duration.js';

describe('formatDuration: the one form of a duration in progress lines, status and reports', () => {
  it.each([
    [0, '0s'],
    [499, '<1s'],
    [500, '1s'],
    [12_345, '12s'],
    [59_400, '59s'],
    [59_999, '1m00s'],
    [60_000, '1m00s'],
    [125_000, '2m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [3_725_000, '1h02m'],
    [86_400_000 + 3 * 3_600_000, '1d03h'],
    [-5_000, '0s'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

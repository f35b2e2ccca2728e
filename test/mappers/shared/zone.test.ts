import { describe, expect, it } from 'vitest';
import { isTimeZone, wallClockToMs } from '../../../mappers/shared/zone.js';

const wall = (iso: string): number => Date.parse(`${iso}Z`);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('wallClockToMs', () => {
  it.each([
    ['2024-01-15T10:00:00', 'Europe/Berlin', '2024-01-15T09:00:00.000Z'], // CET, +1
    ['2024-07-15T10:00:00', 'Europe/Berlin', '2024-07-15T08:00:00.000Z'], // CEST, +2
    ['2024-07-15T10:00:00', 'America/New_York', '2024-07-15T14:00:00.000Z'], // EDT, -4
    ['2024-07-15T10:00:00', 'Asia/Kolkata', '2024-07-15T04:30:00.000Z'], // +5:30
    ['2024-07-15T10:00:00', 'UTC', '2024-07-15T10:00:00.000Z'],
    ['2024-03-31T03:30:00', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'], // just after spring forward: CEST
    ['2024-03-31T01:59:59', 'Europe/Berlin', '2024-03-31T00:59:59.000Z'], // just before it: CET
    ['2024-03-31T02:30:00', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'], // skipped by the clocks: an hour later
    ['2024-10-27T02:30:00', 'Europe/Berlin', '2024-10-27T01:30:00.000Z'], // shown twice: the standard-time one
  ])('%s in %s is %s', (local, zone, expected) => {
    expect(iso(wallClockToMs(wall(local), zone))).toBe(expected);
  });

  it('keeps milliseconds', () => {
    expect(iso(wallClockToMs(wall('2024-01-15T10:00:00.123'), 'Europe/Berlin'))).toBe('2024-01-15T09:00:00.123Z');
  });
});

describe('isTimeZone', () => {
  it('knows IANA zones and nothing else', () => {
    expect(['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'].map(isTimeZone)).toEqual([true, true, true, true]);
    expect(['Mars/Base', 'CEST+2', ''].map(isTimeZone)).toEqual([false, false, false]);
  });
});

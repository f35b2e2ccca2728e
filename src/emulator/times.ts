// Timestamps as integer microseconds since the epoch. Google compares createTime values at (at least)
// microsecond precision (chat-api.md §2), and µs since 1970 stay well inside Number.MAX_SAFE_INTEGER.
import { invalidArgument } from './errors.js';

export const MICROS_PER_MS = 1000;
export const DAY_MS = 86_400_000;
/** Import-mode spaces are deleted 90 days after spaces.create (current docs; older copies said 30). */
export const IMPORT_WINDOW_MS = 90 * DAY_MS;
/** The earliest createTime a space accepts: 2000-01-01T00:00:00Z. */
export const EARLIEST_SPACE_US = Date.UTC(2000, 0, 1) * MICROS_PER_MS;

// RFC 3339 as protobuf's JSON mapping reads it: date, 'T', time, up to 9 fractional digits, 'Z' or an offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 timestamp to µs (digits beyond µs are dropped); anything else is INVALID_ARGUMENT. */
export function parseTimestamp(value: unknown, field: string): number {
  const m = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!m) throw invalidArgument(`Invalid value for ${field}: expected an RFC 3339 timestamp, got ${JSON.stringify(value)}`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  // Date.UTC silently rolls 2023-02-30 over to March; a round trip catches impossible fields.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw invalidArgument(`Invalid value for ${field}: ${JSON.stringify(value)} is not a valid date and time`);
  }
  const offsetMin = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  const fractionUs = m[7] ? Number(m[7].padEnd(9, '0').slice(0, 6)) : 0;
  return (ms - offsetMin * 60_000) * MICROS_PER_MS + fractionUs;
}

/** Formats µs like protobuf's JSON mapping: 0, 3 or 6 fractional digits as needed, always UTC 'Z'. */
export function formatTimestamp(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const fraction = us - seconds * 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (fraction === 0) return `${base}Z`;
  if (fraction % 1000 === 0) return `${base}.${String(fraction / 1000).padStart(3, '0')}Z`;
  return `${base}.${String(fraction).padStart(6, '0')}Z`;
}

// Time parsing shared by the mappers: every source writes times differently (ISO 8601 strings, epoch seconds,
// epoch milliseconds), and the model wants epoch milliseconds (UTC). Pure.

/**
 * Epoch numbers are told apart by magnitude: below 1e11 is seconds (1e11 s is the year 5138), below 1e14
 * milliseconds, below 1e17 microseconds, else nanoseconds. 1e11 ms is March 1973, so a real export in
 * milliseconds is never read as seconds.
 */
const SECONDS_BELOW = 1e11;
const MILLIS_BELOW = 1e14;
const MICROS_BELOW = 1e17;

const EPOCH = /^(-?)(\d+)(?:\.(\d+))?$/;
// Date, optional time (":ss" and a fraction optional), optional zone; a space may replace the "T".
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms from an epoch number in seconds, milliseconds, microseconds or nanoseconds (told apart by size). */
export function epochToMs(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  return epochDigitsToMs(value < 0 ? '-' : '', ...splitNumber(Math.abs(value)));
}

function splitNumber(value: number): [string, string] {
  // toFixed avoids exponent notation and keeps sub-second digits exact enough for ms.
  const [int = '0', frac = ''] = value.toFixed(6).split('.');
  return [int, frac];
}

function epochDigitsToMs(sign: string, intDigits: string, fracDigits: string): number | undefined {
  // Nanoseconds overflow a double's exact integers: scale them down as a BigInt first.
  const digits = intDigits.length > 15 ? (BigInt(intDigits) / 1000n).toString() : intDigits;
  const scale = intDigits.length > 15 ? 1000 : 1;
  const int = Number(digits) * scale;
  if (!Number.isFinite(int) || intDigits.length > 21) return undefined;
  let ms: number;
  if (int < SECONDS_BELOW) ms = int * 1000 + Number(fracDigits.slice(0, 3).padEnd(3, '0'));
  else if (int < MILLIS_BELOW) ms = int;
  else if (int < MICROS_BELOW) ms = Math.floor(Number(digits) / (1000 / scale));
  else ms = Math.floor(Number(digits) / (1_000_000 / scale));
  return sign === '-' ? -ms : ms;
}

/**
 * Epoch ms from an ISO 8601 date-time. A time without a zone is read as UTC (documented in docs/sources.md);
 * a date alone is midnight UTC. Returns undefined for anything else, including impossible dates (Feb 30).
 */
export function isoToMs(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  // A leap second (":60") is kept in the same minute rather than rejected.
  const second = Math.min(Number(s), 59);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || Number(s) > 60) return undefined;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls Feb 30 over into March: reject instead of guessing.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return local - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * Epoch ms from whatever a source wrote: an epoch number (or a string of digits, with an optional fraction) in
 * seconds/ms/µs/ns, or an ISO 8601 string. Undefined when it is none of these.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const epoch = EPOCH.exec(text);
  if (epoch) return epochDigitsToMs(epoch[1] ?? '', epoch[2] ?? '0', epoch[3] ?? '');
  return isoToMs(text);
}

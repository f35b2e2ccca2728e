// Local wall-clock times in a named (IANA) time zone → epoch ms, for exports that write times without a zone
// (Telegram Desktop's `date`). Intl knows every zone's offsets and daylight-saving rules; no table of our own.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    const fields = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', ...fields });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when Intl knows `zone` (Europe/Berlin, America/New_York, UTC…). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `ms`. */
function offsetAt(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which `zone`'s clocks showed `wallMs` (a wall-clock time written as if it were UTC). The offset
 * is looked up twice, so a time just after a daylight-saving change gets the offset in force then. A time the
 * clocks skipped (spring forward) lands an hour later; one they showed twice (fall back) is the standard-time one.
 */
export function wallClockToMs(wallMs: number, zone: string): number {
  const guess = wallMs - offsetAt(zone, wallMs);
  return wallMs - offsetAt(zone, guess);
}

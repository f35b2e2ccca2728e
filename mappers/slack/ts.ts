// Slack message timestamps. A `ts` such as "1498401043.277604" is seconds.microseconds as a *string*: it is the
// message's id within its conversation, so it is kept verbatim, and its time is computed with integer arithmetic
// (a double cannot hold 16 significant digits, so parseFloat could reorder two messages a microsecond apart).

const TS = /^(\d{1,12})(?:\.(\d{1,9}))?$/;

/** Seconds and microseconds of a well-formed ts, or undefined. */
function parts(ts: string): { seconds: number; micros: number } | undefined {
  const match = TS.exec(ts);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return { seconds: Number(match[1]), micros: Number(fraction) };
}

export function isTs(value: unknown): value is string {
  return typeof value === 'string' && TS.test(value);
}

/** Epoch milliseconds of a ts, floored to the millisecond. */
export function tsToMs(ts: string): number | undefined {
  const p = parts(ts);
  return p ? p.seconds * 1000 + Math.floor(p.micros / 1000) : undefined;
}

/** Orders two well-formed ts strings by time (microsecond precision). */
export function compareTs(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return 0;
  return pa.seconds - pb.seconds || pa.micros - pb.micros;
}

/**
 * Seconds since the epoch as Slack writes them in tables (`created`): a number, or a numeric string in some
 * exports (the zulip fixtures' channels.json has `"created": "1433558319"`). Returns milliseconds.
 */
export function secondsToMs(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds * 1000) : undefined;
}

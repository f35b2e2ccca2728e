// The messages.list filter grammar (chat-api.md §2, rule 31): `create_time > "RFC3339"`, `create_time <
// "RFC3339"` and one `thread.name = spaces/x/threads/y`, joined by AND. Anything else is a 400, as in Google.
import { invalidArgument } from './errors.js';
import { parseTimestamp } from './times.js';

export interface MessageFilter {
  /** Exclusive lower bound, µs. */
  afterUs?: number;
  /** Exclusive upper bound, µs. */
  beforeUs?: number;
  threadName?: string;
}

const TIME_TERM = /^\s*create_time\s*([<>])\s*"([^"]*)"\s*$/;
const THREAD_TERM = /^\s*thread\.name\s*=\s*("?)(spaces\/[^\s"/]+\/threads\/[^\s"/]+)\1\s*$/;

export function parseMessageFilter(filter: string): MessageFilter {
  const result: MessageFilter = {};
  if (filter.trim() === '') return result;
  for (const term of filter.split(/\s+AND\s+/)) {
    const time = TIME_TERM.exec(term);
    if (time) {
      const us = parseTimestamp(time[2], 'filter create_time');
      if (time[1] === '>') result.afterUs = Math.max(result.afterUs ?? -Infinity, us);
      else result.beforeUs = Math.min(result.beforeUs ?? Infinity, us);
      continue;
    }
    const thread = THREAD_TERM.exec(term);
    if (thread && result.threadName === undefined) {
      result.threadName = thread[2];
      continue;
    }
    throw invalidArgument(`Invalid filter ${JSON.stringify(filter)}: use create_time > "RFC 3339", create_time < "RFC 3339" and one thread.name = spaces/…/threads/…, joined by AND.`);
  }
  return result;
}

/** `create_time ASC` (the default) or `create_time DESC`. */
export function parseMessageOrder(orderBy: string | null): 'ASC' | 'DESC' {
  if (orderBy === null || orderBy.trim() === '') return 'ASC';
  const m = /^\s*(?:create_time\s+)?(ASC|DESC)\s*$/i.exec(orderBy);
  if (!m) throw invalidArgument(`Invalid orderBy ${JSON.stringify(orderBy)}: use "create_time ASC" or "create_time DESC".`);
  return (m[1] as string).toUpperCase() as 'ASC' | 'DESC';
}

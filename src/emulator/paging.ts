// Page tokens: opaque to clients, but bound to the list they came from. A token carries the request's filter
// and ordering; replaying it with a different filter is a 400, as Google documents for its list methods.
import { invalidArgument } from './errors.js';

export interface PageState {
  /** Everything that shapes the result (filter, orderBy, showDeleted, parent …), serialised. */
  query: string;
  /** Where the next page starts: an offset, or a createTime cursor for messages. */
  at: number;
}

export function encodePageToken(state: PageState): string {
  return Buffer.from(JSON.stringify([state.query, state.at])).toString('base64url');
}

/** The position carried by `token` (undefined for the first page); 400 when it is foreign or from another query. */
export function decodePageToken(token: string | null, query: string): number | undefined {
  if (token === null || token === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidArgument('Invalid page token.');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'number') {
    throw invalidArgument('Invalid page token.');
  }
  if (parsed[0] !== query) {
    throw invalidArgument('The page token does not match the request: keep filter and other parameters unchanged while paging.');
  }
  return parsed[1];
}

/** Offset paging over a small, already filtered list (spaces, members, reactions). */
export function offsetPage<T>(items: readonly T[], pageSize: number, token: string | null, query: string):
  { page: T[]; nextPageToken?: string } {
  const start = decodePageToken(token, query) ?? 0;
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize;
  return next < items.length ? { page, nextPageToken: encodePageToken({ query, at: next }) } : { page };
}

// Page tokens: opaque to clients, but bound to the list they came from. A token carries the request's filter
// and ordering; replaying it with a different filter is a 400, as Google documents for its list methods.
import { invalidArgument } from './errors.js';
import type { JsonObject } from './validate.js';

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

/**
 * A list method's answer by offset paging over a small, already filtered list (spaces, members, reactions): the
 * page's views under `field` and, when more follow, the token; nothing at all for an empty page, as Google leaves
 * the field out.
 */
export function offsetPage<T>(field: string, items: readonly T[], view: (item: T) => unknown, pageSize: number, token: string | null, query: string): JsonObject {
  const start = decodePageToken(token, query) ?? 0;
  const page = items.slice(start, start + pageSize);
  if (page.length === 0) return {};
  const next = start + pageSize;
  return next < items.length ? { [field]: page.map(view), nextPageToken: encodePageToken({ query, at: next }) } : { [field]: page.map(view) };
}

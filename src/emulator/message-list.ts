// spaces.messages.list (rule 31): createTime-ordered pages over the space's sorted message array (or one thread's),
// found by binary search, so a page costs O(log n + page) however large the space is. The page token is a
// createTime cursor, which stays correct while an import keeps adding messages.
import { authorizedSpace } from './access.js';
import type { Call } from './context.js';
import { parseMessageFilter, parseMessageOrder } from './message-filter.js';
import { decodePageToken, encodePageToken } from './paging.js';
import { firstAfter, type MessageRec } from './store.js';
import { listParams, queryFlag, type JsonObject } from './validate.js';
import { messageView } from './views.js';

export function listMessages(call: Call): JsonObject {
  const { query } = call;
  const space = authorizedSpace(call, 'messages.list');
  const { pageSize, filter: filterText, pageToken } = listParams(query, 25, 1000);
  const filter = parseMessageFilter(filterText);
  const order = parseMessageOrder(query.get('orderBy'));
  const showDeleted = queryFlag(query, 'showDeleted');
  const tokenQuery = `messages|${space.id}|${filterText}|${order}|${showDeleted}`;
  const cursor = decodePageToken(pageToken, tokenQuery);

  let list: readonly MessageRec[] = space.messages;
  if (filter.threadName !== undefined) {
    const prefix = `${space.name}/threads/`;
    const thread = filter.threadName.startsWith(prefix) ? space.threads.get(filter.threadName.slice(prefix.length)) : undefined;
    list = thread?.messages ?? [];
  }
  const after = Math.max(filter.afterUs ?? -Infinity, order === 'ASC' ? (cursor ?? -Infinity) : -Infinity);
  const before = Math.min(filter.beforeUs ?? Infinity, order === 'DESC' ? (cursor ?? Infinity) : Infinity);
  const page: MessageRec[] = [];
  let more = false;
  const take = (m: MessageRec): boolean => {
    if (m.deleted && !showDeleted) return true;
    if (page.length === pageSize) {
      more = true;
      return false;
    }
    page.push(m);
    return true;
  };
  if (order === 'ASC') {
    for (let i = firstAfter(list, after); i < list.length; i++) {
      const m = list[i] as MessageRec;
      if (m.createTimeUs >= before || !take(m)) break;
    }
  } else {
    // Last index with createTime < before: one before the first index with createTime >= before.
    const start = before === Infinity ? list.length - 1 : firstAfter(list, before - 1) - 1;
    for (let i = start; i >= 0; i--) {
      const m = list[i] as MessageRec;
      if (m.createTimeUs <= after || !take(m)) break;
    }
  }
  if (page.length === 0) return {};
  const result: JsonObject = { messages: page.map(messageView) };
  if (more) result['nextPageToken'] = encodePageToken({ query: tokenQuery, at: (page[page.length - 1] as MessageRec).createTimeUs });
  return result;
}

// Which thread a new message joins (chat-api.md §2; rules 24, 25). Thread keys are scoped to the calling app.
// With the default reply option every message starts a thread and any key or name is ignored, which is exactly
// the mistake that flattens an import: replies need thread.threadKey plus a REPLY_MESSAGE_* option.
import type { Call } from './context.js';
import { invalidArgument, notFound } from './errors.js';
import type { SpaceRec, ThreadRec } from './store.js';
import { optionalObject, optionalString } from './validate.js';

const MAX_THREAD_KEY = 4000;
const REPLY_OPTIONS = new Set(['MESSAGE_REPLY_OPTION_UNSPECIFIED', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD', 'REPLY_MESSAGE_OR_FAIL']);

/** Either an existing thread to reply in, or a new thread (registered under `newKey` when one was given). */
export type ThreadChoice = { existing: ThreadRec } | { existing?: undefined; newKey?: string };

export function threadKeyIndex(app: string, key: string): string {
  return `${app}\n${key}`;
}

export function chooseThread(call: Call, space: SpaceRec): ThreadChoice {
  const { body, query, caller } = call;
  const thread = optionalObject(body, 'thread', 'message.thread') ?? {};
  // The deprecated query parameter still works; the body field wins when both are set.
  const key = optionalString(thread, 'threadKey', 'message.thread.thread_key') ?? (query.get('threadKey') || undefined);
  const name = optionalString(thread, 'name', 'message.thread.name');
  if (key !== undefined && key.length > MAX_THREAD_KEY) throw invalidArgument(`thread_key is limited to ${MAX_THREAD_KEY} characters.`);
  if (name !== undefined && !/^spaces\/[^/]+\/threads\/[^/]+$/.test(name)) throw invalidArgument('thread.name must be spaces/{space}/threads/{thread}.');
  const option = query.get('messageReplyOption') || 'MESSAGE_REPLY_OPTION_UNSPECIFIED';
  if (!REPLY_OPTIONS.has(option)) throw invalidArgument(`Invalid value for messageReplyOption: ${JSON.stringify(option)}`);
  if (option === 'MESSAGE_REPLY_OPTION_UNSPECIFIED') return {};

  if (name !== undefined) {
    const found = name.startsWith(`${space.name}/threads/`) ? space.threads.get(name.slice(space.name.length + '/threads/'.length)) : undefined;
    if (found) return { existing: found };
    if (option === 'REPLY_MESSAGE_OR_FAIL') throw notFound(`Thread ${name} not found.`);
  }
  if (key !== undefined) {
    const found = space.threadsByKey.get(threadKeyIndex(caller.app, key));
    // Even with OR_FAIL a key nobody used yet starts a thread (only an unknown thread.name fails).
    return found ? { existing: found } : { newKey: key };
  }
  return {};
}

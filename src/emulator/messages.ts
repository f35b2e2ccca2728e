// spaces.messages.create / get / update (patch, put) / delete (chat-api.md §2; §9 rules 18–30).
import { authorize, authorizedSpace, membershipOf } from './access.js';
import { claimUploads, findUploads } from './attachments.js';
import type { Caller } from './auth.js';
import type { Call } from './context.js';
import { alreadyExists, failedPrecondition, invalidArgument, permissionDenied } from './errors.js';
import { randomId } from './ids.js';
import { resolveMessage, resolveSpace } from './lookup.js';
import { insertByCreateTime, type MessageRec, type SpaceRec, type ThreadRec } from './store.js';
import { chooseThread, threadKeyIndex, type ThreadChoice } from './threads.js';
import { formatTimestamp, MICROS_PER_MS, parseTimestamp } from './times.js';
import { optionalObject, optionalString, queryFlag, type JsonObject } from './validate.js';
import { messageView } from './views.js';

const MAX_TEXT_BYTES = 32_000;
const MESSAGE_ID = /^client-[a-z0-9-]+$/;
const MAX_MESSAGE_ID = 63;
/** Rule 18: impersonated users post text only. */
const APP_ONLY_FIELDS = ['cardsV2', 'cards', 'accessoryWidgets', 'privateMessageViewer'];

function identityOf(caller: Caller): string {
  return caller.user ? `user:${caller.user}` : `app:${caller.app}`;
}

function checkContent(caller: Caller, body: JsonObject, fields: readonly string[] = Object.keys(body)): void {
  if (caller.user) {
    for (const f of APP_ONLY_FIELDS) {
      if (fields.includes(f) && body[f] !== undefined) throw invalidArgument(`message.${f} is only available with app authentication.`);
    }
  }
  const text = optionalString(body, 'text', 'message.text') ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TEXT_BYTES) throw invalidArgument(`message.text is ${bytes} bytes; the limit is ${MAX_TEXT_BYTES} bytes.`);
}

/** Rule 30: quote within the same thread, or quote a root from a new root; lastUpdateTime must be current. */
function checkQuote(space: SpaceRec, body: JsonObject, choice: ThreadChoice): { name: string; lastUpdateTime: string } | undefined {
  const quote = optionalObject(body, 'quotedMessageMetadata', 'message.quoted_message_metadata');
  if (!quote) return undefined;
  const name = optionalString(quote, 'name', 'message.quoted_message_metadata.name') ?? '';
  const prefix = `${space.name}/messages/`;
  const quoted = name.startsWith(prefix)
    ? (name.slice(prefix.length).startsWith('client-') ? space.messagesByClientId : space.messagesById).get(name.slice(prefix.length))
    : undefined;
  if (!quoted || quoted.deleted) throw invalidArgument(`Quoted message ${JSON.stringify(name)} not found in ${space.name}.`);
  const current = quoted.lastUpdateUs ?? quoted.createTimeUs;
  if (quote['lastUpdateTime'] === undefined ||
      parseTimestamp(quote['lastUpdateTime'], 'message.quoted_message_metadata.last_update_time') !== current) {
    throw invalidArgument('quotedMessageMetadata.lastUpdateTime must match the quoted message\'s last update time.');
  }
  const sameThread = choice.existing !== undefined && choice.existing === quoted.thread;
  const rootFromRoot = choice.existing === undefined && !quoted.threadReply;
  if (!sameThread && !rootFromRoot) throw invalidArgument('A message can quote only within its thread, or quote a root message from a new thread.');
  return { name: quoted.name, lastUpdateTime: formatTimestamp(current) };
}

export function createMessage(call: Call): JsonObject {
  const { env, caller, body, query } = call;
  const space = resolveSpace(env, call.params[0] as string);
  const nowUs = env.nowMs() * MICROS_PER_MS;
  authorize(caller, space, 'messages.create', env.nowMs());
  const identity = identityOf(caller);

  // Rule 23: a requestId seen before returns the earlier message and creates nothing, whatever the body says.
  const requestId = query.get('requestId') || undefined;
  if (requestId !== undefined) {
    const seen = space.messageRequests.get(requestId);
    if (seen) {
      if (seen.identity !== identity) throw invalidArgument('This requestId was already used by another caller.');
      return messageView(seen);
    }
  }
  checkContent(caller, body);
  // Rule 22: client ids are `client-` + [a-z0-9-], at most 63 characters, never reused in the space.
  const clientId = query.get('messageId') || undefined;
  if (clientId !== undefined) {
    if (!MESSAGE_ID.test(clientId) || clientId.length > MAX_MESSAGE_ID) {
      throw invalidArgument(`messageId ${JSON.stringify(clientId)} must start with client-, use only a-z, 0-9 and -, and be at most ${MAX_MESSAGE_ID} characters.`);
    }
    if (space.messagesByClientId.has(clientId)) throw alreadyExists(`Message ${space.name}/messages/${clientId} already exists.`);
  }
  // Rules 20, 21: historical createTime only in import mode, inside [space createTime, now], unique in the space.
  let createTimeUs: number;
  if (body['createTime'] !== undefined) {
    if (!space.importMode) throw invalidArgument('message.create_time can only be set while the space is in import mode.');
    createTimeUs = parseTimestamp(body['createTime'], 'message.create_time');
    if (createTimeUs < space.createTimeUs || createTimeUs > nowUs) {
      throw invalidArgument(`message.create_time must be between the space createTime (${formatTimestamp(space.createTimeUs)}) and now.`);
    }
    if (space.createTimes.has(createTimeUs)) {
      throw invalidArgument(`Another message in ${space.name} already has createTime ${formatTimestamp(createTimeUs)}; createTime must be unique in a space.`);
    }
  } else {
    createTimeUs = nowUs;
    while (space.createTimes.has(createTimeUs)) createTimeUs++;
  }
  const choice = chooseThread(call, space);
  const uploads = findUploads(env.store, space, body['attachment']);
  const text = optionalString(body, 'text') ?? '';
  const hasCards = !caller.user && (body['cardsV2'] !== undefined || body['cards'] !== undefined);
  if (text === '' && uploads.length === 0 && !hasCards) throw invalidArgument('A message needs text or an attachment.');
  const quoted = checkQuote(space, body, choice);

  // Everything is valid: commit.
  let thread: ThreadRec;
  let messageId: string;
  if (choice.existing) {
    thread = choice.existing;
    messageId = `${randomId(11)}.${thread.id}`;
  } else {
    const threadId = randomId(11);
    messageId = `${threadId}.${threadId}`;
    thread = { id: threadId, name: `${space.name}/threads/${threadId}`, key: choice.newKey, messages: [], rootId: messageId, liveReplies: 0 };
    space.threads.set(threadId, thread);
    if (choice.newKey !== undefined) space.threadsByKey.set(threadKeyIndex(caller.app, choice.newKey), thread);
  }
  const name = `${space.name}/messages/${messageId}`;
  const senderEmail = caller.user ?? caller.app;
  const message: MessageRec = {
    id: messageId,
    name,
    space,
    clientId,
    senderEmail,
    senderId: env.directory.idOf(senderEmail),
    senderType: caller.user ? 'HUMAN' : 'BOT',
    identity,
    createTimeUs,
    text,
    markupSyntax: optionalString(body, 'markupSyntax'),
    thread,
    threadReply: choice.existing !== undefined,
    attachments: claimUploads(uploads, name),
    quoted,
    deleted: false,
    reactions: new Map(),
  };
  if (message.threadReply) thread.liveReplies++;
  space.messagesById.set(messageId, message);
  if (clientId !== undefined) space.messagesByClientId.set(clientId, message);
  if (requestId !== undefined) space.messageRequests.set(requestId, message);
  space.createTimes.add(createTimeUs);
  insertByCreateTime(space.messages, message);
  insertByCreateTime(thread.messages, message);
  env.store.messageLog.push(message);
  return messageView(message);
}

/** Rule 27: in import mode messages.get is app auth only, on the app's own messages. */
export function getMessage(call: Call): JsonObject {
  const { caller } = call;
  const space = authorizedSpace(call, 'messages.get');
  const message = resolveMessage(space, call.params[1] as string);
  if (space.importMode && message.identity !== identityOf(caller)) {
    throw permissionDenied('In import mode an app can only get the messages it created itself.');
  }
  return messageView(message);
}

const UPDATABLE = new Set(['text', 'attachment', 'cards', 'cardsV2', 'cards_v2', 'accessoryWidgets', 'accessory_widgets',
  'quotedMessageMetadata', 'quoted_message_metadata']);

/** messages.patch and messages.update: only the identity that created the message (rule 27). */
export function updateMessage(call: Call): JsonObject {
  const { env, caller, body, query } = call;
  const space = authorizedSpace(call, 'messages.update');
  const message = resolveMessage(space, call.params[1] as string);
  if (message.identity !== identityOf(caller)) throw permissionDenied('Only the identity that created a message can update it.');
  const mask = (query.get('updateMask') ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (mask.length === 0) throw invalidArgument('updateMask is required.');
  const fields = mask.includes('*') ? [...UPDATABLE] : mask;
  for (const f of fields) if (!UPDATABLE.has(f)) throw invalidArgument(`updateMask field ${JSON.stringify(f)} cannot be updated.`);
  const camel = fields.map((f) => f.replace(/_([a-z])/g, (_m: string, c: string) => c.toUpperCase()));
  checkContent(caller, body, camel);
  const uploads = camel.includes('attachment') ? findUploads(env.store, space, body['attachment']) : undefined;
  if (camel.includes('text')) message.text = optionalString(body, 'text') ?? '';
  if (uploads) message.attachments = claimUploads(uploads, message.name);
  // Edits are stamped now: a historical lastUpdateTime cannot be set (chat-api.md §2).
  message.lastUpdateUs = Math.max(env.nowMs() * MICROS_PER_MS, message.createTimeUs);
  return messageView(message);
}

function markMessageDeleted(message: MessageRec, nowUs: number, byCreator: boolean): void {
  message.deleted = true;
  message.deleteTimeUs = Math.max(nowUs, message.createTimeUs);
  message.deletedByCreator = byCreator;
  if (message.threadReply) message.thread.liveReplies--;
}

/** Rules 27, 28: any domain user may delete in import mode; a root with replies needs force=true. */
export function deleteMessage(call: Call): JsonObject {
  const { env, caller, query } = call;
  const space = authorizedSpace(call, 'messages.delete');
  const message = resolveMessage(space, call.params[1] as string);
  const identity = identityOf(caller);
  if (!caller.user && message.identity !== identity) throw permissionDenied('An app can only delete its own messages.');
  if (!space.importMode && caller.user && message.identity !== identity && membershipOf(space, caller)?.role !== 'ROLE_MANAGER') {
    throw permissionDenied('Only the author or a space manager can delete this message.');
  }
  const force = queryFlag(query, 'force');
  const isRoot = message.id === message.thread.rootId;
  if (isRoot && message.thread.liveReplies > 0 && !force) {
    throw failedPrecondition('The message has replies: delete them first or pass force=true.');
  }
  const nowUs = env.nowMs() * MICROS_PER_MS;
  if (isRoot && force) {
    for (const reply of message.thread.messages) {
      if (!reply.deleted && reply !== message) markMessageDeleted(reply, nowUs, reply.identity === identity);
    }
  }
  markMessageDeleted(message, nowUs, message.identity === identity);
  return {};
}

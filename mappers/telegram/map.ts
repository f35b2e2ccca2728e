// Telegram Desktop JSON export records → the model. Pure. Facts from Telegram Desktop's JSON writer: a message
// has id, type ("message" or "service"), date (local time, no zone) and date_unixtime (epoch seconds, as a
// string), from/from_id ("user123", "channel456"), text as a string or an array of strings and {type, text}
// entities, reply_to_message_id, media as relative paths (photo, file) or "(File not included…)" notes, and
// reactions [{type: "emoji" | "custom_emoji" | "paid", count, emoji, recent: [{from, from_id, date}]}].
import type { FallbackKind, MembershipEvent, Reaction } from '../../src/model.js';
import type { SkipCode } from '../../src/reasons.js';
import { baseName } from '../shared/files.js';
import { storedMessage } from '../shared/message.js';
import type { StoredFile, StoredMessage } from '../shared/records.js';
import { parseTime } from '../shared/time.js';
import { scalar } from '../shared/raw.js';
import { wallClockToMs } from '../shared/zone.js';

type Json = Record<string, unknown>;

/** The chat types Telegram Desktop writes (a chat's "type"). */
export const CHAT_TYPES: ReadonlySet<string> = new Set([
  'personal_chat',
  'bot_chat',
  'private_group',
  'private_supergroup',
  'public_supergroup',
  'private_channel',
  'public_channel',
  'saved_messages',
]);

/** Chat types → conversation kinds: named groups and channels become spaces, one-to-one chats group chats. */
export function kindFor(type: string): 'channel' | 'private_channel' | 'dm' {
  switch (type) {
    case 'personal_chat':
    case 'bot_chat':
      return 'dm';
    case 'public_supergroup':
    case 'public_channel':
      return 'channel';
    default:
      return 'private_channel';
  }
}

const MARKS: Record<string, string> = { bold: '*', italic: '_', strikethrough: '~', code: '`' };

/** Telegram's text (a string or an array of strings and entities) → Chat text syntax. */
export function textToChat(text: unknown, fallbacks: Set<FallbackKind>): string {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return '';
  return text
    .map((part: unknown) => {
      if (typeof part === 'string') return part;
      const entity = (part ?? {}) as Json;
      const value = scalar(entity.text) ?? '';
      const type = scalar(entity.type) ?? '';
      if (type in MARKS && value.trim() !== '') return `${MARKS[type]}${value}${MARKS[type]}`;
      if (type === 'pre') return `\`\`\`\n${value}\n\`\`\``;
      const href = scalar(entity.href);
      if (type === 'text_link') return href ? `<${href}|${value}>` : value;
      if (type === 'mention_name') fallbacks.add('unmapped_mention');
      return value;
    })
    .join('');
}

/** Media the export holds (a relative path) or only names ("(File not included…)"): files of the message. */
export function mediaFiles(message: Json, messageId: string, locate: (path: string) => StoredFile['bytes']): StoredFile[] {
  const files: StoredFile[] = [];
  for (const key of ['photo', 'file']) {
    const value = scalar(message[key]);
    if (value === undefined) continue;
    const included = !value.startsWith('(');
    const name = scalar(message.file_name) || (included ? baseName(value) : `${scalar(message.media_type) || key}`);
    const bytes = included ? locate(value) : undefined;
    files.push({
      id: `${messageId}/${key}`,
      name,
      ...(scalar(message.mime_type) ? { mimeType: scalar(message.mime_type) } : {}),
      ...(typeof message.file_size === 'number' ? { sizeBytes: message.file_size } : {}),
      ...(bytes ? { bytes } : {}),
    });
  }
  return files;
}

/** Reactions with the people Telegram lists in "recent"; a reaction with nobody named cannot be written. */
export function mapReactions(message: Json, fallbacks: Set<FallbackKind>, people: Map<string, string> = new Map()): Reaction[] {
  const reactions: Reaction[] = [];
  for (const raw of Array.isArray(message.reactions) ? (message.reactions as Json[]) : []) {
    const recent = Array.isArray(raw.recent) ? (raw.recent as Json[]) : [];
    const personIds: string[] = [];
    for (const r of recent) {
      const id = scalar(r.from_id) || scalar(r.from);
      if (!id) continue;
      people.set(id, scalar(r.from) || id);
      personIds.push(id);
    }
    if (personIds.length === 0) {
      fallbacks.add('unknown_entity');
      continue;
    }
    const emoji = scalar(raw.emoji);
    if (raw.type === 'emoji' && emoji) reactions.push({ unicode: emoji, personIds });
    else if (raw.type === 'custom_emoji') reactions.push({ customName: scalar(raw.document_id) || 'custom_emoji', personIds });
    else fallbacks.add('unknown_entity');
  }
  return reactions;
}

export interface TelegramContext {
  readonly conversationId: string;
  /** The message id the record gets when the export has none (its position). */
  readonly fallbackId: string;
  /** The thread root for a reply to `messageId` (the root of its reply chain). */
  readonly threadRootOf: (messageId: string) => string;
  readonly locate: (path: string) => StoredFile['bytes'];
  /** IANA zone of times written without one (`--timezone`); absent: read as UTC and counted. */
  readonly timeZone?: string;
}

export type MappedTelegram =
  | {
      readonly kind: 'message';
      readonly message: StoredMessage;
      readonly author?: { id: string; name: string };
      /** People who reacted: id → name. */
      readonly reactors: ReadonlyMap<string, string>;
    }
  | { readonly kind: 'memberships'; readonly events: readonly MembershipEvent[] }
  | { readonly kind: 'skip'; readonly code: SkipCode; readonly reason: string };

const JOIN_ACTIONS = new Set(['join_group_by_link', 'join_group_by_request']);

/** A service message as membership events, when it is one whose people the export names by id. */
function serviceEvents(message: Json, conversationId: string, timeMs: number, idForName: (name: string) => string | undefined): MembershipEvent[] {
  const action = scalar(message.action) ?? '';
  const actor = scalar(message.actor_id);
  if (JOIN_ACTIONS.has(action)) return actor ? [{ conversationId, personId: actor, type: 'join', timeMs }] : [];
  const type = action === 'remove_members' ? 'leave' : action === 'invite_members' || action === 'create_group' ? 'join' : undefined;
  if (!type) return [];
  const members = Array.isArray(message.members) ? (message.members as unknown[]).map((member) => scalar(member) ?? '') : [];
  return members
    .map((name) => idForName(name))
    .filter((id): id is string => id !== undefined)
    .map((personId) => ({ conversationId, personId, type, timeMs }));
}

/** `date` as Telegram Desktop writes it: the exporting device's local time, with no zone. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * A message's time: `date_unixtime` (exact) when there is one. Older exports have only `date`, in the local time
 * of the device that exported: read in `timeZone` when given, else as UTC and flagged, so it can be counted.
 */
export function telegramTime(message: Json, timeZone: string | undefined): { readonly timeMs?: number; readonly readAsUtc?: true } {
  const exact = parseTime(scalar(message.date_unixtime));
  if (exact !== undefined) return { timeMs: exact };
  const date = scalar(message.date) ?? '';
  const timeMs = parseTime(date);
  if (timeMs === undefined || !LOCAL_TIME.test(date.trim())) return timeMs === undefined ? {} : { timeMs };
  return timeZone ? { timeMs: wallClockToMs(timeMs, timeZone) } : { timeMs, readAsUtc: true };
}

export function mapTelegramMessage(message: Json, context: TelegramContext, idForName: (name: string) => string | undefined): MappedTelegram {
  const id = scalar(message.id) || context.fallbackId;
  const { timeMs, readAsUtc } = telegramTime(message, context.timeZone);
  if (timeMs === undefined) return { kind: 'skip', code: 'telegram_bad_time', reason: `message ${id} has no usable date` };
  if (message.type === 'service') {
    const events = serviceEvents(message, context.conversationId, timeMs, idForName);
    if (events.length > 0) return { kind: 'memberships', events };
    return { kind: 'skip', code: 'telegram_service_message', reason: `service message ${id} (${scalar(message.action) || 'no action'}) is not imported` };
  }
  if (message.type !== undefined && message.type !== 'message') {
    return { kind: 'skip', code: 'telegram_unsupported', reason: `message ${id} of type "${scalar(message.type) ?? ''}" is not imported` };
  }
  const fallbacks = new Set<FallbackKind>();
  if (readAsUtc) fallbacks.add('telegram_local_time');
  let text = textToChat(message.text, fallbacks);
  const forwarded = scalar(message.forwarded_from);
  if (forwarded) text = `_Forwarded from ${forwarded}_\n${text}`;
  for (const key of ['poll', 'location_information', 'contact_information', 'game_title', 'invoice_information']) {
    if (message[key] !== undefined) fallbacks.add('unknown_block');
  }
  const files = mediaFiles(message, id, context.locate);
  const reactors = new Map<string, string>();
  const reactions = mapReactions(message, fallbacks, reactors);
  const replyTo = scalar(message.reply_to_message_id);
  const threadId = replyTo ? context.threadRootOf(replyTo) : undefined;
  const fromId = scalar(message.from_id) ?? '';
  const fromName = scalar(message.from) || scalar(message.author) || '';
  // Posts of a broadcast channel are signed by the channel, not a person: written by the admin, attributed.
  const fromChannel = fromId.startsWith('channel') || (!fromId && !fromName);
  const author = fromChannel ? undefined : { id: fromId || fromName, name: fromName || fromId };
  return {
    kind: 'message',
    message: storedMessage({
      conversationId: context.conversationId,
      id,
      author: author ? { authorId: author.id } : { authorName: fromName || 'Telegram channel', asAdmin: true },
      timeMs,
      text,
      threadId,
      reactions,
      files,
      fallbacks,
    }),
    ...(author ? { author } : {}),
    reactors,
  };
}

// chat-import's JSON interchange records (schema/chat-import.schema.json) → the model. Pure: each function takes
// one parsed record and returns the mapped value or a reason it cannot be used.
import type { Conversation, ConversationKind, MembershipEvent, Reaction } from '../../src/model.js';
import { emojiFromShortcode } from '../shared/emoji.js';
import { stripTokens } from '../shared/files.js';
import { isObject, scalar, str, strings } from '../shared/raw.js';
import type { StoredMessage } from '../shared/records.js';
import { parseTime } from '../shared/time.js';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

const KINDS: readonly ConversationKind[] = ['channel', 'private_channel', 'dm', 'group_dm'];
const FILE_KINDS = ['file', 'canvas', 'post', 'external'] as const;

const fail = <T>(reason: string): Mapped<T> => ({ ok: false, reason });

export interface PersonRecord {
  readonly id: string;
  readonly displayName?: string;
  readonly email?: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
}

export function mapPerson(value: unknown): Mapped<PersonRecord> {
  if (!isObject(value)) return fail('a person must be an object');
  const id = str(value.id);
  if (!id) return fail('a person needs a non-empty string "id"');
  return {
    ok: true,
    value: {
      id,
      ...(str(value.displayName) ? { displayName: str(value.displayName) } : {}),
      ...(str(value.email) ? { email: str(value.email) } : {}),
      ...(value.isBot === true ? { isBot: true } : {}),
      ...(value.deleted === true ? { deleted: true } : {}),
    },
  };
}

/** A conversation record of the interchange format maps straight onto the model's Conversation. */
export type ConversationRecordJson = Conversation;

export function mapConversation(value: unknown): Mapped<ConversationRecordJson> {
  if (!isObject(value)) return fail('a conversation must be an object');
  const id = str(value.id);
  if (!id) return fail('a conversation needs a non-empty string "id"');
  const kind = value.kind ?? 'channel';
  if (!(KINDS as readonly unknown[]).includes(kind)) return fail(`conversation ${id}: kind "${String(kind)}" is not one of ${KINDS.join(', ')}`);
  const createdMs = value.createdAt === undefined ? undefined : parseTime(value.createdAt);
  if (value.createdAt !== undefined && createdMs === undefined) return fail(`conversation ${id}: createdAt is not a time`);
  return {
    ok: true,
    value: {
      id,
      name: str(value.name) ?? id,
      kind: kind as ConversationKind,
      ...(createdMs !== undefined ? { createdMs } : {}),
      ...(str(value.description) ? { description: str(value.description) } : {}),
      memberIds: strings(value.memberIds),
      ...(value.archived === true ? { archived: true } : {}),
    },
  };
}

export function mapMembership(value: unknown): Mapped<MembershipEvent> {
  if (!isObject(value)) return fail('a membership must be an object');
  const conversationId = str(value.conversationId);
  const personId = str(value.personId);
  if (!conversationId || !personId) return fail('a membership needs "conversationId" and "personId"');
  // "event", not "type": in JSON Lines "type" already says which record a line is.
  const type = value.event;
  if (type !== 'join' && type !== 'leave') return fail(`membership event "${String(type)}" is not join or leave`);
  const timeMs = parseTime(value.time);
  if (timeMs === undefined) return fail(`membership time ${JSON.stringify(value.time)} is not ISO 8601 or epoch seconds/milliseconds`);
  return { ok: true, value: { conversationId, personId, type, timeMs } };
}

/** A file as the interchange format gives it; `path` is resolved against the JSON file's folder by the reader. */
export interface FileJson {
  readonly id: string;
  readonly name: string;
  readonly mimeType?: string;
  readonly sizeBytes?: number;
  readonly permalink?: string;
  readonly path?: string;
  readonly kind?: (typeof FILE_KINDS)[number];
}

export interface MessageJson {
  readonly message: Omit<StoredMessage, 'files'>;
  readonly files: readonly FileJson[];
}

/** `recordId` names the record when the message has no "id" (so ids stay stable for the same file). */
export function mapMessage(value: unknown, recordId: string): Mapped<MessageJson> {
  if (!isObject(value)) return fail('a message must be an object');
  const conversationId = str(value.conversationId);
  if (!conversationId) return fail('a message needs a non-empty string "conversationId"');
  const timeMs = parseTime(value.time);
  if (timeMs === undefined) return fail(`message time ${JSON.stringify(value.time)} is not ISO 8601 or epoch seconds/milliseconds`);
  const authorId = str(value.authorId);
  const authorName = str(value.authorName);
  if (!authorId && !authorName) return fail('a message needs "authorId" or "authorName"');
  const id = scalar(value.id) ?? recordId;
  const threadId = scalar(value.threadId);
  const reactions = (Array.isArray(value.reactions) ? value.reactions : []).map(mapReaction).filter((r) => r !== undefined);
  const files = (Array.isArray(value.files) ? value.files : [])
    .map((file, index) => mapFile(file, `${id}/${index + 1}`))
    .filter((f) => f !== undefined);
  return {
    ok: true,
    value: {
      message: {
        conversationId,
        id,
        ...(authorId ? { authorId } : {}),
        ...(authorName ? { authorName } : {}),
        ...(value.asAdmin === true ? { asAdmin: true } : {}),
        timeMs,
        text: typeof value.text === 'string' ? value.text : '',
        ...(threadId ? { threadId } : {}),
        ...(reactions.length > 0 ? { reactions } : {}),
      },
      files,
    },
  };
}

function mapReaction(value: unknown): Reaction | undefined {
  if (!isObject(value)) return undefined;
  const personIds = strings(value.personIds);
  if (personIds.length === 0) return undefined;
  const emoji = str(value.emoji);
  if (emoji) return { unicode: emoji, personIds };
  const shortcode = str(value.shortcode);
  const unicode = shortcode ? emojiFromShortcode(shortcode) : undefined;
  if (unicode) return { unicode, personIds };
  const customName = str(value.customName) ?? shortcode;
  return customName ? { customName, personIds } : undefined;
}

function mapFile(value: unknown, fallbackId: string): FileJson | undefined {
  if (!isObject(value)) return undefined;
  const name = str(value.name) ?? (str(value.path) ? str(value.path)?.split('/').pop() : undefined);
  if (!name) return undefined;
  const kind = (FILE_KINDS as readonly unknown[]).includes(value.kind) ? (value.kind as FileJson['kind']) : undefined;
  const url = str(value.url);
  return {
    id: str(value.id) ?? fallbackId,
    name,
    ...(str(value.mimeType) ? { mimeType: str(value.mimeType) } : {}),
    ...(typeof value.sizeBytes === 'number' && value.sizeBytes >= 0 ? { sizeBytes: value.sizeBytes } : {}),
    ...(url ? { permalink: stripTokens(url) } : {}),
    ...(str(value.path) ? { path: str(value.path) } : {}),
    ...(kind ? { kind } : {}),
  };
}

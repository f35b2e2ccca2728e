// One Slack day-file record → normalized records (src/model.ts). Pure apart from the explicit per-conversation
// state (`ConversationState`), which carries what one record teaches about later ones: bot names announced by
// `bot_add`, and which thread roots were seen. Never throws: anything malformed becomes a `skip`.
import type {
  ConversationRecord,
  FallbackKind,
  Message,
  RecordOrigin,
  Skip,
} from '../../src/model.js';
import { MAX_MESSAGE_CHARS, messageTooLarge } from '../../src/model.js';
import { REASONS } from '../../src/reasons.js';
import { FallbackSet, type SlackDirectory } from './context.js';
import { mapFiles, type FileLocator } from './files.js';
import { child, isObject, num, str, type RawObject } from '../shared/raw.js';
import { mapReactions } from './reactions.js';
import {
  BOT_SUBTYPES,
  BROADCAST_SUBTYPES,
  MEMBERSHIP_SUBTYPES,
  isSkippedSubtype,
  MESSAGE_SUBTYPES,
} from './subtypes.js';
import { convertMessageText } from './text.js';
import { isTs, tsToMs } from './ts.js';

/** What reading one conversation in time order has learned so far. */
export interface ConversationState {
  /** Bot id → name, from `bot_add` notices and `bot_profile`s (old bot posts carry neither name nor profile). */
  readonly botNames: Map<string, string>;
}

export function newConversationState(): ConversationState {
  return { botNames: new Map() };
}

export interface MapContext {
  readonly conversationId: string;
  readonly directory: SlackDirectory;
  readonly state: ConversationState;
  readonly locateFile: FileLocator;
}

export const DELETED_ROOT_TEXT = 'This message was deleted.';
export const BROADCAST_ID_SUFFIX = '-broadcast';

function where(origin: RecordOrigin | undefined): string {
  if (!origin) return '';
  return origin.record === undefined ? `${origin.file}: ` : `${origin.file} record ${origin.record}: `;
}

function skip(ctx: MapContext, origin: RecordOrigin | undefined, code: Skip['code'], reason: string): ConversationRecord {
  const value: Skip = {
    conversationId: ctx.conversationId,
    code,
    reason: `${where(origin)}${reason}`,
    ...(origin && { origin }),
  };
  return { type: 'skip', skip: value };
}

interface Author {
  readonly authorId?: string;
  readonly authorName?: string;
  readonly asAdmin?: true;
}

// `bot_add` text: "added an integration to this channel: <https://x.slack.com/services/B0JL6RASU|github>".
const SERVICE_LINK = /<[^<>|]*\/services\/(B[A-Z0-9]+)\|([^<>|]+)>/;

function learnBotName(msg: RawObject, state: ConversationState): void {
  const botId = str(msg.bot_id);
  if (!botId) return;
  const profileName = str(child(msg, 'bot_profile')?.name);
  if (profileName) state.botNames.set(botId, profileName);
  const announced = typeof msg.text === 'string' ? SERVICE_LINK.exec(msg.text) : null;
  if (announced?.[1] && announced[2]) state.botNames.set(announced[1], announced[2]);
}

function authorOf(msg: RawObject, subtype: string | undefined, ctx: MapContext, fallbacks: FallbackSet): Author {
  // `file_comment` records (exports before 2019) name the commenter only inside `comment`.
  const userId = str(msg.user) ?? (subtype === 'file_comment' ? str(child(msg, 'comment')?.user) : undefined);
  const person = userId === undefined ? undefined : ctx.directory.people.get(userId);
  const botId = str(msg.bot_id);
  const isBot =
    (subtype !== undefined && BOT_SUBTYPES.has(subtype)) ||
    botId !== undefined ||
    userId === undefined ||
    userId === 'USLACKBOT' ||
    person?.isBot === true;
  if (isBot) {
    const name =
      str(msg.username) ??
      str(child(msg, 'bot_profile')?.name) ??
      (botId === undefined ? undefined : ctx.state.botNames.get(botId)) ??
      person?.displayName ??
      (userId === 'USLACKBOT' ? 'Slackbot' : undefined) ??
      (botId === undefined ? 'integration' : `bot ${botId}`);
    return { ...(userId !== undefined && { authorId: userId }), authorName: name, asAdmin: true };
  }
  if (person) return { authorId: userId };
  // Referenced but missing from users.json: newer exports embed the author's profile in the message.
  const profile = child(msg, 'user_profile');
  const name = str(profile?.display_name) ?? str(profile?.real_name) ?? str(profile?.name);
  if (name === undefined) fallbacks.add('unknown_entity');
  return { authorId: userId, authorName: name ?? userId };
}

/** The thread a message belongs to: its root's ts (its own ts for a root), or undefined outside threads. */
function threadOf(msg: RawObject, ts: string): string | undefined {
  const threadTs = isTs(msg.thread_ts) ? msg.thread_ts : undefined;
  if (threadTs === undefined) {
    // Exports from before `thread_ts` was written on roots (2017) mark a root only by its replies.
    if ((num(msg.reply_count) ?? 0) > 0 || Array.isArray(msg.replies)) return ts;
    return undefined;
  }
  if (threadTs === ts) return ts;
  // A root deleted without a tombstone, or outside the export: the replies still share a thread (its first reply
  // starts it in Chat); the planner counts that once per thread, for every source.
  return threadTs;
}

/** "Replied to a thread: “root text…”", the line that tells main-timeline readers where a broadcast belongs. */
function broadcastHeader(msg: RawObject, directory: SlackDirectory): string {
  const root = child(msg, 'root');
  const rootText = root ? convertMessageText(root, directory).text : '';
  const firstLine = rootText.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine === '') return 'Replied to a thread';
  const chars = [...firstLine];
  const excerpt = chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : firstLine;
  return `Replied to a thread: “${excerpt}”`;
}

/** Drops keys whose value is undefined (in place: this runs once per message, so it allocates nothing). */
function compact<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return value;
}

function deletedRoot(msg: RawObject, ts: string, timeMs: number, ctx: MapContext, origin?: RecordOrigin): Message {
  const author = authorOf(msg, 'tombstone', ctx, new FallbackSet());
  return compact<Message>({
    conversationId: ctx.conversationId,
    id: ts,
    ...author,
    // A placeholder we write, never the original author's words: always posted as the admin.
    asAdmin: true,
    authorName: author.authorName ?? 'Slackbot',
    timeMs,
    text: DELETED_ROOT_TEXT,
    threadId: ts,
    fallbacks: ['deleted_thread_root'],
    origin,
  });
}

/** Maps one record. Most records give one result; a thread broadcast gives two messages. */
export function mapRecord(raw: unknown, ctx: MapContext, origin?: RecordOrigin): ConversationRecord[] {
  if (!isObject(raw)) return [skip(ctx, origin, 'bad_record', 'is not a JSON object')];
  if (raw.type !== undefined && raw.type !== 'message') {
    return [skip(ctx, origin, 'not_a_message', `has type ${JSON.stringify(raw.type)}, not "message"`)];
  }
  const ts = raw.ts;
  const timeMs = isTs(ts) ? tsToMs(ts) : undefined;
  if (!isTs(ts) || timeMs === undefined) return [skip(ctx, origin, 'missing_ts', 'message has no valid ts')];
  const subtype = typeof raw.subtype === 'string' ? raw.subtype : undefined;

  if (subtype !== undefined && subtype in MEMBERSHIP_SUBTYPES) {
    const personId = str(raw.user);
    const type = MEMBERSHIP_SUBTYPES[subtype];
    if (!personId || !type) return [skip(ctx, origin, 'bad_record', `${subtype} without a user`)];
    return [{ type: 'membership', event: { conversationId: ctx.conversationId, personId, type, timeMs } }];
  }
  if (subtype !== undefined && isSkippedSubtype(subtype)) return [skip(ctx, origin, subtype, `${subtype}: ${REASONS[subtype].meaning}`)];

  if (subtype === 'tombstone') {
    // Slack keeps a deleted message as a tombstone only while it has replies: it is a thread root.
    const isRoot = raw.thread_ts === ts || (num(raw.reply_count) ?? 0) > 0;
    if (!isRoot) return [skip(ctx, origin, 'tombstone', 'tombstone: a deleted message with no replies')];
    return [{ type: 'message', message: deletedRoot(raw, ts, timeMs, ctx, origin) }];
  }

  // Before converting: mrkdwn conversion of a text past the cap is where the time stops being linear.
  if (typeof raw.text === 'string' && raw.text.length > MAX_MESSAGE_CHARS) return [skip(ctx, origin, 'message_too_large', messageTooLarge(raw.text.length))];
  const fallbacks = new FallbackSet();
  if (subtype !== undefined && !MESSAGE_SUBTYPES.has(subtype)) fallbacks.add('unknown_subtype');
  learnBotName(raw, ctx.state);
  const author = authorOf(raw, subtype, ctx, fallbacks);
  const converted = convertMessageText(raw, ctx.directory);
  fallbacks.addAll(converted.fallbacks);
  const files = mapFiles(raw, ctx.locateFile, fallbacks, subtype !== 'file_comment');
  const reactions = mapReactions(raw);
  const threadId = threadOf(raw, ts);
  if (converted.text.trim() === '' && files.length === 0) {
    const what = subtype === undefined ? 'message' : `${subtype} message`;
    return [skip(ctx, origin, 'empty_message', `${what} has no text and no files`)];
  }
  const fallbackList: FallbackKind[] = fallbacks.list();
  const message = compact<Message>({
    conversationId: ctx.conversationId,
    id: ts,
    ...author,
    timeMs,
    text: converted.text,
    threadId,
    files: files.length > 0 ? files : undefined,
    reactions: reactions.length > 0 ? reactions : undefined,
    fallbacks: fallbackList.length > 0 ? fallbackList : undefined,
    origin,
  });
  const records: ConversationRecord[] = [{ type: 'message', message }];

  if (subtype !== undefined && BROADCAST_SUBTYPES.has(subtype) && threadId !== undefined && threadId !== ts) {
    // "Also send to channel": the reply stays in its thread, and a copy in the main timeline says which
    // thread it answers. Files and reactions stay on the reply so they are not uploaded or counted twice.
    const header = broadcastHeader(raw, ctx.directory);
    const copy = compact<Message>({
      conversationId: ctx.conversationId,
      id: `${ts}${BROADCAST_ID_SUFFIX}`,
      ...author,
      timeMs,
      text: converted.text === '' ? header : `${header}\n${converted.text}`,
      fallbacks: converted.fallbacks.length > 0 ? converted.fallbacks : undefined,
      origin,
    });
    records.push({ type: 'message', message: copy });
  }
  return records;
}

// Microsoft Teams export records (Graph chatMessage objects with PascalCase keys, as the Teams export tool
// writes them) → the model. Pure. Facts: Id is the send time in epoch ms and unique per conversation; channel
// messages carry ChannelIdentity, chat messages ChatId; a reply names its root in ReplyToId; system events have
// From = null and MessageType other than "message"; reactions name a type ("like", "heart", …, "custom", or
// the emoji itself in newer exports).
import type { FallbackKind, MembershipEvent, Reaction } from '../../src/model.js';
import type { SkipCode } from '../../src/reasons.js';
import { isEmojiText } from '../shared/emoji.js';
import { storedMessage } from '../shared/message.js';
import { stripTokens } from '../shared/files.js';
import type { StoredFile, StoredMessage } from '../shared/records.js';
import { parseTime } from '../shared/time.js';
import { htmlToChat } from './html.js';

export interface TeamsIdentity {
  readonly Id?: string | null;
  readonly DisplayName?: string | null;
}

export interface TeamsMessage {
  readonly Id?: string;
  readonly Body?: { readonly ContentType?: string; readonly Content?: string | null } | null;
  readonly CreatedDateTime?: string;
  readonly DeletedDateTime?: string | null;
  readonly Subject?: string | null;
  readonly ReplyToId?: string | null;
  readonly From?: { readonly User?: TeamsIdentity | null; readonly Application?: TeamsIdentity | null } | null;
  readonly Attachments?: readonly TeamsAttachment[] | null;
  readonly Reactions?: readonly { readonly ReactionType?: string; readonly User?: { readonly User?: TeamsIdentity | null } | null }[] | null;
  readonly MessageType?: string;
  readonly ChannelIdentity?: { readonly ChannelId?: string; readonly TeamId?: string } | null;
  readonly ChatId?: string | null;
  readonly EventDetail?: Record<string, unknown> | null;
}

export interface TeamsAttachment {
  readonly Id?: string;
  readonly ContentType?: string;
  readonly ContentUrl?: string | null;
  readonly Content?: string | null;
  readonly Name?: string | null;
}

/** Teams' named reactions (the classic six) → Unicode. */
export const REACTIONS: Readonly<Record<string, string>> = {
  like: '👍',
  heart: '❤️',
  laugh: '😆',
  surprised: '😮',
  sad: '😢',
  angry: '😡',
};

export function mapReactions(message: TeamsMessage): Reaction[] {
  const byType = new Map<string, string[]>();
  for (const reaction of message.Reactions ?? []) {
    const type = reaction.ReactionType;
    const user = reaction.User?.User?.Id;
    if (!type || !user) continue;
    const users = byType.get(type) ?? [];
    if (!users.includes(user)) users.push(user);
    byType.set(type, users);
  }
  return [...byType].map(([type, personIds]) => {
    const unicode = REACTIONS[type.toLowerCase()] ?? (isEmojiText(type) ? type : undefined);
    return unicode ? { unicode, personIds } : { customName: type, personIds };
  });
}

/** System events (no sender): membership changes when the export names members, else nothing to write. */
export function isSystemEvent(message: TeamsMessage): boolean {
  return (message.MessageType ?? 'message') !== 'message' || /<systemEventMessage\s*\/?>/i.test(message.Body?.Content ?? '');
}

const JOINS = ['MembersAdded', 'MembersJoined'];
const LEAVES = ['MembersDeleted', 'MembersLeft'];

export function systemMemberships(message: TeamsMessage, conversationId: string, timeMs: number): MembershipEvent[] {
  const events: MembershipEvent[] = [];
  const detail = message.EventDetail ?? {};
  for (const [keys, type] of [[JOINS, 'join'], [LEAVES, 'leave']] as const) {
    for (const key of keys) {
      const members = (detail[key] as { Members?: TeamsIdentity[] } | null | undefined)?.Members ?? [];
      for (const member of members) if (member.Id) events.push({ conversationId, personId: member.Id, type, timeMs });
    }
  }
  return events;
}

export type MappedMessage =
  | { readonly ok: true; readonly message: StoredMessage }
  | { readonly ok: false; readonly code: SkipCode; readonly reason: string };

export interface MessageContext {
  /** Bytes for a file id/name when `--files-dir` holds them (resolved by the reader before mapping). */
  readonly bytesFor: (id: string, name: string) => StoredFile['bytes'];
}

export function mapMessage(message: TeamsMessage, conversationId: string, context: MessageContext): MappedMessage {
  const id = message.Id ?? '';
  if (message.DeletedDateTime) return { ok: false, code: 'teams_deleted_message', reason: `message ${id} was deleted` };
  const timeMs = parseTime(message.CreatedDateTime);
  if (timeMs === undefined) return { ok: false, code: 'teams_bad_time', reason: `message ${id} has no usable CreatedDateTime` };
  const fallbacks = new Set<FallbackKind>();
  const body = message.Body?.Content ?? '';
  const html = (message.Body?.ContentType ?? 'html').toLowerCase() === 'html';
  const converted = html ? htmlToChat(body) : { text: body, images: [], fallbacks: [] };
  converted.fallbacks.forEach((kind) => fallbacks.add(kind));
  const subject = message.Subject?.trim();
  const text = subject ? `*${subject}*${converted.text ? `\n${converted.text}` : ''}` : converted.text;

  const files: StoredFile[] = [];
  for (const attachment of message.Attachments ?? []) {
    const type = attachment.ContentType ?? '';
    if (type === 'messageReference') continue; // the quoted message a reply points at: the thread shows it
    if (type.startsWith('application/vnd.microsoft.card')) {
      fallbacks.add('unknown_block');
      continue;
    }
    if (!attachment.ContentUrl) {
      fallbacks.add('unknown_block');
      continue;
    }
    const fileId = attachment.Id ?? `${id}/${files.length + 1}`;
    const name = attachment.Name ?? attachment.ContentUrl.split('/').pop() ?? 'file';
    const bytes = context.bytesFor(fileId, name);
    files.push({ id: fileId, name, permalink: stripTokens(attachment.ContentUrl), ...(bytes ? { bytes } : {}) });
  }
  converted.images.forEach((image, index) => {
    const fileId = image.id ?? `${id}/image${index + 1}`;
    const bytes = context.bytesFor(fileId, image.name);
    files.push({ id: fileId, name: image.name, ...(bytes ? { bytes } : {}) });
  });

  const user = message.From?.User;
  const app = message.From?.Application;
  const author = user?.Id
    ? { authorId: user.Id }
    : { authorName: app?.DisplayName ?? user?.DisplayName ?? 'Microsoft Teams', asAdmin: true };
  const reactions = mapReactions(message);
  // A reply's ReplyToId is its root's Id; a root may name itself.
  const threadId = message.ReplyToId && message.ReplyToId !== id ? message.ReplyToId : undefined;
  return {
    ok: true,
    message: storedMessage({ conversationId, id, author, timeMs, text, threadId, reactions, files, fallbacks }),
  };
}

// Resources as the REST API returns them (proto3 JSON: false/empty fields omitted, timestamps RFC 3339 UTC).
import type { AttachmentRec, MembershipRec, MessageRec, ReactionRec, SpaceRec } from './store.js';
import { formatTimestamp, MICROS_PER_MS } from './times.js';

type Json = Record<string, unknown>;

export function spaceView(s: SpaceRec): Json {
  const view: Json = {
    name: s.name,
    type: s.spaceType === 'SPACE' ? 'ROOM' : 'DM',
    spaceType: s.spaceType,
    singleUserBotDm: false,
    threaded: true,
    spaceThreadingState: 'THREADED_MESSAGES',
    spaceHistoryState: s.historyState,
    createTime: formatTimestamp(s.createTimeUs),
    spaceUri: `https://mail.google.com/chat/#chat/space/${s.id}`,
  };
  if (s.displayName !== undefined) view['displayName'] = s.displayName;
  if (s.description !== undefined || s.guidelines !== undefined) {
    view['spaceDetails'] = { description: s.description, guidelines: s.guidelines };
  }
  if (s.externalUserAllowed) view['externalUserAllowed'] = true;
  if (s.importMode) {
    view['importMode'] = true;
    if (s.importModeExpireMs !== undefined) view['importModeExpireTime'] = formatTimestamp(s.importModeExpireMs * MICROS_PER_MS);
  }
  if (s.audience) view['accessSettings'] = { accessState: 'DISCOVERABLE', audience: s.audience };
  return view;
}

export function attachmentView(a: AttachmentRec): Json {
  return {
    name: a.name,
    contentName: a.contentName,
    contentType: a.contentType,
    attachmentDataRef: { resourceName: a.resourceName },
    source: 'UPLOADED_CONTENT',
  };
}

export function messageView(m: MessageRec): Json {
  const view: Json = {
    name: m.name,
    sender: { name: `users/${m.senderId}`, type: m.senderType },
    createTime: formatTimestamp(m.createTimeUs),
    text: m.text,
    formattedText: m.text,
    argumentText: m.text,
    thread: m.thread.key === undefined ? { name: m.thread.name } : { name: m.thread.name, threadKey: m.thread.key },
    space: { name: m.space.name },
  };
  if (m.threadReply) view['threadReply'] = true;
  if (m.clientId !== undefined) view['clientAssignedMessageId'] = m.clientId;
  if (m.attachments.length > 0) view['attachment'] = m.attachments.map(attachmentView);
  if (m.quoted) view['quotedMessageMetadata'] = m.quoted;
  if (m.lastUpdateUs !== undefined) view['lastUpdateTime'] = formatTimestamp(m.lastUpdateUs);
  if (m.deleted) {
    view['deleteTime'] = formatTimestamp(m.deleteTimeUs ?? m.createTimeUs);
    view['deletionMetadata'] = { deletionType: m.deletedByCreator ? 'CREATOR' : 'SPACE_OWNER' };
  }
  if (m.reactions.size > 0) view['emojiReactionSummaries'] = reactionSummaries(m);
  return view;
}

/** Counts per emoji, in first-reaction order (what Chat shows under a message). */
function reactionSummaries(m: MessageRec): Json[] {
  const counts = new Map<string, { emoji: Json; reactionCount: number }>();
  for (const r of m.reactions.values()) {
    const entry = counts.get(r.emojiKey);
    if (entry) entry.reactionCount++;
    else counts.set(r.emojiKey, { emoji: emojiView(r), reactionCount: 1 });
  }
  return [...counts.values()];
}

function emojiView(r: ReactionRec): Json {
  return r.unicode !== undefined ? { unicode: r.unicode } : { customEmoji: { ...r.customEmoji } };
}

export function reactionView(r: ReactionRec): Json {
  return { name: r.name, user: { name: `users/${r.userId}`, type: 'HUMAN' }, emoji: emojiView(r) };
}

export function membershipView(m: MembershipRec): Json {
  const view: Json = { name: m.name, state: 'JOINED', role: m.role };
  if (m.memberType === 'GROUP') view['groupMember'] = { name: m.memberName };
  else view['member'] = { name: m.memberName, type: m.memberType };
  if (m.createTimeUs !== undefined) view['createTime'] = formatTimestamp(m.createTimeUs);
  if (m.deleteTimeUs !== undefined) view['deleteTime'] = formatTimestamp(m.deleteTimeUs);
  return view;
}

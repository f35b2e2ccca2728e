// The plan stage for one conversation: a pure, streaming transformation of the mapper's records into the space
// to create and the ordered writes to make. State kept per conversation is small (thread roots seen, join times
// per member), so any export size plans in flat memory. The dry run is this stage plus a report.
import type { Conversation, ConversationRecord, Message, Person, Skip } from '../model.js';
import type { FallbackCode, ProblemCode, SkipCode } from '../reasons.js';
import { ATTRIBUTION_RESERVE_BYTES, withAttribution } from './attribution.js';
import { decideFile } from './files.js';
import { HashTable } from './hash-table.js';
import { messageIdFor, quickHash, threadKeyFor } from './ids.js';
import { checkMembership, checkMessage, checkReaction, checkSpace, EARLIEST_CREATE_TIME_MS, MESSAGE_TEXT_MAX_BYTES } from './rules.js';
import { splitText } from './split.js';
import { MAX_MESSAGE_CHARS, messageTooLarge } from '../model.js';
import { spaceDisplayName } from './space-names.js';
import type { Actor, MembershipOp, MessageOp, PlannedOp, PlannedSpace, PlanProblem, ReactionOp } from './types.js';

export interface PlanContext {
  readonly sourceKind: string;
  readonly people: ReadonlyMap<string, Person>;
  readonly nowMs: number;
  /** Only messages in [sinceMs, untilMs) are written; times are computed over all of them, so widening later
   * gives the same ids and createTimes. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /** --drive: files too big or of a type Chat blocks go to the author's Drive (linked) instead of becoming a line. */
  readonly drive?: boolean;
}

export type PlanEvent =
  | { readonly type: 'space'; readonly space: PlannedSpace }
  | { readonly type: 'op'; readonly op: PlannedOp; readonly index: number }
  | { readonly type: 'skip'; readonly skip: Skip }
  | { readonly type: 'fallback'; readonly kind: FallbackCode; readonly conversationId: string }
  | { readonly type: 'problem'; readonly problem: PlanProblem }
  | { readonly type: 'members'; readonly emails: readonly string[] };

const toIso = (ms: number): string => new Date(ms).toISOString();

export function actorOf(message: Pick<Message, 'authorId' | 'authorName' | 'asAdmin'>, people: ReadonlyMap<string, Person>): Actor {
  const person = message.authorId ? people.get(message.authorId) : undefined;
  const displayName = message.authorName ?? person?.displayName ?? message.authorId ?? 'Unknown author';
  if (message.asAdmin || person?.isBot) return { displayName, fallbackReason: 'bot' };
  if (person?.email) return { email: person.email, displayName: person.displayName };
  return { displayName, fallbackReason: 'no_email' };
}

export function plannedSpaceFor(conversation: Conversation, firstActivityMs: number | undefined, nowMs: number): PlannedSpace {
  const candidates = [conversation.createdMs, firstActivityMs].filter((t): t is number => t !== undefined && Number.isFinite(t));
  const earliest = candidates.length > 0 ? Math.min(...candidates) : nowMs;
  const createTimeMs = Math.min(Math.max(earliest, EARLIEST_CREATE_TIME_MS), nowMs);
  const isSpace = conversation.kind === 'channel' || conversation.kind === 'private_channel';
  return {
    conversationId: conversation.id,
    kind: conversation.kind,
    spaceType: isSpace ? 'SPACE' : 'GROUP_CHAT',
    ...(isSpace ? { displayName: spaceDisplayName(conversation) } : {}),
    ...(conversation.description ? { description: [...conversation.description].slice(0, 150).join('') } : {}),
    createTime: toIso(createTimeMs),
    createTimeMs,
    currentMemberEmails: [],
  };
}

export async function* planConversation(
  conversation: Conversation,
  records: AsyncIterable<ConversationRecord>,
  context: PlanContext,
): AsyncGenerator<PlanEvent> {
  const { people, nowMs, sourceKind } = context;
  const conversationId = conversation.id;
  let space: PlannedSpace | undefined;
  let index = 0;
  let lastTimeMs = Number.NEGATIVE_INFINITY;
  // Per-conversation state is keyed by a 53-bit hash of the source id, not the id itself, in typed arrays (see
  // hash-table.ts). Every message seen: its id → a hash of author and text, to tell a duplicated record from two
  // messages sharing one id.
  const messagesSeen = new HashTable(true);
  // Every thread started: by its root, or by its first reply when the root is missing.
  const threadsStarted = new HashTable(false);
  // personId → first join / last leave, for historical memberships and the current member list.
  const joins = new Map<string, number>();
  const leaves = new Map<string, number>();
  let firstEventMs: number | undefined;

  const fallback = (kind: FallbackCode): PlanEvent => ({ type: 'fallback', kind, conversationId });
  const problem = (code: ProblemCode, message: string, origin: string | undefined, blocking: boolean): PlanEvent => ({
    type: 'problem',
    problem: { conversationId, code, message, blocking, ...(origin ? { origin } : {}) },
  });

  // The space's times come from the first message, but it is announced (and so created) only before its first
  // write: a conversation whose every message is skipped or filtered out gets no empty space.
  // An array, not a nested generator: a generator function declared in here is a new closure for each
  // conversation, whose generator objects get a new hidden class each time, and V8 threw away its optimized code
  // for this whole function at every conversation (13 times in a million-message validate) to compile it again.
  let announced = false;
  const announcement = (planned: PlannedSpace): PlanEvent[] => {
    announced = true;
    return [{ type: 'space', space: planned }, ...checkSpace(planned, nowMs).map((violation) => problem(violation.code, violation.message, undefined, true))];
  };

  for await (const record of records) {
    if (record.type === 'skip') {
      yield { type: 'skip', skip: { ...record.skip, conversationId: record.skip.conversationId ?? conversationId } };
      continue;
    }
    if (record.type === 'membership') {
      const { personId, timeMs } = record.event;
      firstEventMs = Math.min(firstEventMs ?? timeMs, timeMs);
      if (record.event.type === 'join') {
        if (!joins.has(personId)) joins.set(personId, timeMs);
        leaves.delete(personId); // re-joined: a current member again until the next leave
      } else {
        leaves.set(personId, timeMs);
        if (!joins.has(personId)) joins.set(personId, Number.NEGATIVE_INFINITY);
      }
      continue;
    }
    let message = record.message;
    // A poisoned time (year 9999, NaN) is skipped before it touches any per-conversation state: it must not raise
    // the last time (or set the space's createTime) and so push every later, valid message into the future.
    const timeProblem = badTime(message.timeMs, nowMs);
    if (timeProblem) {
      yield { type: 'skip', skip: { conversationId, ...timeProblem, ...(message.origin ? { origin: message.origin } : {}) } };
      continue;
    }
    const fingerprint = quickHash(message.authorId ?? '', message.authorName ?? '', message.text);
    let idHash = quickHash(message.id);
    const earlier = messagesSeen.get(idHash);
    if (earlier !== undefined) {
      if (earlier === fingerprint) {
        yield { type: 'skip', skip: { conversationId, code: 'duplicate_record', reason: `message ${message.id} appears twice in the export`, ...(message.origin ? { origin: message.origin } : {}) } };
        continue;
      }
      // Two different messages with one id (Slack: the same ts): the later one gets a derived, still stable id.
      let n = 2;
      while (messagesSeen.has(quickHash(`${message.id}~${n}`))) n++;
      message = { ...message, id: `${message.id}~${n}` };
      idHash = quickHash(message.id);
      yield fallback('duplicate_id');
    }
    const threadId = message.threadId ?? message.id;
    const isRoot = threadId === message.id;
    messagesSeen.set(idHash, fingerprint);
    if (isRoot) threadsStarted.set(idHash);
    space ??= plannedSpaceFor(conversation, Math.min(message.timeMs, firstEventMs ?? message.timeMs), nowMs);
    const planned = space;
    const origin = message.origin ? `${message.origin.file}${message.origin.record ? ` record ${message.origin.record}` : ''}` : undefined;

    // createTime: unique within the space and never before the space or the previous message (so a reply is never
    // before its root). Nudged by +1 ms, never reordered. Computed before filtering so filters don't change it.
    if (message.text.length > MAX_MESSAGE_CHARS) {
      // Past the cap the message would be hundreds of Chat messages, and splitting and converting it is no longer
      // linear: skipped and counted, whichever source it came from (mappers that convert text check it earlier).
      yield { type: 'skip', skip: { conversationId, code: 'message_too_large', reason: messageTooLarge(message.text.length), ...(message.origin ? { origin: message.origin } : {}) } };
      continue;
    }
    const parts = messageParts(message, people, context.drive === true);
    const firstTimeMs = Math.max(message.timeMs, lastTimeMs + 1, planned.createTimeMs);
    const partsLastMs = firstTimeMs + parts.texts.length - 1;
    if (partsLastMs > nowMs) {
      // Nudged past now by the messages before it: skipped without raising the last time for the ones after.
      yield { type: 'skip', skip: { conversationId, code: 'future_time', reason: `message time ${toIso(message.timeMs)} would be written after now`, ...(message.origin ? { origin: message.origin } : {}) } };
      continue;
    }
    lastTimeMs = partsLastMs;
    if (message.timeMs < EARLIEST_CREATE_TIME_MS) yield fallback('time_before_2000');

    const inWindow = (context.sinceMs === undefined || message.timeMs >= context.sinceMs) && (context.untilMs === undefined || message.timeMs < context.untilMs);
    if (!inWindow) {
      yield { type: 'skip', skip: { conversationId, code: 'filtered_by_date', reason: 'outside --since/--until', ...(message.origin ? { origin: message.origin } : {}) } };
      continue;
    }
    if (parts.texts.length === 1 && parts.texts[0] === '' && parts.uploads.length === 0 && parts.driveFiles.length === 0) {
      yield { type: 'skip', skip: { conversationId, code: 'empty_message', reason: 'message has no text and no file', ...(message.origin ? { origin: message.origin } : {}) } };
      continue;
    }
    for (const kind of message.fallbacks ?? []) yield fallback(kind);
    for (const code of parts.fileFallbacks) yield fallback(code);
    if (parts.sender.fallbackReason) yield fallback(`author_${parts.sender.fallbackReason}` as const);
    const threadHash = isRoot ? undefined : quickHash(threadId);
    if (threadHash !== undefined && !threadsStarted.has(threadHash)) {
      // The root is not in the export (deleted, or outside the exported range): the first reply starts the thread.
      threadsStarted.set(threadHash);
      yield fallback('missing_thread_root');
    }

    const threadKey = threadKeyFor(sourceKind, conversationId, threadId);
    const firstMessageId = messageIdFor(sourceKind, conversationId, message.id, 1);
    for (let p = 0; p < parts.texts.length; p++) {
      const createTimeMs = firstTimeMs + p;
      const op: MessageOp = {
        type: 'message',
        messageId: p === 0 ? firstMessageId : messageIdFor(sourceKind, conversationId, message.id, p + 1),
        createTime: toIso(createTimeMs),
        createTimeMs,
        threadKey,
        text: parts.texts[p] as string,
        sender: parts.sender,
        files: p === 0 ? parts.uploads : [],
        ...(p === 0 && parts.driveFiles.length > 0 ? { driveFiles: parts.driveFiles } : {}),
        part: p + 1,
        parts: parts.texts.length,
        sourceId: message.id,
        ...(origin ? { origin } : {}),
      };
      if (!announced) yield* announcement(planned);
      for (const violation of checkMessage(op, planned, nowMs)) yield problem(violation.code, violation.message, origin, true);
      yield { type: 'op', op, index: index++ };
    }
    if (parts.texts.length > 1) yield fallback('message_split');

    for (const reaction of reactionOps(message, firstMessageId, people)) {
      if ('skip' in reaction) {
        yield { type: 'skip', skip: { conversationId, ...reaction.skip, ...(message.origin ? { origin: message.origin } : {}) } };
        continue;
      }
      for (const violation of checkReaction(reaction)) yield problem(violation.code, violation.message, origin, true);
      yield { type: 'op', op: reaction, index: index++ };
    }
  }

  if (!space && firstEventMs !== undefined) space = plannedSpaceFor(conversation, firstEventMs, nowMs);
  if (!space) {
    yield { type: 'skip', skip: { conversationId, code: 'empty_conversation', reason: `conversation ${conversation.name} has no messages to import` } };
    return;
  }
  const planned: PlannedSpace = space;

  // Historical memberships: people who left. Google requires deleteTime in import mode; current members are added
  // after completeImport instead (the API allows that only then).
  const current = new Set(conversation.memberIds);
  for (const [personId] of joins) if (!leaves.has(personId)) current.add(personId);
  for (const [personId, leftMs] of leaves) {
    if (current.has(personId)) continue;
    const email = people.get(personId)?.email;
    if (!email) {
      yield { type: 'skip', skip: { conversationId, code: 'membership_unmapped_user', reason: `former member ${people.get(personId)?.displayName ?? personId} has no Workspace email` } };
      continue;
    }
    const joinedMs = joins.get(personId) ?? Number.NEGATIVE_INFINITY;
    const createTimeMs = Math.max(joinedMs, planned.createTimeMs);
    const deleteTimeMs = Math.min(Math.max(leftMs, createTimeMs + 1), nowMs);
    const op: MembershipOp = { type: 'membership', email, createTime: toIso(createTimeMs), deleteTime: toIso(deleteTimeMs) };
    if (!announced) yield* announcement(planned);
    for (const violation of checkMembership(op, planned, nowMs)) yield problem(violation.code, violation.message, undefined, true);
    yield { type: 'op', op, index: index++ };
  }
  if (!announced) {
    yield { type: 'skip', skip: { conversationId, code: 'nothing_to_import', reason: `every message of ${conversation.name} was skipped or filtered out: no space is created` } };
    return;
  }
  const emails: string[] = [];
  for (const personId of current) {
    const person = people.get(personId);
    if (person?.isBot) continue;
    if (person?.email) emails.push(person.email);
    else yield { type: 'skip', skip: { conversationId, code: 'member_unmapped_user', reason: `member ${person?.displayName ?? personId} has no Workspace email` } };
  }
  yield { type: 'members', emails: [...new Set(emails)].sort() };
}

/** Why a message time cannot be written at all (not a number, or after now), or undefined when it can. */
function badTime(timeMs: number, nowMs: number): { code: SkipCode; reason: string } | undefined {
  // Beyond ±8.64e15 ms a Date is invalid (toISOString throws).
  if (!Number.isFinite(timeMs) || Math.abs(timeMs) > 8.64e15) return { code: 'invalid_time', reason: 'the message has no valid time' };
  if (timeMs > nowMs) return { code: 'future_time', reason: `message time ${toIso(timeMs)} is in the future` };
  return undefined;
}

/** --drive: a file put on the author's Drive and linked (counted when planned, so validate shows them). */
const VIA_DRIVE = { code: 'file_via_drive' } as const satisfies { code: FallbackCode };

interface MessageParts {
  readonly sender: Actor;
  readonly texts: readonly string[];
  readonly uploads: MessageOp['files'];
  readonly driveFiles: MessageOp['files'];
  readonly fileFallbacks: readonly FallbackCode[];
}

/** Text (with file lines and attribution) split to the API's size limit, the files to upload, and who posts it. */
function messageParts(message: Message, people: ReadonlyMap<string, Person>, drive: boolean): MessageParts {
  const sender = actorOf(message, people);
  const lines: string[] = [];
  const uploads: NonNullable<Message['files']>[number][] = [];
  const driveFiles: NonNullable<Message['files']>[number][] = [];
  const fileFallbacks: FallbackCode[] = [];
  for (const file of message.files ?? []) {
    const decision = decideFile(file);
    if (decision.upload) uploads.push(file);
    else if (drive && (decision.code === 'file_too_large' || decision.code === 'file_blocked_type')) {
      // Its bytes are there (decideFile said so before judging size and type): the post stage links it from Drive.
      driveFiles.push(file);
      fileFallbacks.push(VIA_DRIVE.code);
    } else {
      lines.push(decision.line);
      fileFallbacks.push(decision.code);
    }
  }
  let text = [message.text, ...lines].filter((line) => line.length > 0).join('\n');
  if (sender.fallbackReason) text = withAttribution(text, sender.displayName);
  return { sender, texts: splitText(text, MESSAGE_TEXT_MAX_BYTES - ATTRIBUTION_RESERVE_BYTES), uploads, driveFiles, fileFallbacks };
}

type ReactionPlan = ReactionOp | { readonly skip: { readonly code: SkipCode; readonly reason: string } };

/** One reaction per (message, emoji, user), written as the reacting user; unmapped users are never impersonated. */
function* reactionOps(message: Message, messageId: string, people: ReadonlyMap<string, Person>): Generator<ReactionPlan> {
  const seen = new Set<string>();
  for (const reaction of message.reactions ?? []) {
    if (!reaction.unicode) {
      yield { skip: { code: 'reaction_custom_emoji', reason: `custom emoji :${reaction.customName ?? '?'}: has no Unicode form (${reaction.personIds.length} reactions)` } };
      continue;
    }
    for (const personId of reaction.personIds) {
      const person = people.get(personId);
      if (!person?.email || person.isBot) {
        yield { skip: { code: 'reaction_unmapped_user', reason: `reaction ${reaction.unicode} by ${person?.displayName ?? personId}, who has no Workspace email` } };
        continue;
      }
      const key = `${reaction.unicode}\u0000${person.email}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield { type: 'reaction', messageId, unicode: reaction.unicode, user: { email: person.email, displayName: person.displayName } };
    }
  }
}

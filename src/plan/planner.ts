// The plan stage for one conversation: a pure, streaming transformation of the mapper's records into the space
// to create and the ordered writes to make. State kept per conversation is small (thread roots seen, join times
// per member), so any export size plans in flat memory. The dry run is this stage plus a report.
import type { Conversation, ConversationRecord, Message, Person, Skip } from '../model.js';
import type { FallbackCode, ProblemCode, SkipCode } from '../reasons.js';
import { ATTRIBUTION_RESERVE_BYTES, withAttribution } from './attribution.js';
import { decideFile } from './files.js';
import { DuplicateFilter } from './dedupe.js';
import { messageIdFor } from './ids.js';
import { MembershipBook } from './memberships.js';
import { checkMembership, checkMessage, checkReaction, checkSpace, EARLIEST_CREATE_TIME_MS, MESSAGE_TEXT_MAX_BYTES } from './rules.js';
import { splitText } from './split.js';
import { MAX_MESSAGE_CHARS, messageTooLarge } from '../model.js';
import { spaceDisplayName } from './space-names.js';
import { ThreadBook } from './threads.js';
import { badTime, Timeline, toIso } from './timeline.js';
import type { Actor, MessageOp, PlannedOp, PlannedSpace, PlanProblem, ReactionOp } from './types.js';

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

/**
 * One conversation's records → its space, writes and report events, as a sequence of steps each with its own
 * contract: invalid and future times (timeline.ts), duplicates (dedupe.ts), createTimes and the date window
 * (timeline.ts), threads (threads.ts), then memberships (memberships.ts) once every record is read.
 */
export async function* planConversation(
  conversation: Conversation,
  records: AsyncIterable<ConversationRecord>,
  context: PlanContext,
): AsyncGenerator<PlanEvent> {
  const { people, nowMs, sourceKind } = context;
  const conversationId = conversation.id;
  let space: PlannedSpace | undefined;
  let index = 0;
  const duplicates = new DuplicateFilter();
  const timeline = new Timeline(nowMs, context);
  const threads = new ThreadBook(sourceKind, conversationId);
  const members = new MembershipBook();

  const fallback = (kind: FallbackCode): PlanEvent => ({ type: 'fallback', kind, conversationId });
  const problem = (code: ProblemCode, message: string, origin: string | undefined, blocking: boolean): PlanEvent => ({
    type: 'problem',
    problem: { conversationId, code, message, blocking, ...(origin ? { origin } : {}) },
  });
  const skip = (found: { readonly code: SkipCode; readonly reason: string }, message?: Message): PlanEvent => ({
    type: 'skip',
    skip: { conversationId, ...found, ...(message?.origin ? { origin: message.origin } : {}) },
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
      members.note(record.event);
      continue;
    }
    // A poisoned time (year 9999, NaN) is skipped before it touches any per-conversation state: it must not raise
    // the last time (or set the space's createTime) and so push every later, valid message into the future.
    const timeProblem = badTime(record.message.timeMs, nowMs);
    if (timeProblem) {
      yield skip(timeProblem, record.message);
      continue;
    }
    const admission = duplicates.admit(record.message);
    if (admission.duplicate) {
      yield skip({ code: 'duplicate_record', reason: `message ${record.message.id} appears twice in the export` }, record.message);
      continue;
    }
    const { message } = admission;
    if (admission.renamed) yield fallback('duplicate_id');
    threads.admit(message);
    space ??= plannedSpaceFor(conversation, Math.min(message.timeMs, members.firstEventMs ?? message.timeMs), nowMs);
    const planned = space;
    const origin = message.origin ? `${message.origin.file}${message.origin.record ? ` record ${message.origin.record}` : ''}` : undefined;

    if (message.text.length > MAX_MESSAGE_CHARS) {
      // Past the cap the message would be hundreds of Chat messages, and splitting and converting it is no longer
      // linear: skipped and counted, whichever source it came from (mappers that convert text check it earlier).
      yield skip({ code: 'message_too_large', reason: messageTooLarge(message.text.length) }, message);
      continue;
    }
    const parts = messageParts(message, people, context.drive === true);
    const firstTimeMs = timeline.place(message.timeMs, parts.texts.length, planned.createTimeMs);
    if (firstTimeMs === undefined) {
      yield skip({ code: 'future_time', reason: `message time ${toIso(message.timeMs)} would be written after now` }, message);
      continue;
    }
    if (message.timeMs < EARLIEST_CREATE_TIME_MS) yield fallback('time_before_2000');
    if (!timeline.inWindow(message.timeMs)) {
      yield skip({ code: 'filtered_by_date', reason: 'outside --since/--until' }, message);
      continue;
    }
    if (parts.texts.length === 1 && parts.texts[0] === '' && parts.uploads.length === 0 && parts.driveFiles.length === 0) {
      yield skip({ code: 'empty_message', reason: 'message has no text and no file' }, message);
      continue;
    }
    for (const kind of message.fallbacks ?? []) yield fallback(kind);
    for (const code of parts.fileFallbacks) yield fallback(code);
    if (parts.sender.fallbackReason) yield fallback(`author_${parts.sender.fallbackReason}` as const);
    if (threads.missingRoot(message)) yield fallback('missing_thread_root');

    const threadKey = threads.keyOf(message);
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
        yield skip(reaction.skip, message);
        continue;
      }
      for (const violation of checkReaction(reaction)) yield problem(violation.code, violation.message, origin, true);
      yield { type: 'op', op: reaction, index: index++ };
    }
  }

  if (!space && members.firstEventMs !== undefined) space = plannedSpaceFor(conversation, members.firstEventMs, nowMs);
  if (!space) {
    yield skip({ code: 'empty_conversation', reason: `conversation ${conversation.name} has no messages to import` });
    return;
  }
  const planned: PlannedSpace = space;
  for (const membership of members.former(conversation.memberIds, people, planned.createTimeMs, nowMs)) {
    if ('skip' in membership) {
      yield skip(membership.skip);
      continue;
    }
    if (!announced) yield* announcement(planned);
    for (const violation of checkMembership(membership, planned, nowMs)) yield problem(violation.code, violation.message, undefined, true);
    yield { type: 'op', op: membership, index: index++ };
  }
  if (!announced) {
    yield skip({ code: 'nothing_to_import', reason: `every message of ${conversation.name} was skipped or filtered out: no space is created` });
    return;
  }
  const present = members.present(conversation.memberIds, people);
  for (const unmapped of present.unmapped) yield skip(unmapped.skip);
  yield { type: 'members', emails: present.emails };
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

// Every rule the Google Chat API applies to an import-mode write, checked before any call, so that `validate`
// and `--dry-run` report exactly what Google would reject. See ../shared/chat-api.md §9. Pure.
import type { ProblemCode } from '../reasons.js';
import type { MembershipOp, MessageOp, PlannedSpace, ReactionOp } from './types.js';
import { utf8Length } from './split.js';

export const MESSAGE_TEXT_MAX_BYTES = 32_000;
export const MESSAGE_ID_PATTERN = /^client-[a-z0-9-]+$/;
export const MESSAGE_ID_MAX_LENGTH = 63;
export const THREAD_KEY_MAX_LENGTH = 4_000;
export const DISPLAY_NAME_MAX_LENGTH = 128;
/** The earliest createTime Google accepts for a space or message. */
export const EARLIEST_CREATE_TIME_MS = Date.UTC(2000, 0, 1);
export const UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/** A rule broken: `code` is stable (reports, tests), `message` is for people. */
export interface RuleViolation {
  readonly code: ProblemCode;
  readonly message: string;
}

export function checkSpace(space: PlannedSpace, nowMs: number): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (space.spaceType === 'SPACE') {
    const length = [...(space.displayName ?? '')].length;
    if (length < 1 || length > DISPLAY_NAME_MAX_LENGTH) {
      problems.push({ code: 'space_display_name', message: `displayName must be 1–${DISPLAY_NAME_MAX_LENGTH} characters (has ${length})` });
    }
  }
  if (space.createTimeMs < EARLIEST_CREATE_TIME_MS || space.createTimeMs > nowMs) {
    problems.push({ code: 'space_create_time', message: `space createTime ${space.createTime} is outside [2000-01-01, now]` });
  }
  return problems;
}

export function checkMessage(op: MessageOp, space: PlannedSpace, nowMs: number): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (!MESSAGE_ID_PATTERN.test(op.messageId) || op.messageId.length > MESSAGE_ID_MAX_LENGTH) {
    problems.push({ code: 'message_id', message: `messageId ${op.messageId} is not client-[a-z0-9-]+ of at most 63 characters` });
  }
  const bytes = utf8Length(op.text);
  if (bytes > MESSAGE_TEXT_MAX_BYTES) {
    problems.push({ code: 'message_too_long', message: `text is ${bytes} bytes; the limit is ${MESSAGE_TEXT_MAX_BYTES}` });
  }
  if (op.text.length === 0 && op.files.length === 0) {
    problems.push({ code: 'message_empty', message: 'a message needs text or an attachment' });
  }
  if (op.createTimeMs < space.createTimeMs || op.createTimeMs > nowMs) {
    problems.push({ code: 'message_create_time', message: `createTime ${op.createTime} is outside [space createTime ${space.createTime}, now]` });
  }
  if (op.threadKey.length === 0 || op.threadKey.length > THREAD_KEY_MAX_LENGTH) {
    problems.push({ code: 'thread_key', message: `threadKey must be 1–${THREAD_KEY_MAX_LENGTH} characters` });
  }
  return problems;
}

export function checkReaction(op: ReactionOp): RuleViolation[] {
  return op.unicode.length === 0 ? [{ code: 'reaction_emoji', message: 'a reaction needs a Unicode emoji' }] : [];
}

export function checkMembership(op: MembershipOp, space: PlannedSpace, nowMs: number): RuleViolation[] {
  const created = Date.parse(op.createTime);
  const deleted = Date.parse(op.deleteTime);
  const problems: RuleViolation[] = [];
  if (!(created < deleted)) problems.push({ code: 'membership_times', message: `createTime ${op.createTime} must be before deleteTime ${op.deleteTime}` });
  if (created < space.createTimeMs || deleted > nowMs) {
    problems.push({ code: 'membership_window', message: `membership ${op.createTime}–${op.deleteTime} is outside [space createTime, now]` });
  }
  return problems;
}

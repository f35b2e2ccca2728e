// What the plan stage produces: for each space, one create-space operation and then an ordered list of writes.
// The post stage executes them in this order, one at a time per space, and the checkpoint records how many of a
// space's operations Google acknowledged (a watermark), so the state stays small whatever the export size.
import type { ProblemCode } from '../reasons.js';
import type { ConversationKind, FileRef } from '../model.js';

/** Who a write is made as: the original author by impersonation, or the admin with an attribution line. */
export interface Actor {
  /** Email to impersonate; absent means "post as the admin". */
  readonly email?: string;
  /** Shown in the attribution line when the write falls back to the admin. */
  readonly displayName: string;
  /** Why the admin posts this (no email, bot…); counted in the report. Absent for a normal impersonated write. */
  readonly fallbackReason?: 'no_email' | 'bot';
}

export interface PlannedSpace {
  readonly conversationId: string;
  readonly kind: ConversationKind;
  readonly spaceType: 'SPACE' | 'GROUP_CHAT';
  /** Required for SPACE; GROUP_CHAT spaces carry none (Chat names them after their members). */
  readonly displayName?: string;
  readonly description?: string;
  /** RFC 3339, ms precision. */
  readonly createTime: string;
  readonly createTimeMs: number;
  /** Current members (emails) to add after completeImport. */
  readonly currentMemberEmails: readonly string[];
}

export interface MessageOp {
  readonly type: 'message';
  /** Deterministic `client-…` id: the same on every run. */
  readonly messageId: string;
  readonly createTime: string;
  readonly createTimeMs: number;
  readonly threadKey: string;
  readonly text: string;
  readonly sender: Actor;
  /** Files to upload and attach (only on the first part of a split message). */
  readonly files: readonly FileRef[];
  /**
   * --drive: files too big or of a type Chat blocks, put on the author's Drive and linked by a line the post stage
   * adds (only on the first part). Absent when there are none.
   */
  readonly driveFiles?: readonly FileRef[];
  /** 1-based part number and count when the text was split. */
  readonly part: number;
  readonly parts: number;
  /** Source message id, for reports and verify. */
  readonly sourceId: string;
  readonly origin?: string;
}

export interface ReactionOp {
  readonly type: 'reaction';
  /** The `client-…` id of the message it belongs to. */
  readonly messageId: string;
  readonly unicode: string;
  readonly user: Actor & { readonly email: string };
}

export interface MembershipOp {
  readonly type: 'membership';
  readonly email: string;
  readonly createTime: string;
  readonly deleteTime: string;
}

export type PlannedOp = MessageOp | ReactionOp | MembershipOp;

/** A problem found while planning; blocking ones would be rejected by the API and make validate exit 1. */
export interface PlanProblem {
  readonly conversationId: string;
  readonly code: ProblemCode;
  readonly message: string;
  readonly origin?: string;
  readonly blocking: boolean;
}

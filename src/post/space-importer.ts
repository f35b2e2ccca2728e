// Imports one space: creates it in import mode (or adopts the one made before: the requestId is deterministic),
// then makes its planned writes in order, one at a time, recording each outcome in the checkpoint.
//
// Exactly once, with Google as the ledger:
// - A write is done only when Google acknowledged it (or answered ALREADY_EXISTS for our deterministic id). A failed
//   write is kept in the state's `failures` and retried by the next run; the watermark `done` goes past it only
//   because it is listed there. Why a list and not "stop the watermark at the first failure": one bad message early
//   in a big space would make every later run re-send the rest of the space. The list is bounded
//   (MAX_FAILURES_KEPT); past it the watermark simply stops at the next failure and the next run walks on from
//   there (writes after it answer ALREADY_EXISTS) — slower, still exact.
// - The state is trusted only when it knows the space and the plan below its watermark has the digest it recorded.
//   Otherwise (lost or new state, another state file, a changed or newer export, other filters) the space is
//   reconciled: its messages are listed and only what Google does not hold is written.
import type { chat_v1 } from '@googleapis/chat';
import { ApiError, InterruptedError } from '../errors.js';
import type { FailureCode } from '../reasons.js';
import { emptyCounts, type Checkpoint, type LedgerCounts, type SpaceState } from '../checkpoint/state.js';
import type { Conversation } from '../model.js';
import { PlanDigest } from '../plan/digest.js';
import { clashRequestIdFor, legacySpaceRequestIdFor, spaceRequestIdFor, type MigrationIdentity } from '../plan/ids.js';
import type { PlanEvent } from '../plan/planner.js';
import type { PlannedOp, PlannedSpace, ReactionOp } from '../plan/types.js';
import type { ReportBuilder } from '../report/run-report.js';
import { writeOp, isAlreadyExists, type Outcome, type WriteContext } from './op-writes.js';
import type { RateLimiter } from './rate-limit.js';
import { listSpace, type SpaceContents } from './reconcile.js';
import type { Writer } from './writer.js';

export interface SpaceImportOptions {
  readonly writer: Writer;
  readonly checkpoint: Checkpoint;
  readonly planKey: string;
  readonly identity: MigrationIdentity;
  /** With --since/--until, messages outside the dates are not planned: "in Google, not in the export" is not told. */
  readonly datesFiltered?: boolean;
  /** Called after each acknowledged (or resumed) operation, for progress display. */
  readonly onProgress?: (conversationId: string, done: number) => void;
}

export interface SpacePlan {
  /** The plan, counted in the report as it is walked: every run walks it once. */
  readonly events: AsyncIterable<PlanEvent>;
  /** The same plan again, not counted: walked only when the first walk shows the state does not match it. */
  readonly again: () => AsyncIterable<PlanEvent>;
}

export async function importSpace(conversation: Conversation, plan: SpacePlan, options: SpaceImportOptions): Promise<void> {
  const { checkpoint, identity } = options;
  const state = checkpoint.space(conversation.id, conversation.name, options.planKey, (nonce) =>
    nonce ? legacySpaceRequestIdFor(nonce, conversation.id) : spaceRequestIdFor(identity, conversation.id),
  );
  const trusted = state.space !== undefined && !state.reconciling && (state.done === 0 || state.digest !== undefined);
  if (!trusted) checkpoint.restart(state);
  // What earlier runs counted for this space stays part of the migration's report unless the space starts over.
  let earlier: LedgerCounts | undefined = trusted ? structuredClone(state.counts ?? emptyCounts()) : undefined;
  try {
    const first = await new SpaceWalk(conversation.id, state, options).walk(plan.events, trusted ? 'resume' : 'reconcile');
    if (first === 'changed') {
      earlier = undefined;
      checkpoint.restart(state);
      await new SpaceWalk(conversation.id, state, options).walk(plan.again(), 'reconcile');
    }
  } finally {
    if (earlier) options.writer.report.carryOver(conversation.id, earlier);
  }
}

interface Pending {
  readonly index: number;
  readonly op: ReactionOp;
  /** The digest of the plan up to and including this op, for the watermark. */
  readonly digest: string;
}

class SpaceWalk {
  private readonly report: ReportBuilder;
  private readonly limiter: RateLimiter;
  private readonly digest = new PlanDigest();
  private contents: SpaceContents | undefined;
  /** The failure list is full: the watermark stays where it is for the rest of this walk. */
  private frozen = false;
  /** Reactions of one message held back while reconciling, to compare their count with Google's summary. */
  private pending: Pending[] = [];
  private startDone = 0;
  /** The space could not be created or listed: this walk only counts the plan, and the space fails as a whole. */
  private unavailable: { readonly code: FailureCode; readonly message: string } | undefined;

  constructor(
    private readonly conversationId: string,
    private readonly state: SpaceState,
    private readonly options: SpaceImportOptions,
  ) {
    this.report = options.writer.report;
    this.limiter = options.writer.quotas.forSpace();
  }

  /** One pass over the plan. 'changed': the plan below the watermark is not the one recorded; nothing was written. */
  async walk(events: AsyncIterable<PlanEvent>, mode: 'resume' | 'reconcile'): Promise<'done' | 'changed'> {
    const { checkpoint } = this.options;
    const state = this.state;
    this.startDone = state.done;
    const retry = new Set(state.failures.map((f) => f.index));
    let verified = mode === 'reconcile' || this.startDone === 0;
    let changed = false;
    let planned = 0;
    let resumed = 0;
    for await (const event of events) {
      if (event.type === 'space') {
        if (!changed) await this.openSpace(event.space, mode);
        continue;
      }
      if (event.type === 'members') {
        checkpoint.update(state, { members: [...event.emails] });
        continue;
      }
      if (event.type !== 'op') continue;
      planned = event.index + 1;
      if (changed || this.unavailable) continue; // the rest of this walk only counts the plan
      if (!verified && event.index === this.startDone) {
        verified = true;
        if (this.digest.value() !== state.digest) {
          changed = true;
          continue;
        }
      }
      this.digest.add(event.op);
      if (event.index < this.startDone && !retry.has(event.index)) {
        resumed += 1;
        continue;
      }
      await this.make(event.index, event.op);
    }
    if (!verified) changed = planned < this.startDone || this.digest.value() !== state.digest;
    if (changed) return 'changed';
    if (this.unavailable) {
      this.failWhole(this.unavailable, planned);
      return 'done';
    }
    await this.flushPending();
    if (resumed > 0) this.report.resumed(this.conversationId, resumed);
    this.reportNotPlanned();
    if (state.space) {
      const failed = state.failures.length > 0 || this.frozen;
      checkpoint.update(state, { total: planned, state: failed ? 'failed' : state.state === 'completed' ? 'completed' : 'imported' });
    }
    delete state.reconciling;
    checkpoint.update(state, {});
    return 'done';
  }

  private async openSpace(space: PlannedSpace, mode: 'resume' | 'reconcile'): Promise<void> {
    const report = this.report.space(this.conversationId);
    if (!this.state.space) {
      try {
        await this.createSpace(space);
      } catch (error) {
        // Google's answer, after the writer's retries: this space's failure, not the run's (fatal errors go up).
        if (!(error instanceof ApiError)) throw error;
        this.unavailable = createFailure(space, error);
        return;
      }
    }
    report.space = this.state.space;
    // A space the state did not know may be one made before (adopted through its requestId): read what it holds.
    // An empty space (a new one) needs no reconciling: its writes are made and counted like any others.
    if (mode !== 'reconcile') return;
    let contents: SpaceContents;
    try {
      contents = await listSpace(this.options.writer, this.conversationId, this.state.space as string);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.unavailable = listFailure(this.state.space as string, error);
      return;
    }
    if (contents.size === 0) return;
    this.contents = contents;
    this.options.checkpoint.update(this.state, { reconciling: true });
  }

  private async make(index: number, op: PlannedOp): Promise<void> {
    const contents = this.contents;
    if (contents && op.type === 'reaction') {
      if (this.pending.length > 0 && (this.pending[0] as Pending).op.messageId !== op.messageId) await this.flushPending();
      this.pending.push({ index, op, digest: this.digest.value() });
      return;
    }
    await this.flushPending();
    if (contents && op.type === 'message' && contents.has(op.messageId)) {
      this.settle(index, op, { kind: 'present' }, this.digest.value());
      return;
    }
    const digest = this.digest.value();
    this.settle(index, op, await this.write(op), digest);
  }

  /** Reconciling: a message's reactions are all there when Google counts as many per emoji as the plan has. */
  private async flushPending(): Promise<void> {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    const planned = new Map<string, number>();
    for (const { op } of group) planned.set(op.unicode, (planned.get(op.unicode) ?? 0) + 1);
    for (const { index, op, digest } of group) {
      const held = this.contents?.reactionCount(op.messageId, op.unicode) ?? 0;
      this.settle(index, op, held >= (planned.get(op.unicode) as number) ? { kind: 'present' } : await this.write(op), digest);
    }
  }

  private async write(op: PlannedOp): Promise<Outcome> {
    const { writer, checkpoint } = this.options;
    if (writer.signal.aborted) throw new InterruptedError();
    checkpoint.assertWritable();
    const context: WriteContext = {
      writer,
      conversationId: this.conversationId,
      spaceName: this.state.space as string,
      limiter: this.limiter,
      reconciling: this.contents !== undefined,
      learnSender: (email, name) => checkpoint.learnSender(email, name),
    };
    return writeOp(op, context);
  }

  /** Counts an outcome in the report and the state together, then moves the watermark. */
  private settle(index: number, op: PlannedOp, outcome: Outcome, digest: string): void {
    const { checkpoint } = this.options;
    const { report, conversationId, state } = this;
    const counts = checkpoint.counts(state);
    switch (outcome.kind) {
      case 'written':
        report.written(conversationId, outcome.what);
        counts.written[outcome.what] += 1;
        if (outcome.attachments) {
          report.written(conversationId, 'attachments', outcome.attachments);
          counts.written.attachments += outcome.attachments;
        }
        for (const code of outcome.fallbacks ?? []) {
          report.fallback(conversationId, code);
          counts.fallbacks[code] = (counts.fallbacks[code] ?? 0) + 1;
        }
        for (const [code, message] of outcome.warnings ?? []) report.warning(code, message, conversationId);
        break;
      case 'present':
        report.alreadyPresent(conversationId);
        counts.alreadyPresent += 1;
        break;
      case 'skipped':
        report.skip({ conversationId, code: outcome.code, reason: outcome.reason });
        counts.skipped[outcome.code] = (counts.skipped[outcome.code] ?? 0) + 1;
        break;
      case 'failed': {
        const label = op.type === 'membership' ? op.email : op.messageId;
        report.failure(conversationId, outcome.error.googleStatus, `${op.type} ${label}: ${outcome.error.message}`, op.type === 'message' ? op.origin : undefined);
        break;
      }
    }
    const failure = outcome.kind === 'failed' ? { index, code: outcome.error.googleStatus, message: outcome.error.message } : undefined;
    if (index < this.startDone) {
      // A failed write of an earlier run, retried.
      if (failure) checkpoint.recordFailure(state, failure);
      else checkpoint.clearFailure(state, index);
    } else {
      if (failure && !checkpoint.recordFailure(state, failure)) this.frozen = true;
      if (!this.frozen) checkpoint.advance(state, index + 1, digest);
    }
    this.options.onProgress?.(conversationId, state.done);
  }

  /**
   * The space could not be created or read: none of its planned writes was made. Counted as failed in the report;
   * the state keeps the space to do again (a space that exists is reconciled again), so the same command retries it.
   */
  private failWhole(unavailable: { readonly code: FailureCode; readonly message: string }, planned: number): void {
    this.report.spaceFailed(this.conversationId, unavailable.code, unavailable.message, planned);
    this.options.checkpoint.update(this.state, { total: planned, state: 'failed', ...(this.state.space ? { reconciling: true } : {}) });
  }

  /** Reconciled: our messages in Google that the export no longer has are told, never silently ignored. */
  private reportNotPlanned(): void {
    if (!this.contents || this.options.datesFiltered) return;
    const absent = this.contents.notPlanned();
    if (absent.length === 0) return;
    this.report.absentFromExport(this.conversationId, absent.length);
    this.report.warning(
      'absent_from_export',
      `${absent.length} message${absent.length === 1 ? ' is' : 's are'} in Google Chat but not in this export (deleted or edited away in the source?), e.g. ${absent.slice(0, 3).join(', ')}; they are left as they are`,
      this.conversationId,
    );
  }

  private async createSpace(space: PlannedSpace): Promise<void> {
    const { writer, checkpoint } = this.options;
    const state = this.state;
    const requestId = state.requestId as string;
    const body = (displayName: string | undefined): chat_v1.Schema$Space => ({
      spaceType: space.spaceType,
      importMode: true,
      createTime: space.createTime,
      ...(displayName ? { displayName } : {}),
      ...(space.description ? { spaceDetails: { description: space.description } } : {}),
    });
    // Space names are unique in a Workspace organization: on a clash, try "name (imported)", then numbered ones,
    // each with its own deterministic requestId, so a replay finds the renamed space too.
    for (let clash = 0; clash < 5; clash++) {
      const displayName = clash === 0 || !space.displayName ? space.displayName : `${space.displayName.slice(0, 110)} (imported${clash > 1 ? ` ${clash}` : ''})`;
      try {
        const created = await writer.write(space.conversationId, 'space', this.limiter, async () =>
          writer.client.createSpace(await writer.adminAuth(), body(displayName), clash === 0 ? requestId : clashRequestIdFor(requestId, clash)),
        );
        if (clash > 0) writer.report.warning('space_renamed', `"${space.displayName}" already exists in the organization; imported as "${displayName}"`, space.conversationId, true);
        checkpoint.update(state, {
          space: created.name as string,
          spaceCreateTime: created.createTime ?? space.createTime,
          ...(created.importModeExpireTime ? { importModeExpireTime: created.importModeExpireTime } : {}),
          state: 'importing',
        });
        await checkpoint.flush(); // the space name must survive a crash (a replay would find it again, at a cost)
        return;
      } catch (error) {
        if (!isAlreadyExists(error) || !space.displayName) throw error;
      }
    }
    throw new ApiError(409, 'ALREADY_EXISTS', `could not find a free display name for "${space.displayName}"`);
  }
}

/** Why a space could not be created: every free name taken (space_name_taken), or Google's own answer. */
function createFailure(space: PlannedSpace, error: ApiError): { code: FailureCode; message: string } {
  const answer = answerOf(error);
  if (isAlreadyExists(error) && space.displayName) {
    const name = space.displayName;
    return { code: 'space_name_taken', message: `the space could not be created: "${name}", "${name} (imported)" … "${name} (imported 4)" are all taken in the organization (Google answered 409 ALREADY_EXISTS to each)` };
  }
  return { code: error.googleStatus, message: `the space could not be created: ${answer}` };
}

/** Why a recorded space could not be listed: gone from Google (space_gone), or Google's own answer. */
function listFailure(spaceName: string, error: ApiError): { code: FailureCode; message: string } {
  const answer = answerOf(error);
  // Our own space, made by this admin: NOT_FOUND or PERMISSION_DENIED means it was deleted or expired.
  if (error.status === 404 || error.status === 403) {
    return { code: 'space_gone', message: `${spaceName} is gone from Google Chat (deleted, past its import-mode deadline, or the state file belongs to another target); nothing was written to it (${answer})` };
  }
  return { code: error.googleStatus, message: `the messages of ${spaceName} could not be listed to reconcile it: ${answer}` };
}

/** "Google answered 403 PERMISSION_DENIED: …", or the network error when no answer came (status 0). */
const answerOf = (error: ApiError): string =>
  error.status > 0 ? `Google answered ${error.status} ${error.googleStatus}: ${error.message}` : `no answer (${error.googleStatus}): ${error.message}`;

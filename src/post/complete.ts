// Finishing spaces: completeImport for each space whose every planned write is done without errors, then its
// current members (the API accepts non-historical memberships only after completion). Spaces left in import mode
// are listed with their deadline: Google deletes a space still in import mode 90 days after its creation.
import { ApiError } from '../errors.js';
import type { SkipCode } from '../reasons.js';
import type { Checkpoint, SpaceState } from '../checkpoint/state.js';
import type { Writer } from './writer.js';

export const IMPORT_MODE_DAYS = 90;

export interface CompletionOutcome {
  readonly conversationId: string;
  readonly name: string;
  readonly result: 'completed' | 'already_completed' | 'not_ready' | 'failed';
  readonly detail?: string;
  readonly deadline?: string;
  readonly membersAdded?: number;
  /** Member adds that failed (retried by the next run). */
  readonly memberFailures?: number;
}

/** The import-mode deadline: Google's own `importModeExpireTime` when known, else creation + 90 days. */
export function importDeadline(space: SpaceState, nowIso?: string): string | undefined {
  if (space.importModeExpireTime) return space.importModeExpireTime;
  const created = space.spaceCreateTime ?? nowIso;
  return created ? new Date(Date.parse(created) + IMPORT_MODE_DAYS * 86_400_000).toISOString() : undefined;
}

export function readyToComplete(space: SpaceState): boolean {
  return space.state === 'imported' && space.failed === 0 && space.total !== undefined && space.done >= space.total && Boolean(space.space);
}

export async function completeSpaces(checkpoint: Checkpoint, writer: Writer, only?: ReadonlySet<string>): Promise<CompletionOutcome[]> {
  const outcomes: CompletionOutcome[] = [];
  for (const [conversationId, space] of Object.entries(checkpoint.data.spaces)) {
    if (only && !only.has(conversationId)) continue;
    const base = { conversationId, name: space.conversationName };
    if (space.state === 'completed') {
      const added = await addMembers(conversationId, space, checkpoint, writer);
      outcomes.push({ ...base, result: 'already_completed', membersAdded: added, memberFailures: space.memberFailures?.length ?? 0 });
      continue;
    }
    if (!readyToComplete(space)) {
      // A space the last import could not read (space_gone, or no answer): it may no longer exist, so no deadline.
      const unreadable = space.state === 'failed' && Boolean(space.space);
      const why = !space.space
        ? 'the space was not created'
        : unreadable
          ? "the last import could not read its space (deleted, expired, or no answer: see that run's report)"
          : space.failed > 0
            ? `${space.failed} writes failed`
            : 'its import has not finished';
      const deadline = unreadable ? undefined : importDeadline(space);
      outcomes.push({ ...base, result: 'not_ready', detail: why, ...(deadline ? { deadline } : {}) });
      continue;
    }
    try {
      await writer.write(conversationId, 'space', undefined, async () => writer.client.completeImport(await writer.adminAuth(), space.space as string));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // FAILED_PRECONDITION: completed by an earlier run whose answer was lost; anything else is a real failure.
      if (error.googleStatus !== 'FAILED_PRECONDITION') {
        writer.report.failure(conversationId, error.googleStatus, `completeImport: ${error.message}`);
        outcomes.push({ ...base, result: 'failed', detail: error.message });
        continue;
      }
    }
    checkpoint.update(space, { state: 'completed', completedAt: new Date().toISOString() });
    await checkpoint.flush();
    const added = await addMembers(conversationId, space, checkpoint, writer);
    outcomes.push({ ...base, result: 'completed', membersAdded: added, memberFailures: space.memberFailures?.length ?? 0 });
  }
  return outcomes;
}

/**
 * Adds current members after completion. Each member added (or already there) is recorded by email; a deleted user
 * (404) or one outside the domain that the space cannot take (FAILED_PRECONDITION) is skipped with a counted
 * reason; any other failure is kept and retried by the next run, never counted as added.
 */
async function addMembers(conversationId: string, space: SpaceState, checkpoint: Checkpoint, writer: Writer): Promise<number> {
  const { report } = writer;
  const members = space.members ?? [];
  // Older state files counted attempts, failures included: those members are tried again (ALREADY_EXISTS is fine).
  const done = new Set(space.membersDone ?? []);
  // Recorded by earlier runs (a member skipped as not found is recorded too: it is not tried again).
  if (done.size > 0) report.membersInPlace(conversationId, done.size);
  let added = 0;
  const failures: NonNullable<SpaceState['memberFailures']> = [];
  for (const email of members) {
    if (done.has(email)) continue;
    try {
      await writer.write(conversationId, 'membership', undefined, async () => writer.client.createMembership(await writer.adminAuth(), space.space as string, email));
      report.written(conversationId, 'currentMembers');
      added += 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const skip = memberSkip(error)?.code;
      if (skip) report.skip({ conversationId, code: skip, reason: `current member ${email} was not added: ${error.message}` });
      else if (error.googleStatus === 'ALREADY_EXISTS') {
        report.membersInPlace(conversationId);
        added += 1;
      }
      else {
        report.failure(conversationId, error.googleStatus, `add member ${email}: ${error.message}`);
        failures.push({ email, code: error.googleStatus, message: error.message });
        continue;
      }
    }
    done.add(email);
    checkpoint.update(space, { membersDone: [...done] });
  }
  checkpoint.update(space, { memberFailures: failures });
  return added;
}

function memberSkip(error: ApiError): { code: SkipCode } | undefined {
  if (error.status === 404) return { code: 'member_not_found' };
  if (error.googleStatus === 'FAILED_PRECONDITION' && /outside/i.test(error.message)) return { code: 'member_outside_domain' };
  return undefined;
}

// The tool in one page: read → map → plan → post → checkpoint.
//
//   read + map   mappers/<kind>/   an export → people, conversations, and per conversation a stream of records
//   plan         src/plan/         per conversation: the space to create and the ordered writes (pure)
//   post         src/post/         the writes against the Chat API, as each author, within the quotas
//   checkpoint   src/checkpoint/   what Google acknowledged, so a re-run resumes exactly once
//
// `validate` and `import --dry-run` stop after plan; `import` posts many spaces at once (bounded by --concurrency)
// while the rate limiters keep each space and the whole project under Google's quotas.
import pLimit from 'p-limit';
import type { Checkpoint } from './checkpoint/state.js';
import type { ImportConfig, SourceSelection } from './config.js';
import type { Conversation, SourceExport } from './model.js';
import { shortHash, type MigrationIdentity } from './plan/ids.js';
import { spaceNameNotes } from './plan/space-names.js';
import { planConversation, type PlanContext, type PlanEvent } from './plan/planner.js';
import type { ReportBuilder } from './report/run-report.js';
import { importSpace } from './post/space-importer.js';
import { InterruptedError } from './errors.js';
import { firstOf } from './listing.js';
import type { Writer } from './post/writer.js';

/** The conversations the filters select, in export order. */
export function selectConversations(source: SourceExport, selection: SourceSelection): Conversation[] {
  const matches = (list: readonly string[] | undefined, c: Conversation) => list?.some((entry) => matchesEntry(entry, c)) ?? false;
  return source.conversations.filter(
    (c) => (!selection.channels || matches(selection.channels, c)) && !matches(selection.excludeChannels, c),
  );
}

/** What --channels / --exclude-channels name that no conversation of the export matches (a typo imports nothing). */
export function unmatchedFilters(source: SourceExport, selection: SourceSelection): string | undefined {
  const lines: string[] = [];
  for (const [flag, list] of [['--channels', selection.channels], ['--exclude-channels', selection.excludeChannels]] as const) {
    const missing = (list ?? []).filter((entry) => !source.conversations.some((c) => matchesEntry(entry, c)));
    if (missing.length > 0) lines.push(`${flag} ${missing.join(',')} matched no conversation`);
  }
  if (lines.length === 0) return undefined;
  const names = source.conversations.map((c) => c.name);
  return `${lines.join('; ')}; there are: ${firstOf(names, 20)}${names.length === 0 ? 'none' : ''}.`;
}

function matchesEntry(entry: string, c: Conversation): boolean {
  return entry.replace(/^#/, '').toLowerCase() === c.name.toLowerCase() || entry === c.id;
}

/** Identifies the date filters; a space planned with other filters is walked again from its start. */
export function planKeyFor(selection: SourceSelection): string {
  return shortHash('dates', selection.sinceMs ?? '', selection.untilMs ?? '');
}

export function planContext(source: SourceExport, selection: SourceSelection, nowMs: number): PlanContext {
  return {
    sourceKind: source.kind,
    people: source.people,
    nowMs,
    ...(selection.sinceMs !== undefined ? { sinceMs: selection.sinceMs } : {}),
    ...(selection.untilMs !== undefined ? { untilMs: selection.untilMs } : {}),
    ...(selection.drive ? { drive: true } : {}),
  };
}

/** Passes plan events through while counting them in the report: the same counts for a dry run and a real one. */
export async function* countedInReport(conversation: Conversation, events: AsyncIterable<PlanEvent>, report: ReportBuilder): AsyncGenerator<PlanEvent> {
  report.space(conversation.id, conversation.name, conversation.kind);
  for await (const event of events) {
    switch (event.type) {
      case 'space':
        report.spacePlanned(conversation.id);
        break;
      case 'op':
        report.planned(conversation.id, event.op);
        break;
      case 'skip':
        report.skip(event.skip);
        break;
      case 'fallback':
        report.fallback(event.conversationId, event.kind);
        break;
      case 'problem':
        report.planProblem(event.problem);
        break;
      case 'members':
        report.plannedMembers(conversation.id, event.emails.length);
        break;
      default:
        break;
    }
    yield event;
  }
}

/** What is known before any conversation is planned: the tables' skips, and space names cut or shared. */
function reportTables(source: SourceExport, selection: SourceSelection, report: ReportBuilder): void {
  for (const skip of source.tableSkips) report.skip(skip);
  for (const note of spaceNameNotes(selectConversations(source, selection))) report.warning(note.code, note.message, note.conversationId, true);
}

/** validate / --dry-run: read, map and plan everything, no network. */
export async function planOnly(source: SourceExport, config: Pick<ImportConfig, 'selection'>, report: ReportBuilder, nowMs: number, onSpace?: (c: Conversation) => void): Promise<void> {
  reportTables(source, config.selection, report);
  const context = planContext(source, config.selection, nowMs);
  for (const conversation of selectConversations(source, config.selection)) {
    for await (const event of countedInReport(conversation, planConversation(conversation, source.records(conversation.id), context), report)) void event;
    onSpace?.(conversation);
  }
}

/**
 * How many writes each conversation's plan holds, for the progress total from the first run (a run that walks a
 * space records its total in the state file; only the spaces without one are counted). Reads the export once more.
 */
export async function countPlan(source: SourceExport, conversations: readonly Conversation[], config: Pick<ImportConfig, 'selection'>, nowMs: number): Promise<Map<string, number>> {
  const context = planContext(source, config.selection, nowMs);
  const totals = new Map<string, number>();
  for (const conversation of conversations) {
    let writes = 0;
    for await (const event of planConversation(conversation, source.records(conversation.id), context)) if (event.type === 'op') writes += 1;
    totals.set(conversation.id, writes);
  }
  return totals;
}

export interface PostRun {
  readonly writer: Writer;
  readonly checkpoint: Checkpoint;
  readonly concurrency: number;
  /** What space requestIds derive from (source workspace, --migration-id). */
  readonly identity: MigrationIdentity;
  readonly onProgress?: (conversationId: string, done: number) => void;
  readonly onSpaceDone?: (conversation: Conversation) => void;
  /** Called when a space fails for a reason that stops the run (bad credentials…): stops the other spaces. */
  readonly abort: (reason: unknown) => void;
}

/** import: every selected space in parallel (bounded), each in its own planned order. */
export async function planAndPost(source: SourceExport, config: Pick<ImportConfig, 'selection'>, report: ReportBuilder, nowMs: number, run: PostRun): Promise<void> {
  reportTables(source, config.selection, report);
  const context = planContext(source, config.selection, nowMs);
  const planKey = planKeyFor(config.selection);
  const limit = pLimit(run.concurrency);
  const spaces = selectConversations(source, config.selection).map((conversation) =>
    limit(async () => {
      if (run.writer.signal.aborted) return;
      const plan = () => planConversation(conversation, source.records(conversation.id), context);
      try {
        await importSpace(conversation, { events: countedInReport(conversation, plan(), report), again: plan }, {
          writer: run.writer,
          checkpoint: run.checkpoint,
          planKey,
          identity: run.identity,
          datesFiltered: config.selection.sinceMs !== undefined || config.selection.untilMs !== undefined,
          ...(run.onProgress ? { onProgress: run.onProgress } : {}),
        });
      } catch (error) {
        if (!(error instanceof InterruptedError)) run.abort(error);
        throw error;
      }
      run.onSpaceDone?.(conversation);
    }),
  );
  // allSettled: one space's fatal error must not leave others writing unrecorded; the first error is rethrown.
  const results = await Promise.allSettled(spaces);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  // The cause of an abort is more useful than the interruptions it caused in the other spaces.
  const cause = failures.find((reason) => !(reason instanceof InterruptedError)) ?? failures[0];
  if (cause) throw cause;
}

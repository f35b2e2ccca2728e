// The run report: every count an admin needs to trust a migration — what was planned and written per space, every
// skip and fallback with its reason, retries and 429s — built up during the run and written at its end.
import type { FileFetchSummary } from '../linked-files.js';
import type { Skip } from '../model.js';
import { REASONS, type FailureCode, type FallbackCode, type WarningCode } from '../reasons.js';
import type { PlannedOp, PlanProblem } from '../plan/types.js';

/** memberships: history (people who left), written in import mode; currentMembers: added by `complete` after it. */
export type OpKind = 'messages' | 'reactions' | 'memberships' | 'attachments' | 'currentMembers';
/** What an import-mode write makes (the state file's LedgerCounts keep these). */
export type ImportOpKind = Exclude<OpKind, 'currentMembers'>;

/** What earlier runs recorded per space in the state file (checkpoint LedgerCounts; current members are not in it). */
export interface EarlierCounts {
  readonly written: Readonly<Partial<Record<OpKind, number>>>;
  readonly alreadyPresent: number;
  readonly skipped: Readonly<Record<string, number>>;
  readonly fallbacks: Readonly<Record<string, number>>;
}
type Counts = Record<OpKind, number>;
const zero = (): Counts => ({ messages: 0, reactions: 0, memberships: 0, attachments: 0, currentMembers: 0 });

/**
 * The counts kept both per space and for the whole migration. The report is the migration's, not the run's:
 * `written`, `alreadyPresent` and write-time skips and fallbacks add what earlier runs of the same state file
 * recorded (carryOver) to this run's, so an interrupted and resumed migration ends with the same totals as an
 * uninterrupted one. Plan-time skips and fallbacks are counted from the whole plan, which every run walks.
 */
export interface Tallies {
  planned: Counts;
  /** Acknowledged by Google, in every run of this state file (this run's are also in writtenThisRun). */
  written: Counts;
  /** Written by this run: a delta pass's new writes. */
  writtenThisRun: Counts;
  /** Found in Google by reconciliation (a lost, new or stale state file; a changed export), so not written again. */
  alreadyPresent: number;
  /** Operations the checkpoint showed as done, not sent again by this run. */
  resumed: number;
  /** Our messages in Google that the export no longer has (code absent_from_export). */
  absentFromExport: number;
  skipped: Record<string, number>;
  fallbacks: Record<string, number>;
  failures: number;
  retries: number;
  rateLimited: number;
}

export interface SpaceReport extends Tallies {
  conversationId: string;
  name: string;
  kind: string;
  space?: string;
  /** The plan creates a space for it (false: a conversation with nothing to import, or the "(export)" bucket). */
  hasSpace?: boolean;
  /** Messages per month (YYYY-MM → count), for the report's chart. */
  monthly: Record<string, number>;
  /** The space could not be created or read, so none of its planned writes was made (see spaceFailed). */
  unavailable?: { code: FailureCode; message: string; notWritten: number };
}

export interface Problem {
  conversationId?: string;
  code: string;
  message: string;
  where?: string;
  severity: 'skip' | 'blocking' | 'failure' | 'warning';
}

/** Which command wrote a report: each keeps its own file (see write.ts). */
export type CommandName = 'validate' | 'import' | 'verify' | 'complete';

export interface RunReport {
  tool: 'chat-import';
  /** The command line, secrets redacted. */
  command: string;
  /** Which command this is (absent in reports of older versions: an import, or a validate when dryRun). */
  commandName?: CommandName;
  source: { kind: string; path: string };
  dryRun: boolean;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  exitCode?: number;
  interrupted?: boolean;
  spaces: SpaceReport[];
  /** spaces: created or to be created (conversations with nothing to import are not spaces). */
  totals: Tallies & { blockingProblems: number; spaces: number };
  problems: Problem[];
  /** How many problems there were in all; the list keeps the first MAX_PROBLEMS_LISTED. */
  problemsTotal: number;
  /** Files the export only links to, downloaded from Slack (see src/linked-files.ts). */
  fileFetch?: FileFetchSummary;
  verify?: unknown;
}

export type DiffKind = 'missing' | 'extra' | 'wrongSender' | 'wrongThread' | 'wrongCreateTime';

/** What `chat-import verify` puts into `report.verify`. */
export interface VerifyResult {
  differences: number;
  spaces: VerifySpace[];
}

/** One space read back by verify, compared with the plan. */
export interface VerifySpace {
  conversation: string;
  space: string;
  expected: number;
  found: number;
  missing: string[];
  extra: string[];
  wrongSender: string[];
  wrongThread: string[];
  wrongCreateTime: string[];
  /** Google answered 404 for the space: deleted, past its import-mode deadline, or another target. */
  spaceNotFound?: boolean;
  /** How many of each there were, when the lists above were cut short (verify keeps the first 50 ids). */
  counts?: Partial<Record<DiffKind, number>>;
}

export const MAX_PROBLEMS_LISTED = 2_000;

/** One code's located problems of this run: how many, and the places of the first LOCATIONS_KEPT. */
export interface LocatedProblems {
  readonly code: string;
  count: number;
  readonly where: string[];
}
/** The console names this many places per code; the report lists them all (up to MAX_PROBLEMS_LISTED). */
export const LOCATIONS_KEPT = 3;

/**
 * Whole files skipped are named on the console as they happen, this many per code; the rest join the summary by
 * code (a zip bomb's 65,535 directory records would otherwise be as many lines).
 */
export const FILES_ANNOUNCED_PER_CODE = 10;

const opKind = (op: PlannedOp): OpKind => (op.type === 'message' ? 'messages' : op.type === 'reaction' ? 'reactions' : 'memberships');
const bump = (record: Record<string, number>, key: string, by = 1): void => {
  record[key] = (record[key] ?? 0) + by;
};

export class ReportBuilder {
  private readonly spaces = new Map<string, SpaceReport>();
  readonly report: RunReport;
  private readonly started: number;

  constructor(command: string, source: { kind: string; path: string }, dryRun: boolean, now: number, commandName?: CommandName) {
    this.started = now;
    this.report = {
      tool: 'chat-import',
      command,
      ...(commandName ? { commandName } : {}),
      source,
      dryRun,
      startedAt: new Date(now).toISOString(),
      spaces: [],
      totals: { planned: zero(), written: zero(), writtenThisRun: zero(), alreadyPresent: 0, resumed: 0, absentFromExport: 0, skipped: {}, fallbacks: {}, failures: 0, retries: 0, rateLimited: 0, blockingProblems: 0, spaces: 0 },
      problems: [],
      problemsTotal: 0,
    };
  }

  space(conversationId: string, name = conversationId, kind = 'unknown'): SpaceReport {
    let space = this.spaces.get(conversationId);
    if (!space) {
      space = { conversationId, name, kind, planned: zero(), written: zero(), writtenThisRun: zero(), alreadyPresent: 0, resumed: 0, absentFromExport: 0, skipped: {}, fallbacks: {}, failures: 0, retries: 0, rateLimited: 0, monthly: {} };
      this.spaces.set(conversationId, space);
      this.report.spaces.push(space);
    }
    return space;
  }

  planned(conversationId: string, op: PlannedOp): void {
    const space = this.space(conversationId);
    bump(space.planned, opKind(op));
    bump(this.report.totals.planned, opKind(op));
    if (op.type === 'message') {
      if (op.part === 1) bump(space.monthly, op.createTime.slice(0, 7));
      if (op.files.length > 0) {
        bump(space.planned, 'attachments', op.files.length);
        bump(this.report.totals.planned, 'attachments', op.files.length);
      }
    }
  }

  /** The plan creates (or created) this conversation's space. */
  spacePlanned(conversationId: string): void {
    const space = this.space(conversationId);
    if (space.hasSpace) return;
    space.hasSpace = true;
    this.report.totals.spaces += 1;
  }

  /** Current members, added by `complete` after completeImport (not import-mode history). */
  plannedMembers(conversationId: string, count: number): void {
    bump(this.space(conversationId).planned, 'currentMembers', count);
    bump(this.report.totals.planned, 'currentMembers', count);
  }

  /** Current members already in the space (added by an earlier `complete`, or ALREADY_EXISTS): counted as in place,
   * not as this run's writes, so a second `complete` still says "4 of 4". */
  membersInPlace(conversationId: string, count = 1): void {
    bump(this.space(conversationId).written, 'currentMembers', count);
    bump(this.report.totals.written, 'currentMembers', count);
  }

  written(conversationId: string, kind: OpKind, count = 1): void {
    const space = this.space(conversationId);
    for (const counts of [space.written, space.writtenThisRun, this.report.totals.written, this.report.totals.writtenThisRun]) bump(counts, kind, count);
  }

  alreadyPresent(conversationId: string, count = 1): void {
    this.space(conversationId).alreadyPresent += count;
    this.report.totals.alreadyPresent += count;
  }

  resumed(conversationId: string, count = 1): void {
    this.space(conversationId).resumed += count;
    this.report.totals.resumed += count;
  }

  absentFromExport(conversationId: string, count: number): void {
    this.space(conversationId).absentFromExport += count;
    this.report.totals.absentFromExport += count;
  }

  /** Adds what earlier runs of this state file counted for the space (their writes, skips and fallbacks). */
  carryOver(conversationId: string, earlier: EarlierCounts): void {
    const space = this.space(conversationId);
    for (const kind of Object.keys(earlier.written) as OpKind[]) {
      bump(space.written, kind, earlier.written[kind] ?? 0);
      bump(this.report.totals.written, kind, earlier.written[kind] ?? 0);
    }
    this.alreadyPresent(conversationId, earlier.alreadyPresent);
    for (const [code, n] of Object.entries(earlier.skipped)) {
      bump(space.skipped, code, n);
      bump(this.report.totals.skipped, code, n);
    }
    // The state file holds codes this tool counted earlier, all from the catalogue.
    for (const [code, n] of Object.entries(earlier.fallbacks)) this.fallback(conversationId, code as FallbackCode, n);
  }

  /**
   * Told of each file skipped as a whole as it happens (a day file not read, a zip entry refused), so the console
   * names the file at once; record-level problems are summarised by code at the end (see located()).
   */
  onFileSkip?: (line: string) => void;

  /** Whole-file skips named on the console so far, by code (see FILES_ANNOUNCED_PER_CODE). */
  private readonly filesAnnounced = new Map<string, number>();

  skip(skip: Skip): void {
    const conversationId = skip.conversationId ?? '(export)';
    const file = skip.origin?.file;
    const wholeFile = file !== undefined && skip.origin?.record === undefined && skip.code !== 'filtered_by_date';
    const told = this.filesAnnounced.get(skip.code) ?? 0;
    // Already named on the console: not listed again in the summary by code.
    const announced = wholeFile && this.onFileSkip !== undefined && told < FILES_ANNOUNCED_PER_CODE;
    if (announced) {
      this.filesAnnounced.set(skip.code, told + 1);
      this.onFileSkip?.(`${skip.reason.startsWith(file) ? skip.reason : `${file}: ${skip.reason}`} (${skip.code}; see docs/reasons.md)`);
    }
    const where = skip.origin ? `${skip.origin.file}${skip.origin.record ? ` record ${skip.origin.record}` : ''}` : undefined;
    // Nothing was dropped (a member missing from users.json is shown by id): a warning, not a skip.
    const kinds: readonly string[] | undefined = (REASONS as Partial<Record<string, { kinds: readonly string[] }>>)[skip.code]?.kinds;
    if (kinds && !kinds.includes('skip')) {
      this.problem({ ...(skip.conversationId ? { conversationId } : {}), code: skip.code, message: skip.reason, severity: 'warning', ...(where ? { where } : {}) }, announced);
      return;
    }
    bump(this.space(conversationId).skipped, skip.code);
    bump(this.report.totals.skipped, skip.code);
    // Date filters are the admin's choice, not a problem to list one by one.
    if (skip.code !== 'filtered_by_date') this.problem({ conversationId, code: skip.code, message: skip.reason, severity: 'skip', ...(where ? { where } : {}) }, announced);
  }

  fallback(conversationId: string, kind: FallbackCode, count = 1): void {
    bump(this.space(conversationId).fallbacks, kind, count);
    bump(this.report.totals.fallbacks, kind, count);
  }

  planProblem(problem: PlanProblem): void {
    if (problem.blocking) this.report.totals.blockingProblems += 1;
    this.problem({ conversationId: problem.conversationId, code: problem.code, message: problem.message, severity: problem.blocking ? 'blocking' : 'warning', ...(problem.origin ? { where: problem.origin } : {}) });
  }

  failure(conversationId: string, code: FailureCode, message: string, where?: string): void {
    this.space(conversationId).failures += 1;
    this.report.totals.failures += 1;
    this.problem({ conversationId, code, message, severity: 'failure', ...(where ? { where } : {}) });
  }

  /**
   * The space could not be created or read: its `notWritten` planned writes are failures (at least one: the space),
   * told in one problem rather than one per write.
   */
  spaceFailed(conversationId: string, code: FailureCode, message: string, notWritten: number): void {
    const space = this.space(conversationId);
    const failed = Math.max(notWritten, 1);
    space.failures += failed;
    this.report.totals.failures += failed;
    const full = `${message}; ${notWritten} planned write${notWritten === 1 ? '' : 's'} not made`;
    space.unavailable = { code, message: full, notWritten };
    this.problem({ conversationId, code, message: full, severity: 'failure' });
  }

  retried(conversationId: string, rateLimited: boolean): void {
    const space = this.space(conversationId);
    space.retries += 1;
    this.report.totals.retries += 1;
    if (rateLimited) {
      space.rateLimited += 1;
      this.report.totals.rateLimited += 1;
    }
  }

  /** Told of a warning worth seeing before the run goes on (a space name cut or shared), for the console. */
  onWarning?: (line: string) => void;

  /** `announce`: also say it on the console now (a warning without a place never reaches located()'s summary). */
  warning(code: WarningCode, message: string, conversationId?: string, announce = false): void {
    if (announce) this.onWarning?.(`${message} (${code}; see docs/reasons.md)`);
    this.problem({ code, message, severity: 'warning', ...(conversationId ? { conversationId } : {}) });
  }

  /** Problems with a place (file, record), by code: how many and the first few places, for the console. */
  private readonly byCode = new Map<string, LocatedProblems>();

  /** This run's problems that name a file (and record), by code, except those already named on the console. */
  located(): LocatedProblems[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** `announced`: already named on the console as it happened, so not summarised again by located(). */
  private problem(problem: Problem, announced = false): void {
    if (problem.where && !announced) {
      let entry = this.byCode.get(problem.code);
      if (!entry) this.byCode.set(problem.code, (entry = { code: problem.code, count: 0, where: [] }));
      entry.count += 1;
      // Several problems of one record (two reactions of one message) name it once.
      if (entry.where.length < LOCATIONS_KEPT && !entry.where.includes(problem.where)) entry.where.push(problem.where);
    }
    this.report.problemsTotal += 1;
    if (this.report.problems.length < MAX_PROBLEMS_LISTED) this.report.problems.push(problem);
  }

  finish(now: number, exitCode: number, interrupted = false): RunReport {
    this.report.finishedAt = new Date(now).toISOString();
    this.report.durationMs = Math.round(now - this.started);
    this.report.exitCode = exitCode;
    if (interrupted) this.report.interrupted = true;
    return this.report;
  }
}

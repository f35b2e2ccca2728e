// `chat-import import` (and `validate`, which is a dry run): the whole pipeline, the report, and the exit status.
import { setMaxListeners } from 'node:events';
import { basename } from 'node:path';
import { Checkpoint } from '../checkpoint/state.js';
import { DEFAULT_STATE_PATH, reportDirFor, stateTarget, type ImportConfig, type SourceSelection } from '../config.js';
import type { Logger } from '../log.js';
import type { SourceExport } from '../model.js';
import { FatalError, InterruptedError, UsageError } from '../errors.js';
import { countPlan, planAndPost, planKeyFor, planOnly, selectConversations, unmatchedFilters } from '../pipeline.js';
import { LinkedFiles } from '../linked-files.js';
import { systemClock } from '../post/clock.js';
import { completeSpaces, importDeadline } from '../post/complete.js';
import { SlackFiles } from '../post/slack-files.js';
import { problemLines, spaceFailureLines } from '../report/console-problems.js';
import { ReportBuilder, type RunReport } from '../report/run-report.js';
import { summaryLines, writeReport } from '../report/write.js';
import { openSource } from '../source.js';
import { userTableBlock, userTableWarning } from '../user-table.js';
import { createWriter, interruptOnSignals } from './common.js';
import { nothingFoundMessage, plannedNothing } from './nothing.js';
import { ProgressReporter } from './progress.js';

export interface CommandResult {
  readonly exitCode: number;
  readonly report?: RunReport;
}

export interface CommandIo {
  readonly log: Logger;
  /** Lines for the person at the terminal (stdout). */
  readonly print: (line: string) => void;
  readonly now: () => number;
  readonly commandLine: string;
}

export async function runValidate(config: Pick<ImportConfig, 'selection' | 'output'>, io: CommandIo): Promise<CommandResult> {
  // Linked files are counted, never fetched: validate and --dry-run make no network call.
  const linked = new LinkedFiles(config.selection.fileFetch ?? { off: true });
  const source = await openSource(config.selection, io.now, linked.openLinked);
  const report = new ReportBuilder(io.commandLine, { kind: source.kind, path: config.selection.source }, true, io.now(), 'validate');
  report.onFileSkip = (line) => io.log.warn(line);
  report.onWarning = (line) => io.log.warn(line);
  report.report.fileFetch = linked.summary;
  let nothing: string | undefined;
  let usersMissing: string | undefined;
  try {
    // validate reports a selection that selects nothing as a blocking problem (exit 1); import refuses it (exit 2).
    const unmatched = unmatchedFilters(source, config.selection);
    if (unmatched) throw new FatalError('nothing_selected', unmatched);
    usersMissing = userTableBlock(source, config.selection);
    if (usersMissing) report.planProblem({ conversationId: '', code: 'user_table_missing', message: usersMissing, blocking: true });
    warnAboutUserTable(source, config.selection, io.log);
    await planOnly(source, config, report, io.now());
    if (plannedNothing(report.report)) nothing = nothingFoundMessage(config.selection.source, source.kind, source, report.report);
  } finally {
    await source.close();
  }
  const exitCode = report.report.totals.blockingProblems > 0 || nothing ? 1 : 0;
  return finishReport(report, exitCode, reportDirFor(config.output, DEFAULT_STATE_PATH), io, false, [usersMissing, nothing]);
}

export async function runImport(config: ImportConfig, io: CommandIo): Promise<CommandResult> {
  if (config.dryRun) return runValidate(config, io);
  const controller = new AbortController();
  const fetchSettings = config.selection.fileFetch ?? { off: true };
  const slackFiles = new SlackFiles({ ...fetchSettings, clock: systemClock, signal: controller.signal });
  const linked = new LinkedFiles(fetchSettings, (file) => slackFiles.open(file));
  const source = await openSource(config.selection, io.now, linked.openLinked);
  const unmatched = unmatchedFilters(source, config.selection);
  const usersMissing = userTableBlock(source, config.selection);
  if (unmatched || usersMissing) {
    await source.close();
    // Both before the writer and the state file exist: nothing is written, nothing to resume.
    if (unmatched) throw new UsageError(unmatched);
    throw new FatalError('user_table_missing', usersMissing as string);
  }
  warnAboutUserTable(source, config.selection, io.log);
  const report = new ReportBuilder(io.commandLine, { kind: source.kind, path: config.selection.source }, false, io.now(), 'import');
  report.onFileSkip = (line) => io.log.warn(line);
  report.onWarning = (line) => io.log.warn(line);
  report.report.fileFetch = linked.summary;
  // Every write waiting on a rate limiter listens for Ctrl-C on this one signal: many listeners are expected.
  setMaxListeners(0, controller.signal);
  const stopListening = interruptOnSignals(controller, (line) => io.log.warn(line));
  let checkpoint: Checkpoint | undefined;
  let interrupted = false;
  try {
    const writer = await createWriter({ ...config.target, warn: (line) => io.log.warn(line), ...(config.selection.drive ? { drive: true } : {}), quotas: config.quotas, quotaWindowMs: config.quotaWindowMs, timeScale: 60_000 / config.quotaWindowMs }, report, controller.signal);
    const driveRefused = await writer.drive?.check(config.target.admin);
    if (driveRefused) {
      io.log.warn(`${driveRefused} Add it next to chat.import (one comma-separated list of scopes); until then files too big or blocked for Chat stay a line naming them.`);
    }
    checkpoint = await Checkpoint.open(config.target.statePath, {
      source: { kind: source.kind, fingerprint: source.fingerprint, path: config.selection.source, ...(source.workspaceId ? { workspace: source.workspaceId } : {}) },
      target: stateTarget(config.target),
      ...(config.target.migrationId ? { migrationId: config.target.migrationId } : {}),
      conversationIds: new Set(source.conversations.map((c) => c.id)),
    });
    const selected = selectConversations(source, config.selection);
    const planKey = planKeyFor(config.selection);
    const states = checkpoint.data.spaces;
    // A total from the first run: the spaces no earlier run walked with these filters are counted first.
    const uncounted = config.output.quiet ? [] : selected.filter((c) => states[c.id]?.planKey !== planKey || states[c.id]?.total === undefined);
    // Reading the records counts the linked files to fetch: the counting pass must not count them twice.
    const linkedCounts = structuredClone(linked.summary);
    const plannedTotals = await countPlan(source, uncounted, config, io.now());
    checkpoint.recordPlanned(new Map(uncounted.map((c) => [c.id, { conversationName: c.name, planKey, total: plannedTotals.get(c.id) ?? 0 }])));
    Object.assign(linked.summary, linkedCounts);
    const progress = new ProgressReporter(checkpoint, io.log, config.output.quiet, { conversationIds: selected.map((c) => c.id), planKey, plannedTotals });
    try {
      await planAndPost(source, config, report, io.now(), {
        writer,
        checkpoint,
        concurrency: config.concurrency,
        identity: { sourceKind: source.kind, ...(source.workspaceId ? { workspaceId: source.workspaceId } : {}), ...(config.target.migrationId ? { migrationId: config.target.migrationId } : {}) },
        onProgress: (conversationId, done) => progress.tick(conversationId, done),
        onSpaceDone: (conversation) => progress.spaceDone(conversation.name, conversation.id),
        abort: (reason) => controller.abort(reason),
      });
    } catch (error) {
      if (!(error instanceof InterruptedError)) throw error;
      interrupted = true;
    } finally {
      progress.stop();
    }
    if (config.complete && !interrupted) {
      const outcomes = await completeSpaces(checkpoint, writer);
      for (const outcome of outcomes) {
        if (outcome.result === 'completed') io.log.info(`completed ${outcome.name}; ${outcome.membersAdded ?? 0} current members added`);
        else if (outcome.result === 'not_ready') io.log.warn(`${outcome.name} stays in import mode (${outcome.detail}); complete it before ${outcome.deadline ?? 'its deadline'}`);
      }
    }
  } finally {
    stopListening();
    await checkpoint?.close();
    await source.close();
  }
  if (interrupted) {
    io.log.warn(`Stopped. The state is saved in ${config.target.statePath}: run the same command again to resume.`);
  } else if (!config.complete && checkpoint) {
    const deadlines = Object.values(checkpoint.data.spaces).map((s) => importDeadline(s)).filter((d): d is string => Boolean(d)).sort();
    if (deadlines[0]) io.print(`Spaces stay invisible in import mode until completed: run \`chat-import complete\` (or import --complete) before ${deadlines[0]}.`);
  }
  const nothing = !interrupted && plannedNothing(report.report) ? nothingFoundMessage(config.selection.source, source.kind, source, report.report) : undefined;
  const exitCode = interrupted ? 130 : report.report.totals.failures > 0 ? 1 : nothing ? 2 : 0;
  return finishReport(report, exitCode, reportDirFor(config.output, config.target.statePath), io, interrupted, [nothing]);
}

/** `errors`: the run's conclusion (nothing to import, no user table), said after the problems that led to it. */
export async function finishReport(report: ReportBuilder, exitCode: number, dir: string, io: CommandIo, interrupted = false, errors: ReadonlyArray<string | undefined> = []): Promise<CommandResult> {
  const finished = report.finish(io.now(), exitCode, interrupted);
  const files = await writeReport(finished, dir);
  // Record-level problems by code, with their first places: the files skipped as a whole were named as they came.
  for (const line of problemLines(report.located(), basename(files.html))) io.log[line.level](line.text);
  for (const line of spaceFailureLines(finished)) io.log.error(line);
  // Said once per run, not per message: the times are plausible but may be hours off.
  const localTimes = finished.totals.fallbacks.telegram_local_time ?? 0;
  if (localTimes > 0) io.log.warn(`${localTimes} Telegram message${localTimes === 1 ? '' : 's'} had only a local-time date and ${localTimes === 1 ? 'was' : 'were'} read as UTC: pass --timezone with the exporting device's zone (e.g. Europe/Berlin) for exact times.`);
  for (const error of errors) if (error) io.log.error(error);
  for (const line of summaryLines(finished)) io.print(line);
  io.print(`Report: ${files.json} and ${files.html}`);
  return { exitCode, report: finished };
}

function warnAboutUserTable(source: SourceExport, selection: SourceSelection, log: Logger): void {
  const warning = userTableWarning(source, selection);
  if (warning) log.warn(warning);
}

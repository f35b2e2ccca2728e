// `chat-import complete`: completeImport for every finished space of the state file, then current members. Writes
// its own report (report-complete.json / .html) beside the state file: what was completed, the current members
// added, and every space left in import mode with its deadline.
import { Checkpoint } from '../checkpoint/state.js';
import { reportDirFor, stateTarget, type TargetSelection } from '../config.js';
import { UsageError } from '../errors.js';
import { completeSpaces } from '../post/complete.js';
import { ReportBuilder } from '../report/run-report.js';
import type { CommandIo, CommandResult } from './import.js';
import { createWriter } from './common.js';
import { summaryLines, writeReport } from '../report/write.js';

/** `timeScale`: against a time-scaled emulator (--time-scale), quota minutes and retry backoff shrink alike. */
export async function runComplete(target: TargetSelection, io: CommandIo, timeScale = 1): Promise<CommandResult> {
  const existing = await Checkpoint.read(target.statePath);
  if (!existing) throw new UsageError(`No state file at ${target.statePath}: run an import first, or pass --state.`);
  const report = new ReportBuilder(io.commandLine, { kind: existing.source.kind, path: existing.source.path }, false, io.now(), 'complete');
  const controller = new AbortController();
  const writer = await createWriter({ ...target, quotaWindowMs: 60_000 / timeScale, timeScale }, report, controller.signal);
  const checkpoint = await Checkpoint.open(target.statePath, { source: existing.source, target: stateTarget(target), ...(existing.migrationId ? { migrationId: existing.migrationId } : {}) });
  // Named before any write is counted against them.
  for (const [conversationId, space] of Object.entries(existing.spaces)) {
    const entry = report.space(conversationId, space.conversationName);
    if (!space.space) continue;
    entry.space = space.space;
    report.spacePlanned(conversationId);
    report.plannedMembers(conversationId, space.members?.length ?? 0);
  }
  let failed = 0;
  try {
    for (const outcome of await completeSpaces(checkpoint, writer)) {
      const memberFailures = outcome.memberFailures ?? 0;
      if (memberFailures > 0) failed += 1;
      const failedAdds = memberFailures > 0 ? `; ${memberFailures} could not be added — run complete again to retry` : '';
      if (outcome.result === 'completed') io.print(`completed   ${outcome.name}  (${outcome.membersAdded ?? 0} current members added${failedAdds})`);
      else if (outcome.result === 'already_completed') io.print(`completed   ${outcome.name}  (already; ${outcome.membersAdded ?? 0} current members added by this run${failedAdds})`);
      else {
        failed += 1;
        const line = `${outcome.detail ?? ''}${outcome.deadline ? ` — still in import mode; Google deletes it after ${outcome.deadline}` : ''}`;
        if (outcome.result === 'not_ready') report.warning('space_not_ready', line, outcome.conversationId);
        io.print(`${outcome.result === 'failed' ? 'FAILED     ' : 'not ready  '} ${outcome.name}: ${line}`);
      }
    }
  } finally {
    await checkpoint.close();
  }
  const exitCode = failed > 0 ? 1 : 0;
  const finished = report.finish(io.now(), exitCode);
  const files = await writeReport(finished, reportDirFor({ quiet: false }, target.statePath));
  for (const line of summaryLines(finished)) io.print(line);
  io.print(`Report: ${files.json} and ${files.html}`);
  return { exitCode, report: finished };
}

// `chat-import complete`: completeImport for every finished space of the state file, then current members.
import { Checkpoint } from '../checkpoint/state.js';
import { stateTarget, type TargetSelection } from '../config.js';
import { UsageError } from '../errors.js';
import { completeSpaces } from '../post/complete.js';
import { ReportBuilder } from '../report/run-report.js';
import type { CommandIo, CommandResult } from './import.js';
import { createWriter } from './common.js';

export async function runComplete(target: TargetSelection, io: CommandIo): Promise<CommandResult> {
  const existing = await Checkpoint.read(target.statePath);
  if (!existing) throw new UsageError(`No state file at ${target.statePath}: run an import first, or pass --state.`);
  const report = new ReportBuilder(io.commandLine, { kind: existing.source.kind, path: existing.source.path }, false, io.now());
  const controller = new AbortController();
  const writer = await createWriter(target, report, controller.signal);
  const checkpoint = await Checkpoint.open(target.statePath, { source: existing.source, target: stateTarget(target) });
  let failed = 0;
  try {
    for (const outcome of await completeSpaces(checkpoint, writer)) {
      if (outcome.result === 'completed') io.print(`completed   ${outcome.name}  (${outcome.membersAdded ?? 0} current members added)`);
      else if (outcome.result === 'already_completed') io.print(`completed   ${outcome.name}  (already; ${outcome.membersAdded ?? 0} current members)`);
      else {
        failed += 1;
        io.print(`${outcome.result === 'failed' ? 'FAILED     ' : 'not ready  '} ${outcome.name}: ${outcome.detail ?? ''}${outcome.deadline ? ` — still in import mode; Google deletes it after ${outcome.deadline}` : ''}`);
      }
    }
  } finally {
    await checkpoint.close();
  }
  return { exitCode: failed > 0 ? 1 : 0, report: report.finish(io.now(), failed > 0 ? 1 : 0) };
}

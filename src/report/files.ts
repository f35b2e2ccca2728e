// The report files of one folder: each command keeps its own, so a verify never overwrites the import's report.
import type { CommandName, RunReport } from './run-report.js';

/** The files, in the order the HTML links them; `report` is the migration (import) report of the contract. */
export const REPORT_FILES: ReadonlyArray<{ readonly base: string; readonly command: CommandName; readonly label: string }> = [
  { base: 'report', command: 'import', label: 'migration (import)' },
  { base: 'report-validate', command: 'validate', label: 'validate' },
  { base: 'report-verify', command: 'verify', label: 'verify' },
  { base: 'report-complete', command: 'complete', label: 'complete' },
];

/** Which command wrote a report; one written before commandName existed is an import, or a validate if a dry run. */
export function commandOf(report: Pick<RunReport, 'commandName' | 'dryRun'>): CommandName {
  return report.commandName ?? (report.dryRun ? 'validate' : 'import');
}

export const baseFor = (command: CommandName): string => (command === 'import' ? 'report' : `report-${command}`);

/** The report's heading: "chat-import report" is the migration's; the others say which command made them. */
export function reportTitle(report: Pick<RunReport, 'commandName' | 'dryRun'>): string {
  const command = commandOf(report);
  return command === 'import' ? 'chat-import report' : command === 'validate' ? 'chat-import dry-run report' : `chat-import ${command} report`;
}

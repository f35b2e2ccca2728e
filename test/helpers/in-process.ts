// Runs a chat-import command in this process, the way src/cli.ts's main() does (the same program, the same one
// catch and exit codes), with what it prints captured. For end-to-end tests about the commands' logic: no process
// start-up per run. Tests about the process itself (signals, SIGKILL, files' modes, stderr) use runCli.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { buildProgram, exitCodeFor, type ProgramIo } from '../../src/cli.js';
import { runValidate } from '../../src/commands/import.js';
import type { SourceSelection } from '../../src/config.js';
import type { RunReport } from '../../src/report/run-report.js';
import type { CliResult } from './cli.js';

function captureOutput(command: Command, out: string[], err: string[]): void {
  command.configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  for (const sub of command.commands) captureOutput(sub, out, err);
}

/** `io.openLogFile`: a fake --log destination (a stream that fails, say). */
export async function runInProcess(args: string[], io: Pick<ProgramIo, 'openLogFile'> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  let pending: Promise<number> | undefined;
  const program = buildProgram((work) => { pending = work(); }, { ...io, print: (line) => out.push(`${line}\n`), printError: (line) => err.push(`${line}\n`), now: () => Date.now() });
  captureOutput(program, out, err);
  let code: number;
  try {
    await program.parseAsync(['node', 'chat-import', ...args]);
    code = pending ? await pending : 0;
  } catch (error) {
    code = exitCodeFor(error, (line) => err.push(`${line}\n`));
  }
  return { code, signal: null, stdout: out.join(''), stderr: err.join('') };
}

export interface InProcessResult {
  readonly code: number;
  readonly out: string[];
  readonly errors: string[];
  readonly report?: RunReport;
}

const NOW = Date.UTC(2030, 0, 1);

/**
 * `validate` called directly with a selection (no argv parsing): what the person at the terminal would see, the
 * exit code the CLI's one catch picks, and the report. Property tests run hundreds of inputs this way in seconds.
 */
export async function validateInProcess(selection: Omit<SourceSelection, 'source'> & { source: string }, reportDir = mkdtempSync(join(tmpdir(), 'chat-import-report-'))): Promise<InProcessResult> {
  const out: string[] = [];
  const errors: string[] = [];
  try {
    const result = await runValidate(
      { selection: selection as SourceSelection, output: { quiet: true, reportDir } },
      { log: pino({ level: 'warn' }, { write: (line: string) => void errors.push((JSON.parse(line) as { msg: string }).msg) }), print: (line) => out.push(line), now: () => NOW, commandLine: 'chat-import validate' },
    );
    return { code: result.exitCode, out, errors, ...(result.report ? { report: result.report } : {}) };
  } catch (error) {
    const code = exitCodeFor(error, (line) => errors.push(line));
    return { code, out, errors };
  }
}

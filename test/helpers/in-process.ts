// Runs a chat-import command in this process, the way src/cli.ts's main() does (the same program, the same one
// catch and exit codes), with what it prints captured. For end-to-end tests about the commands' logic: no process
// start-up per run. Tests about the process itself (signals, SIGKILL, files' modes, stderr) use runCli.
import type { Command } from 'commander';
import { buildProgram, exitCodeFor } from '../../src/cli.js';
import type { CliResult } from './cli.js';

function captureOutput(command: Command, out: string[], err: string[]): void {
  command.configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  for (const sub of command.commands) captureOutput(sub, out, err);
}

export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  let pending: Promise<number> | undefined;
  const program = buildProgram((work) => { pending = work(); }, { print: (line) => out.push(`${line}\n`), now: () => Date.now() });
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

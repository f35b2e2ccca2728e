// Runs the built CLI (dist/) as a child process, the way an admin does, optionally killing it mid-run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli.js');
export const FIXTURES = join(ROOT, 'fixtures');
export const TESTARCHIVE = join(ROOT, 'fixtures/slack/testarchive.zip');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /**
   * Send this signal (default SIGKILL) as soon as `when()` is true, checked every 2 ms. `when` looks at observed
   * progress (the in-process emulator's committed writes), never at the clock: the emulator runs in this process,
   * so a loaded machine slows the check and the writes it watches alike.
   */
  stopWhen?: { when: () => boolean; signal?: NodeJS.Signals };
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

let scratch: string | undefined;
/** The working folder of CLI runs that name none: a temp folder, so defaults such as .chat-import/ never land in the repository. */
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'chat-import-cwd-'));
  return scratch;
}

export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? scratchDir(), env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let poll: NodeJS.Timeout | undefined;
  if (options.stopWhen) {
    const { when, signal = 'SIGKILL' } = options.stopWhen;
    poll = setInterval(() => {
      if (!when()) return;
      clearInterval(poll);
      child.kill(signal);
    }, 2);
  }
  // A safety net against a hung child only (a test failure, reported with its output), never a test's trigger.
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  return { code, signal, stdout, stderr };
}

/** Everything the emulator has committed: spaces, messages, reactions and memberships (uploads are in messages). */
export function committedWrites(emulator: RunningEmulator): number {
  const dump = emulator.dump();
  return dump.spaces.length + dump.messages.length + dump.reactions.length + dump.memberships.length;
}

export async function totalDone(statePath: string): Promise<number> {
  try {
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { spaces: Record<string, { done: number }> };
    return Object.values(state.spaces).reduce((sum, s) => sum + s.done, 0);
  } catch {
    return 0;
  }
}

export interface Rehearsal {
  emulator: RunningEmulator;
  dir: string;
  keyPath: string;
  statePath: string;
  /** import/verify/complete flags pointing at the emulator, the key and the state file. */
  target: string[];
}

export async function rehearsal(options: EmulatorOptions = {}): Promise<Rehearsal> {
  const emulator = await startEmulator({ timeScale: 600, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'chat-import-e2e-'));
  const keyPath = join(dir, 'key.json');
  await writeFile(keyPath, JSON.stringify(emulator.createServiceAccountKey()));
  const statePath = join(dir, 'state.json');
  return { emulator, dir, keyPath, statePath, target: ['--credentials', keyPath, '--admin', 'admin@example.com', '--api-root', emulator.url, '--state', statePath] };
}

/**
 * For a describe block whose tests each start their own rehearsal: returns `rehearse`, which starts one (as
 * rehearsal() does), and stops its emulator after each test, whether the test passed or not.
 */
export function useRehearsal(): (options?: EmulatorOptions) => Promise<Rehearsal> {
  let current: Rehearsal | undefined;
  afterEach(async () => {
    await current?.emulator.stop();
    current = undefined;
  });
  return async (options) => {
    current = await rehearsal(options);
    return current;
  };
}

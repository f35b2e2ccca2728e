// Files chat-import writes besides the state, refused by the file system (issue 18): the report folder and files,
// the --log file and the state's lock file, each under EACCES, EROFS and ENOSPC. Tests run as root, where a
// chmod refuses nothing, so the refusal is injected at the fs call for one path: one message naming the path and
// the fix, exit 1, nothing else written.
import fs, { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { ROOT } from '../mappers/helpers.js';

/**
 * The one path whose fs call fails, and how, as the kernel would say it. The calls are replaced on Node's own
 * module objects and synced into their ESM exports (vi.mock cannot reach modules already loaded: the suite shares
 * a worker's modules, see vitest.config.ts); afterEach puts them back.
 */
const refuse = { path: undefined as string | undefined, code: 'EACCES' };

function refusing<T extends object>(target: T, name: keyof T & string, syscall: string): void {
  const real = target[name] as (...args: unknown[]) => unknown;
  vi.spyOn(target, name as never).mockImplementation(((path: unknown, ...rest: unknown[]) => {
    if (refuse.path !== undefined && String(path) === refuse.path) {
      const error = Object.assign(new Error(`${refuse.code}: refused, ${syscall} '${refuse.path}'`), { code: refuse.code, syscall, path: refuse.path });
      if (name.endsWith('Sync')) throw error;
      return Promise.reject(error);
    }
    return real.call(target, path, ...rest);
  }) as never);
}

beforeEach(() => {
  refusing(fsPromises, 'open', 'open');
  refusing(fsPromises, 'mkdir', 'mkdir');
  refusing(fsPromises, 'writeFile', 'open');
  refusing(fs, 'openSync', 'open');
  syncBuiltinESMExports();
});

afterEach(() => {
  refuse.path = undefined;
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

const CSV = join(ROOT, 'fixtures/csv/messages.csv');
// ENOENT: a folder the kernel will not make under one that exists, as under /proc (any other code reads the same).
const CODES = ['EACCES', 'EROFS', 'ENOSPC', 'ENOENT'] as const;
const FIX: Record<(typeof CODES)[number], (path: string, flag: string) => string> = {
  EACCES: (path, flag) => `permission denied; give your user write access to ${path} and its folder (an immutable file must be made mutable), or pass ${flag} with a path you can write.`,
  EROFS: (_path, flag) => `the file system is read-only; pass ${flag} with a path on a writable disk.`,
  ENOSPC: (_path, flag) => `the disk (or your quota) is full; free some space, or pass ${flag} with a path on another disk.`,
  ENOENT: (_path, flag) => `the file system refused; check the disk and the path, or pass ${flag} with another path.`,
};
/** The closing sentence: only a refused state file (or its lock) is worth reassuring about. */
const AFTER: Record<string, string> = {
  '--state': ' The state file was left as it was: run the same command again once this is fixed.',
  '--report': ' Run the same command again once this is fixed.',
  '--log': ' Run the same command again once this is fixed.',
};

describe.each(CODES)('%s', (code) => {
  it.each([
    ['the report folder', (dir: string) => join(dir, 'reports'), 'create the folder'],
    ['report-validate.json', (dir: string) => join(dir, 'reports/report-validate.json'), 'write'],
    ['the --log file', (dir: string) => join(dir, 'run.log'), 'open'],
  ])('validate: %s refused → exit 1, one message naming it', async (_what, pathIn, action) => {
    const dir = mkdtempSync(join(tmpdir(), 'refused-'));
    refuse.path = pathIn(dir);
    refuse.code = code;
    const flag = refuse.path.endsWith('.log') ? '--log' : '--report';
    const r = await runInProcess(['validate', CSV, '--report', join(dir, 'reports'), '--log', join(dir, 'run.log'), '--quiet']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `chat-import: Cannot ${action} ${refuse.path} (${code}): ${FIX[code](refuse.path, flag)}${AFTER[flag]}\n` });
  });

  it('import: the state lock file refused → exit 1 naming it, no state file, nothing written', async () => {
    const r = await rehearsal();
    chmodSync(r.keyPath, 0o600);
    try {
      refuse.path = `${r.statePath}.lock`;
      refuse.code = code;
      const result = await runInProcess(['import', CSV, ...r.target, '--report', join(r.dir, 'reports'), '--quiet']);
      expect({ code: result.code, stderr: result.stderr, state: existsSync(r.statePath), spaces: r.emulator.dump().spaces.length }).toEqual({
        code: 1,
        stderr: `chat-import: Cannot create the lock file ${refuse.path} (${code}): ${FIX[code](refuse.path, '--state')}${AFTER['--state']}\n`,
        state: false,
        spaces: 0,
      });
    } finally {
      await r.emulator.stop();
    }
  });
});

// Files the tool writes besides the state (issue 18): reports and the --log file are owner-only even when they
// existed before with wider permissions; a file system that refuses them gives one message naming the path and
// the flag to change (exit 1), never a stack trace; a key file others can read is warned about.
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../src/checkpoint/state.js';
import { exitCodeFor } from '../../src/cli.js';
import { keyFileWarning } from '../../src/commands/common.js';
import { FileSystemError } from '../../src/errors.js';
import { mkdirs } from '../../src/mkdirs.js';
import { openOwnerOnlyForAppend, writeOwnerOnly } from '../../src/owner-only.js';
import { rehearsal, runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { ROOT } from '../mappers/helpers.js';

const temp = () => mkdtempSync(join(tmpdir(), 'written-files-'));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const CSV = join(ROOT, 'fixtures/csv/messages.csv');

describe('files chat-import writes', () => {
  it('a report folder and --log file that were 0644 before are 0600 after a run', async () => {
    const dir = temp();
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    const files = ['report.json', 'report.html', 'report-validate.json', 'report-validate.html'].map((name) => join(reports, name));
    const log = join(dir, 'run.log');
    for (const file of [...files, log]) {
      writeFileSync(file, '');
      chmodSync(file, 0o644);
    }
    const r = await runInProcess(['validate', CSV, '--report', reports, '--log', log, '--quiet']);
    expect({ code: r.code, modes: [...files, log].map(mode) }).toEqual({ code: 0, modes: ['600', '600', '600', '600', '600'] });
  });

  it('a file where the report folder should be: exit 1 naming it and --report', async () => {
    const dir = temp();
    const blocker = join(dir, 'reports');
    writeFileSync(blocker, 'not a folder');
    const r = await runInProcess(['validate', CSV, '--report', blocker, '--quiet']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr: `chat-import: Cannot create the folder ${blocker} (EEXIST): a folder is in the way (or a file where a folder should be); pass --report with another path. Run the same command again once this is fixed.\n`,
    });
  });

  it('a full disk (ENOSPC, from /dev/full) while writing a report: one message naming the file and the fix', async () => {
    const error = await writeOwnerOnly('/dev/full', 'x'.repeat(100_000), '--report').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toBe('Cannot write /dev/full (ENOSPC): the disk (or your quota) is full; free some space, or pass --report with a path on another disk. Run the same command again once this is fixed.');
  });

  it('a folder the kernel refuses with ENOENT under one that exists (/proc): an error naming it, not a spin', async () => {
    // Node's own recursive mkdir loops forever there; mkdirs makes one folder at a time.
    expect(existsSync('/proc/self'), 'this test needs Linux /proc').toBe(true);
    const error = await mkdirs('/proc/chat-import-test/reports').then(() => undefined, (e: unknown) => e);
    expect({ code: (error as NodeJS.ErrnoException).code, path: (error as NodeJS.ErrnoException).path }).toEqual({ code: 'ENOENT', path: '/proc/chat-import-test' });
  });

  it('--log on a device (/dev/null) appends without changing the device\'s mode', () => {
    const before = mode('/dev/null');
    closeSync(openOwnerOnlyForAppend('/dev/null', '--log'));
    expect({ before, after: mode('/dev/null') }).toEqual({ before: '666', after: '666' });
  });

  it('a key file others can read is warned about with the fix; an owner-only one is not', () => {
    expect(keyFileWarning('/keys/sa.json', 0o100644)).toBe('The key file /keys/sa.json can be read by others (mode 0644): it lets anyone act as every user of your domain. Run chmod 600 /keys/sa.json.');
    expect(keyFileWarning('/keys/sa.json', 0o100640)).toBe('The key file /keys/sa.json can be read by others (mode 0640): it lets anyone act as every user of your domain. Run chmod 600 /keys/sa.json.');
    expect(keyFileWarning('/keys/sa.json', 0o100600)).toBeUndefined();
  });

  it('import with a key file others can read: warned on the terminal and in the report, and imported; with 0600, no warning', async () => {
    const r = await rehearsal();
    try {
      const args = ['import', CSV, ...r.target, '--time-scale', '600', '--report', join(r.dir, 'reports')];
      chmodSync(r.keyPath, 0o644);
      // A true CLI run: log lines go to the process's stderr, which only runCli captures.
      const exposed = await runCli(args);
      const warning = `The key file ${r.keyPath} can be read by others (mode 0644): it lets anyone act as every user of your domain. Run chmod 600 ${r.keyPath}.`;
      const report = JSON.parse(readFileSync(join(r.dir, 'reports/report.json'), 'utf8')) as { problems: { code: string; message: string }[] };
      expect({ code: exposed.code, onTerminal: exposed.stderr.includes(warning), inReport: report.problems.filter((p) => p.code === 'key_file_readable').map((p) => p.message) }).toEqual({ code: 0, onTerminal: true, inReport: [warning] });
      chmodSync(r.keyPath, 0o600);
      const again = await runCli(args);
      expect({ code: again.code, warned: again.stderr.includes('can be read by others') }).toEqual({ code: 0, warned: false });
    } finally {
      await r.emulator.stop();
    }
  });

  it('a state write the file system refuses mid-run: one message naming the file, exit 1, the state on disk still the last good one', async () => {
    const dir = temp();
    const path = join(dir, 'state.json');
    const identity = { source: { kind: 'slack', fingerprint: 'abc', path: 'export.zip' }, target: { apiRoot: 'http://127.0.0.1:1/', admin: 'admin@example.com' } };
    const checkpoint = await Checkpoint.open(path, identity);
    const space = checkpoint.space('C1', 'general', 'k1', () => 'rid-1');
    checkpoint.advance(space, 3, 'd3');
    await checkpoint.flush();
    // The injected failure: a folder where the state's temporary file goes (written, then renamed over the state).
    mkdirSync(join(dir, '.state.json.tmp'));
    checkpoint.advance(space, 5, 'd5');
    const error = await checkpoint.flush().then(() => undefined, (e: unknown) => e);
    const printed: string[] = [];
    expect({ code: exitCodeFor(error, (line) => printed.push(line)), printed }).toEqual({
      code: 1,
      printed: [`chat-import: Cannot write the state file ${path} (EISDIR): a folder is in the way (or a file where a folder should be); pass --state with a file path. The state file was left as it was: run the same command again once this is fixed.`],
    });
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as { spaces: Record<string, { done: number }> };
    expect(onDisk.spaces.C1?.done).toBe(3);
    await checkpoint.close().catch(() => undefined); // fails the same way; it still releases the lock
  });
});

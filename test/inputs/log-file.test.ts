// A --log file that fails mid-run (issue 18): the log is not the ledger, so the run goes on and completes, the
// failure is said once on stderr naming the path, --log, the OS's code and the fix, and the exit status is 1.
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OpenLogFile } from '../../src/log.js';
import { committedWrites, rehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { ROOT } from '../mappers/helpers.js';

const CSV = join(ROOT, 'fixtures/csv/messages.csv');

/** A --log destination that takes `good` lines, then fails every write with `code` (as a full disk does). */
function failingLog(good: number, code: string) {
  const seen = { lines: 0, offered: 0 };
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      if (seen.lines >= good) return done(Object.assign(new Error(`${code}: write failed`), { code, syscall: 'write' }));
      seen.lines += 1;
      done();
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    seen.offered += 1;
    return write(chunk);
  }) as typeof stream.write;
  const open: OpenLogFile = () => stream;
  return { open, seen };
}

describe('a --log file that fails mid-run', () => {
  it('ENOSPC after the first line: one message, no more lines offered, the import completes, exit 1', async () => {
    const r = await rehearsal();
    chmodSync(r.keyPath, 0o600); // no key_file_readable warning on the test's terminal
    try {
      const log = join(r.dir, 'run.log');
      const fake = failingLog(1, 'ENOSPC');
      const result = await runInProcess(['import', CSV, ...r.target, '--time-scale', '600', '--report', join(r.dir, 'reports'), '--log', log], { openLogFile: fake.open });
      const state = JSON.parse(readFileSync(r.statePath, 'utf8')) as { spaces: Record<string, { done: number; total?: number }> };
      const report = JSON.parse(readFileSync(join(r.dir, 'reports/report.json'), 'utf8')) as { totals: { planned: { messages: number }; written: { messages: number } } };
      expect({
        code: result.code,
        stderr: result.stderr,
        seen: fake.seen,
        written: [report.totals.written.messages, report.totals.planned.messages],
        spacesDone: Object.values(state.spaces).every((s) => s.done === s.total),
        summary: result.stdout.includes('Summary: 3 spaces, 7 messages'),
        committed: committedWrites(r.emulator) > 0,
      }).toEqual({
        code: 1,
        stderr: `chat-import: Cannot write the log file ${log} (ENOSPC): the disk (or your quota) is full; free some space, or pass --log with a path on another disk. The run goes on without it (the state file, not the log, records what is written) and will exit 1.\n`,
        seen: { lines: 1, offered: 2 },
        written: [7, 7],
        spacesDone: true,
        summary: true,
        committed: true,
      });
    } finally {
      await r.emulator.stop();
    }
  });
});

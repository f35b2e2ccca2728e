// --timezone through the CLI: Telegram times written without a zone are read in it; without it they are read as
// UTC, counted, and the run says so once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

describe('validate --timezone on a Telegram export with only local dates', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chat-import-timezone-'));
    const message = (id: number, date: string) => ({ id, type: 'message', date, from: 'Mia Rossi', from_id: 'user1001', text: `m${id}` });
    await writeFile(join(dir, 'result.json'), JSON.stringify({ name: 'Old chat', type: 'personal_chat', id: 7, messages: [message(1, '2019-03-30T23:30:00'), message(2, '2019-03-31T12:00:00')] }));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without it: read as UTC, counted per message, one warning on stderr', async () => {
    const result = await runCli(['validate', dir, '--report', join(dir, 'utc')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Fallbacks: author_no_email 2, telegram_local_time 2\n');
    const warnings = result.stderr.split('\n').filter((line) => line.includes('--timezone'));
    expect(warnings, result.stderr).toHaveLength(1);
    expect(warnings[0]).toContain("2 Telegram messages had only a local-time date and were read as UTC: pass --timezone with the exporting device's zone (e.g. Europe/Berlin) for exact times.");
  });

  it('with it: read in that zone, nothing counted, no warning', async () => {
    const result = await runCli(['validate', dir, '--timezone', 'Europe/Berlin', '--report', join(dir, 'berlin')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('telegram_local_time');
    expect(result.stderr).not.toContain('--timezone');
    const report = JSON.parse(await readFile(join(dir, 'berlin/report-validate.json'), 'utf8')) as { totals: { fallbacks: object }; spaces: Array<{ monthly: object }> };
    expect(report.totals.fallbacks).toEqual({ author_no_email: 2 });
    // 2019-03-30T23:30 in Berlin is 22:30 UTC: still March.
    expect(report.spaces.map((s) => s.monthly)).toEqual([{ '2019-03': 2 }]);
  });

  it('refuses a zone Intl does not know, naming the flag and the expected format (exit 2)', async () => {
    // In-process: usage errors come from the same catch and exit codes as the CLI's (the warnings above are logged
    // on the process's stderr, so those runs are true CLI runs).
    const result = await runInProcess(['validate', dir, '--timezone', 'Mars/Base']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('chat-import: --timezone must be an IANA time zone such as Europe/Berlin, America/New_York or UTC (got "Mars/Base").\n');
  });
});

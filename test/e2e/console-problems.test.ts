// What the operator reads on stderr about a damaged export, through the real CLI: each file skipped as a whole (a
// day file that is not JSON, a zip entry refused or damaged) named as it is met; record-level problems summarised
// once per code with the first three places and the catalogue's meaning.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../src/reasons.js';
import { runCli } from '../helpers/cli.js';
import { buildZip } from '../helpers/zip.js';
import { removeTempDirs, tempDir, writeTree } from '../mappers/slack/export-builder.js';

afterAll(removeTempDirs);

const USERS = [{ id: 'U1', name: 'ann', profile: { display_name: 'Ann', email: 'ann@example.com' } }];
const CHANNELS = [{ id: 'C1', name: 'general', created: 1577836800, members: ['U1'] }];
const msg = (ts: string, text: string) => ({ type: 'message', user: 'U1', text, ts });
/** A day file of two good messages with a non-object record at `record` (1-based) and a message without ts last. */
const day = (date: number, record: number) => {
  const records: unknown[] = [msg(`${1577836800 + date * 86_400}.000100`, 'a'), msg(`${1577836800 + date * 86_400}.000200`, 'b')];
  records.splice(record - 1, 0, 42);
  return [...records, { type: 'message', user: 'U1', text: 'no ts' }];
};

/** stderr without pino-pretty's time stamps. */
const lines = (stderr: string): string[] => stderr.split('\n').filter(Boolean).map((l) => l.replace(/^\[\d\d:\d\d:\d\d\] /, ''));

describe('problems on stderr', () => {
  it('names a day file skipped as a whole, and sums up record-level problems by code with their first places', async () => {
    const dir = await writeTree({
      'users.json': USERS,
      'channels.json': CHANNELS,
      'general/2020-01-01.json': '[{"type":"message","ts":"15',
      'general/2020-01-02.json': day(1, 1),
      'general/2020-01-03.json': day(2, 3),
      'general/2020-01-04.json': day(3, 2),
      'general/2020-01-05.json': day(4, 2),
    });
    const result = await runCli(['validate', dir, '--report', join(dir, 'out')]);
    const output = `exit ${result.code}\n${result.stderr}\n${result.stdout}`;
    // Node 24 adds "(line 1 column 28)" to JSON.parse's message; the rest of the line is the tool's own.
    expect(lines(result.stderr).map((line) => line.replace(/ \(line \d+ column \d+\)/, '')), output).toEqual([
      'WARN: general/2020-01-01.json: not valid JSON (Unterminated string in JSON at position 27) (bad_json; see docs/reasons.md)',
      `WARN: bad_record ×4 — general/2020-01-02.json record 1, general/2020-01-03.json record 3, general/2020-01-04.json record 2, … (+1 more; see report-validate.html) — ${REASONS.bad_record.meaning}`,
      `WARN: missing_ts ×4 — general/2020-01-02.json record 4, general/2020-01-03.json record 4, general/2020-01-04.json record 4, … (+1 more; see report-validate.html) — ${REASONS.missing_ts.meaning}`,
    ]);
    expect(result.code, output).toBe(0);
  });

  it('names each zip entry refused or damaged, whether a day file or not; nothing more when no record is at fault', async () => {
    const dir = await tempDir('console-problems-');
    const zip = join(dir, 'export.zip');
    await writeFile(zip, buildZip([
      { name: 'users.json', data: JSON.stringify(USERS) },
      { name: 'channels.json', data: JSON.stringify(CHANNELS) },
      { name: 'general/2020-01-01.json', data: JSON.stringify([msg('1577836800.000100', 'fine')]) },
      { name: '../evil.json', data: '[]' },
      { name: 'general/2020-01-02.json', data: JSON.stringify([msg('1577923200.000100', 'bit rot')]), crc32: 1 },
      { name: 'notes/readme.txt', data: 'hello', declaredSize: 2 },
    ]));
    const result = await runCli(['validate', zip, '--report', join(dir, 'out')]);
    const output = `exit ${result.code}\n${result.stderr}\n${result.stdout}`;
    expect(lines(result.stderr), output).toEqual([
      'WARN: ../evil.json: its name leads out of the export folder (".."); not read (zip_unsafe_name; see docs/reasons.md)',
      'WARN: notes/readme.txt: it is stored uncompressed but declares 5 bytes stored for 2 bytes of content; not read (zip_entry_damaged; see docs/reasons.md)',
      `WARN: general/2020-01-02.json: cannot be read (${zip}: the zip is damaged: entry general/2020-01-02.json cannot be read (its CRC-32 checksum does not match its content)) (unreadable_file; see docs/reasons.md)`,
    ]);
    expect(result.code, output).toBe(0);
  });
});

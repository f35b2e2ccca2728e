// --drive end to end against the emulator (in process): files too big or of a type Chat blocks go to the author's
// Google Drive and the message carries a line with the Drive link; each file is created once, in its author's
// Drive, with the exact bytes, shared with the domain by link. validate counts the files that would go to Drive
// without a request; without the drive.file scope in the delegation the files stay lines, counted and told once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SCOPE, IMPORT_SCOPE } from '../../src/emulator/index.js';
import type { RunReport } from '../../src/report/run-report.js';
import { rehearsal, type Rehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2023, 4, 1, 9) / 1000;
const ts = (offset: number) => (T + offset).toFixed(6);
const SETUP = Buffer.from('MZ pretend installer '.repeat(50));
const SCRIPT = Buffer.from('console.log("build step");\n'.repeat(20));
const NOTES = Buffer.from('meeting notes\n');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const record = (id: string, name: string, bytes: Buffer, mimetype: string) => ({ id, name, size: bytes.length, mimetype, permalink: `https://acme.slack.com/files/U1/${id}/${name}` });

async function buildExport(): Promise<string> {
  return writeSlackExport({
    users: [{ id: 'U1', name: 'ada', email: 'ada@example.com' }, { id: 'U2', name: 'bob', email: 'bob@example.com' }],
    channels: [{ id: 'C1', name: 'builds', created: T - 100, members: ['U1', 'U2'] }],
    days: {
      builds: {
        '2023-05-01': [
          { type: 'message', user: 'U1', text: 'the installer', ts: ts(1), files: [record('F1', 'setup.exe', SETUP, 'application/octet-stream')] },
          { type: 'message', user: 'U2', text: 'script and notes', ts: ts(2), files: [record('F2', 'build.js', SCRIPT, 'text/javascript'), record('F3', 'notes.txt', NOTES, 'text/plain')] },
        ],
      },
    },
    uploads: { F1: { name: 'setup.exe', bytes: SETUP }, F2: { name: 'build.js', bytes: SCRIPT }, F3: { name: 'notes.txt', bytes: NOTES } },
  });
}

const byTime = <T extends { createTime: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
const link = (id: string) => `https://drive.google.com/file/d/${id}/view?usp=drivesdk`;

describe('--drive: files Chat cannot take go to the author\'s Drive, linked', () => {
  let r: Rehearsal | undefined;
  afterEach(async () => {
    await r?.emulator.stop();
    r = undefined;
  });

  it('validate --drive counts the files that would go to Drive, with no request', async () => {
    r = await rehearsal();
    const source = await buildExport();
    const result = await runInProcess(['validate', source, '--drive', '--report', join(r.dir, 'validate')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Fallbacks: file_via_drive 2');
    const report = JSON.parse(await readFile(join(r.dir, 'validate', 'report-validate.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 2 });
    expect(report.totals.planned.attachments).toBe(1);
    expect(r.emulator.counters().requests).toBe(0);
  });

  it('import --drive puts each file on its author\'s Drive once, shared with the domain, and links it', async () => {
    r = await rehearsal();
    const source = await buildExport();
    const result = await runInProcess(['import', source, ...r.target, '--drive']);
    expect(result.code, result.stdout + result.stderr).toBe(0);

    const dump = r.emulator.dump();
    const [setup, script] = dump.driveFiles;
    expect(dump.driveFiles.map((f) => [f.name, f.mimeType, f.owner, f.sizeBytes, f.sha256, f.sharedWith])).toEqual([
      ['setup.exe', 'application/octet-stream', 'ada@example.com', SETUP.length, sha(SETUP), ['domain:example.com:reader']],
      ['build.js', 'text/javascript', 'bob@example.com', SCRIPT.length, sha(SCRIPT), ['domain:example.com:reader']],
    ]);
    const messages = byTime(dump.messages);
    expect(dump.driveFiles.map((f) => f.appProperties)).toEqual([
      { chatImportFile: `${dump.spaces[0]?.name}/${messages[0]?.clientAssignedMessageId}/1` },
      { chatImportFile: `${dump.spaces[0]?.name}/${messages[1]?.clientAssignedMessageId}/1` },
    ]);
    expect(messages.map((m) => [m.senderEmail, m.text, m.attachments.map((a) => [a.contentName, a.sizeBytes, a.sha256])])).toEqual([
      ['ada@example.com', `the installer\n📎 setup.exe (on Google Drive) ${link(setup?.id ?? '?')}`, []],
      ['bob@example.com', `script and notes\n📎 build.js (on Google Drive) ${link(script?.id ?? '?')}`, [['notes.txt', NOTES.length, sha(NOTES)]]],
    ]);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 2 });
    expect(report.totals.written.attachments).toBe(1);
    expect(r.emulator.counters().byMethod).toMatchObject({ 'drive.files.list': 2, 'drive.files.create': 2, 'drive.permissions.create': 2 });

    // Run again: every message is there already; nothing new on Drive either.
    const again = await runInProcess(['import', source, ...r.target, '--drive']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(r.emulator.dump().driveFiles.length).toBe(2);
    expect(r.emulator.dump().messages.length).toBe(2);
  });

  it('without drive.file in the delegation: the files stay lines, counted, and the fix is told once', async () => {
    r = await rehearsal({ grantedScopes: [IMPORT_SCOPE, BOT_SCOPE] });
    const source = await buildExport();
    const result = await runInProcess(['import', source, ...r.target, '--drive']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const dump = r.emulator.dump();
    expect(dump.driveFiles).toEqual([]);
    expect(byTime(dump.messages).map((m) => m.text)).toEqual([
      'the installer\n📎 setup.exe (file type blocked by Google Chat) https://acme.slack.com/files/U1/F1/setup.exe',
      'script and notes\n📎 build.js (file type blocked by Google Chat) https://acme.slack.com/files/U1/F2/build.js',
    ]);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 2, drive_not_granted: 2 });
    const told = report.problems.filter((p) => p.code === 'drive_not_granted').map((p) => p.message);
    expect(told.length, told.join('\n')).toBe(1);
    expect(told[0]).toContain('https://www.googleapis.com/auth/drive.file');
    // One token request for the scope, refused; none after it.
    expect(r.emulator.counters().byStatus['401']).toBe(1);
  });
});

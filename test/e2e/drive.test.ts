// --drive end to end against the emulator (in process): files too big or of a type Chat blocks go to the author's
// Google Drive and the message carries a line with the Drive link; each file is created once, in its author's
// Drive, with the exact bytes, shared with the domain by link. validate counts the files that would go to Drive
// without a request; without the drive.file scope in the delegation the files stay lines, counted and told once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPE, IMPORT_SCOPE, type EmulatorDump } from '../../src/emulator/index.js';
import { slackFileBytes } from '../../src/emulator/slack-files.js';
import { shortHash } from '../../src/plan/ids.js';
import type { RunReport } from '../../src/report/run-report.js';
import { runCli, useRehearsal } from '../helpers/cli.js';
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
          { type: 'message', user: 'U1', text: 'the installer again', ts: ts(3), files: [record('F1', 'setup.exe', SETUP, 'application/octet-stream')] },
        ],
      },
    },
    uploads: { F1: { name: 'setup.exe', bytes: SETUP }, F2: { name: 'build.js', bytes: SCRIPT }, F3: { name: 'notes.txt', bytes: NOTES } },
  });
}

/** Six messages by two authors, each with a script Chat blocks, held in the export. */
async function scriptsExport(): Promise<string> {
  const names = [1, 2, 3, 4, 5, 6].map((n) => `step${n}.js`);
  return writeSlackExport({
    users: [{ id: 'U1', name: 'ada', email: 'ada@example.com' }, { id: 'U2', name: 'bob', email: 'bob@example.com' }],
    channels: [{ id: 'C1', name: 'builds', created: T - 100, members: ['U1', 'U2'] }],
    days: { builds: { '2023-05-01': names.map((name, i) => ({ type: 'message', user: i % 2 ? 'U2' : 'U1', text: `step ${i + 1}`, ts: ts(i + 1), files: [record(`F${i + 1}`, name, SCRIPT, 'text/javascript')] })) } },
    uploads: Object.fromEntries(names.map((name, i) => [`F${i + 1}`, { name, bytes: SCRIPT }])),
  });
}

/** One Drive file per message, each linked from its own message only, and no message twice. */
function expectOnePerMessage(dump: EmulatorDump, count: number): void {
  const keys = dump.driveFiles.map((f) => f.appProperties['chatImportFile']);
  expect(new Set(keys).size, keys.join('\n')).toBe(count);
  expect(dump.driveFiles.length).toBe(count);
  const messages = byTime(dump.messages);
  expect(messages.map((m) => m.text.split('\n')[0])).toEqual([1, 2, 3, 4, 5, 6].slice(0, count).map((n) => `step ${n}`));
  for (const m of messages) {
    const file = dump.driveFiles.find((f) => f.name === `step${m.text.split('\n')[0]?.slice(5)}.js`);
    expect(m.text).toBe(`${m.text.split('\n')[0]}\n📎 ${file?.name} (on Google Drive) ${link(file?.id ?? 'none')}`);
    expect([file?.owner, file?.sha256]).toEqual([m.senderEmail, sha(SCRIPT)]);
  }
}

const byTime = <T extends { createTime: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
const link = (id: string) => `https://drive.google.com/file/d/${id}/view?usp=drivesdk`;

describe('--drive: files Chat cannot take go to the author\'s Drive, linked', () => {
  const rehearse = useRehearsal();

  it('validate --drive counts the files that would go to Drive, with no request', async () => {
    const r = await rehearse();
    const source = await buildExport();
    const result = await runInProcess(['validate', source, '--drive', '--report', join(r.dir, 'validate')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Fallbacks: file_via_drive 3');
    const report = JSON.parse(await readFile(join(r.dir, 'validate', 'report-validate.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 3 });
    expect(report.totals.planned.attachments).toBe(1);
    expect(r.emulator.counters().requests).toBe(0);
  });

  it('import --drive puts each file on its author\'s Drive once, shared with the domain, and links it', async () => {
    const r = await rehearse();
    const source = await buildExport();
    const result = await runInProcess(['import', source, ...r.target, '--drive', '--time-scale', '600']);
    expect(result.code, result.stdout + result.stderr).toBe(0);

    const dump = r.emulator.dump();
    const [setup, script] = dump.driveFiles;
    expect(dump.driveFiles.map((f) => [f.name, f.mimeType, f.owner, f.sizeBytes, f.sha256, f.sharedWith])).toEqual([
      ['setup.exe', 'application/octet-stream', 'ada@example.com', SETUP.length, sha(SETUP), ['domain:example.com:reader']],
      ['build.js', 'text/javascript', 'bob@example.com', SCRIPT.length, sha(SCRIPT), ['domain:example.com:reader']],
    ]);
    const messages = byTime(dump.messages);
    // Named by the Slack file's id and name within the space: shared twice, put on Drive once.
    expect(dump.driveFiles.map((f) => f.appProperties)).toEqual([
      { chatImportFile: `${dump.spaces[0]?.name}/file-${shortHash('F1', 'setup.exe')}` },
      { chatImportFile: `${dump.spaces[0]?.name}/file-${shortHash('F2', 'build.js')}` },
    ]);
    expect(messages.map((m) => [m.senderEmail, m.text, m.attachments.map((a) => [a.contentName, a.sizeBytes, a.sha256])])).toEqual([
      ['ada@example.com', `the installer\n📎 setup.exe (on Google Drive) ${link(setup?.id ?? '?')}`, []],
      ['bob@example.com', `script and notes\n📎 build.js (on Google Drive) ${link(script?.id ?? '?')}`, [['notes.txt', NOTES.length, sha(NOTES)]]],
      ['ada@example.com', `the installer again\n📎 setup.exe (on Google Drive) ${link(setup?.id ?? '?')}`, []],
    ]);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 3 });
    expect(report.totals.written.attachments).toBe(1);
    expect(r.emulator.counters().byMethod).toMatchObject({ 'drive.files.list': 3, 'drive.files.create': 2, 'drive.permissions.create': 3 });

    // Run again: every message is there already; nothing new on Drive either.
    const again = await runInProcess(['import', source, ...r.target, '--drive', '--time-scale', '600']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(r.emulator.dump().driveFiles.length).toBe(2);
    expect(r.emulator.dump().messages.length).toBe(3);
  });

  it('without drive.file in the delegation: said at the start, the files stay lines, counted, the fix told once', async () => {
    const r = await rehearse({ grantedScopes: [IMPORT_SCOPE, BOT_SCOPE] });
    const source = await buildExport();
    const result = await runCli(['import', source, ...r.target, '--drive', '--time-scale', '600']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const output = result.stdout + result.stderr;
    expect(output.match(/WARN: --drive: The service account \S+ may not act as admin@example\.com with the scope https:\/\/www\.googleapis\.com\/auth\/drive\.file/g)?.length, output).toBe(1);
    expect(output).toContain('Add it next to chat.import (one comma-separated list of scopes); until then files too big or blocked for Chat stay a line naming them.');
    const dump = r.emulator.dump();
    expect(dump.driveFiles).toEqual([]);
    expect(byTime(dump.messages).map((m) => m.text)).toEqual([
      'the installer\n📎 setup.exe (file type blocked by Google Chat) https://acme.slack.com/files/U1/F1/setup.exe',
      'script and notes\n📎 build.js (file type blocked by Google Chat) https://acme.slack.com/files/U1/F2/build.js',
      'the installer again\n📎 setup.exe (file type blocked by Google Chat) https://acme.slack.com/files/U1/F1/setup.exe',
    ]);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 3, drive_not_granted: 3 });
    const told = report.problems.filter((p) => p.code === 'drive_not_granted').map((p) => p.message);
    expect(told.length, told.join('\n')).toBe(1);
    expect(told[0]).toContain('https://www.googleapis.com/auth/drive.file');
    // One token request for the scope, refused; none after it.
    expect(r.emulator.counters().byStatus['401']).toBe(1);
  });

  it('a Slack-linked file of a blocked type is downloaded straight into Drive; a failed download stays a named line', async () => {
    const r = await rehearse();
    const path = '/files-pri/T1-F9/download/deploy.exe';
    r.emulator.slackFiles.register({ files: [{ path, size: 4_096, token: 'xoxe-1-DRIVETEST0123456789', contentType: 'application/octet-stream' }] });
    const linked = (id: string, name: string) => ({ id, name, size: 4_096, mimetype: 'application/octet-stream', url_private_download: `https://files.slack.com/files-pri/T1-${id}/download/${name}?t=xoxe-1-DRIVETEST0123456789`, permalink: `https://acme.slack.com/files/U1/${id}/${name}` });
    const source = await writeSlackExport({
      users: [{ id: 'U1', name: 'ada', email: 'ada@example.com' }],
      channels: [{ id: 'C1', name: 'ops', created: T - 100, members: ['U1'] }],
      days: { ops: { '2023-05-01': [{ type: 'message', user: 'U1', text: 'deploy tools', ts: ts(1), files: [linked('F9', 'deploy.exe'), linked('F8', 'gone.exe')] }] } },
    });
    const result = await runInProcess(['import', source, ...r.target, '--drive', '--slack-files-root', `${r.emulator.url}__slack/`, '--time-scale', '600']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const hash = createHash('sha256');
    for await (const chunk of slackFileBytes(path, 4_096)) hash.update(chunk as Buffer);
    const dump = r.emulator.dump();
    expect(dump.driveFiles.map((f) => [f.name, f.owner, f.sizeBytes, f.sha256])).toEqual([['deploy.exe', 'ada@example.com', 4_096, hash.digest('hex')]]);
    expect(dump.messages.map((m) => m.text)).toEqual([
      `deploy tools\n📎 deploy.exe (on Google Drive) ${link(dump.driveFiles[0]?.id ?? '?')}\n📎 gone.exe (download from Slack failed: HTTP 404 (not found: deleted on Slack?)) https://acme.slack.com/files/U1/F8/gone.exe`,
    ]);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_via_drive: 2, file_fetch_failed: 1 });
    expect(report.fileFetch).toMatchObject({ toFetch: 2, toFetchBytes: 8_192, fetched: 1, fetchedBytes: 4_096, blockedTotal: 2, viaDrive: true });
    expect(result.stdout).toContain('Linked files: 2 to fetch from Slack (0.0 MB); 1 downloaded (0.0 MB); 0 too large, 2 blocked type (to Google Drive, linked)');
  });

  it('answers lost after Drive and Chat committed are retried without a second file or message', async () => {
    const r = await rehearse({ lostResponseRate: 0.3, seed: 7 });
    const result = await runInProcess(['import', await scriptsExport(), ...r.target, '--drive', '--time-scale', '600', '--retry-for', '5m']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const counters = r.emulator.counters();
    expect(counters.lostResponses).toBeGreaterThan(0);
    // A Drive call retried after its lost answer looks the file up again: more lookups than files.
    expect(counters.byMethod['drive.files.list'], JSON.stringify(counters.byMethod)).toBeGreaterThan(6);
    expectOnePerMessage(r.emulator.dump(), 6);
  });

  it('a run killed once its first Drive file exists resumes to one file and one message each', async () => {
    const r = await rehearse();
    const source = await scriptsExport();
    const emulator = r.emulator;
    const args = ['import', source, ...r.target, '--drive', '--time-scale', '600', '--quiet'];
    const killed = await runCli(args, { stopWhen: { when: () => emulator.dump().driveFiles.length >= 1 } });
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    // The resume is the commands' logic: in-process (the kill above is the true CLI run).
    const again = await runInProcess(args);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expectOnePerMessage(r.emulator.dump(), 6);
  });
});

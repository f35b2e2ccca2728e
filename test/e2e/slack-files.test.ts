// Files a Slack export only links to, end to end through the CLI against the emulator's Slack file host: each
// linked file with a good token arrives as an attachment with the exact bytes; an expired token (Slack's HTML
// sign-in page) and a deleted file (404) become lines naming the file, counted and listed; validate counts what
// would be fetched without a single request; and no token appears in anything the tool printed or wrote.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slackFileBytes } from '../../src/emulator/slack-files.js';
import type { RunReport } from '../../src/report/run-report.js';
import { type Rehearsal, runCli, useRehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2023, 4, 1, 9) / 1000;
const ts = (offset: number) => (T + offset).toFixed(6);
const EXPORT_TOKEN = 'xoxe-1-EXPORTSECRET0123456789abcdef';
const EXPIRED_TOKEN = 'xoxe-1-EXPIREDSECRET0123456789abcdef';
const SLACK_TOKEN = 'xoxp-1-USERSECRET0123456789abcdef';
const SECRETS = [EXPORT_TOKEN, EXPIRED_TOKEN, SLACK_TOKEN, 'EXPORTSECRET', 'EXPIREDSECRET', 'USERSECRET'];

const slackUrl = (id: string, name: string, token?: string) => `https://files.slack.com/files-pri/T1-${id}/download/${name}${token ? `?t=${token}` : ''}`;
const pathOf = (id: string, name: string) => `/files-pri/T1-${id}/download/${name}`;
const file = (id: string, name: string, size: number, mimetype: string, token?: string) => ({
  id, name, size, mimetype, url_private_download: slackUrl(id, name, token), permalink: `https://acme.slack.com/files/U1/${id}/${name}?t=${token ?? EXPORT_TOKEN}`,
});

const FILES = {
  report: file('F1', 'report.pdf', 300_000, 'application/pdf', EXPORT_TOKEN),
  photo: file('F2', 'photo.png', 5_000, 'image/png', EXPIRED_TOKEN),
  gone: file('F3', 'gone.txt', 40, 'text/plain', EXPORT_TOKEN),
  notes: file('F4', 'notes.txt', 70_000, 'text/plain'), // no t=: fetched with the Slack token
  movie: file('F5', 'movie.mp4', 300_000_000, 'video/mp4', EXPORT_TOKEN),
  setup: file('F6', 'setup.exe', 1_000, 'application/octet-stream', EXPORT_TOKEN),
};

async function buildExport(): Promise<string> {
  return writeSlackExport({
    users: [{ id: 'U1', name: 'ada', email: 'ada@example.com' }, { id: 'U2', name: 'bob', email: 'bob@example.com' }],
    channels: [{ id: 'C1', name: 'files', created: T - 100, members: ['U1', 'U2'] }],
    days: {
      files: {
        '2023-05-01': [
          { type: 'message', user: 'U1', text: 'the report', ts: ts(1), files: [FILES.report] },
          { type: 'message', user: 'U2', text: 'a photo and a lost file', ts: ts(2), files: [FILES.photo, FILES.gone] },
          { type: 'message', user: 'U1', text: 'notes', ts: ts(3), files: [FILES.notes] },
          { type: 'message', user: 'U2', text: 'too big and blocked', ts: ts(4), files: [FILES.movie, FILES.setup] },
        ],
      },
    },
  });
}

/** The emulator serves F1 (export token), F2 (a good token the export's expired one does not match), F4 (the Slack token); F3 is gone. */
function registerFiles(r: Rehearsal): void {
  r.emulator.slackFiles.register({
    files: [
      { path: pathOf('F1', 'report.pdf'), size: FILES.report.size, token: EXPORT_TOKEN, contentType: 'application/pdf' },
      { path: pathOf('F2', 'photo.png'), size: FILES.photo.size, token: 'xoxe-1-THECURRENTONE', contentType: 'image/png' },
      { path: pathOf('F4', 'notes.txt'), size: FILES.notes.size, token: SLACK_TOKEN, contentType: 'text/plain' },
    ],
  });
}

async function sha(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of slackFileBytes(path, size)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  return out;
}

function expectNoSecrets(where: string, text: string): void {
  const found = SECRETS.filter((s) => text.includes(s));
  expect(found, `secrets in ${where}: ${found.join(', ')}`).toEqual([]);
}

describe('linked Slack files through the CLI', () => {
  const rehearse = useRehearsal();

  it('validate counts the files to fetch and lists the too big and blocked ones, with no request to Slack', async () => {
    const r = await rehearse();
    registerFiles(r);
    const source = await buildExport();
    const reportDir = join(r.dir, 'validate');
    // In-process: validate's counting is the command's logic; the import below is the true CLI run (stdout, stderr, files).
    const result = await runInProcess(['validate', source, '--slack-token', SLACK_TOKEN, '--slack-files-root', `${r.emulator.url}__slack/`, '--report', reportDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Linked files: 4 to fetch from Slack (0.4 MB); 1 too large, 1 blocked type (posted as a line)');
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as RunReport;
    expect(report.fileFetch).toEqual({
      toFetch: 4, toFetchBytes: 375_040,
      tooLargeTotal: 1, tooLarge: [{ conversationId: 'C1', name: 'movie.mp4', sizeBytes: 300_000_000 }],
      blockedTotal: 1, blocked: [{ conversationId: 'C1', name: 'setup.exe', sizeBytes: 1_000 }],
    });
    expect(report.totals.planned.attachments).toBe(4);
    expect(r.emulator.slackFiles.counters).toEqual({ served: 0, loginPages: 0, notFound: 0 });
    expectNoSecrets('stdout', result.stdout + result.stderr);
  });

  it('--no-file-fetch leaves every linked file a line with its name, as before', async () => {
    const r = await rehearse();
    const source = await buildExport();
    const result = await runInProcess(['validate', source, '--no-file-fetch', '--slack-token', SLACK_TOKEN, '--report', join(r.dir, 'off')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Fallbacks: file_without_bytes 6');
    expect(result.stdout).not.toContain('Linked files');
  });

  it('imports linked files as attachments with the exact bytes, and failed downloads as named lines', async () => {
    const r = await rehearse();
    registerFiles(r);
    const source = await buildExport();
    const log = join(r.dir, 'run.log');
    const result = await runCli(['import', source, ...r.target, '--slack-token', SLACK_TOKEN, '--slack-files-root', `${r.emulator.url}__slack/`, '--log', log, '--time-scale', '600']);
    expect(result.code, result.stdout + result.stderr).toBe(0);

    const dump = r.emulator.dump();
    const messages = [...dump.messages].sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
    expect(messages.map((m) => [m.senderEmail, m.text, m.attachments.map((a) => [a.contentName, a.contentType, a.sizeBytes, a.sha256])])).toEqual([
      ['ada@example.com', 'the report', [['report.pdf', 'application/pdf', 300_000, await sha(pathOf('F1', 'report.pdf'), 300_000)]]],
      ['bob@example.com', 'a photo and a lost file\n📎 photo.png (download from Slack failed: Slack answered with an HTML page instead of the file (a sign-in page: the token is missing, expired or revoked)) https://acme.slack.com/files/U1/F2/photo.png\n📎 gone.txt (download from Slack failed: HTTP 404 (not found: deleted on Slack?)) https://acme.slack.com/files/U1/F3/gone.txt', []],
      ['ada@example.com', 'notes', [['notes.txt', 'text/plain', 70_000, await sha(pathOf('F4', 'notes.txt'), 70_000)]]],
      ['bob@example.com', "too big and blocked\n📎 movie.mp4 (larger than Google Chat's 200 MB limit) https://acme.slack.com/files/U1/F5/movie.mp4\n📎 setup.exe (file type blocked by Google Chat) https://acme.slack.com/files/U1/F6/setup.exe", []],
    ]);
    expect(r.emulator.slackFiles.counters).toEqual({ served: 2, loginPages: 1, notFound: 1 });

    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals.fallbacks).toEqual({ file_fetch_failed: 2, file_too_large: 1, file_blocked_type: 1 });
    expect(report.totals.written.attachments).toBe(2);
    expect(report.fileFetch).toMatchObject({ toFetch: 4, fetched: 2, fetchedBytes: 370_000 });
    expect(report.problems.filter((p) => p.code === 'file_fetch_failed').map((p) => p.message)).toEqual([
      'photo.png: Slack answered with an HTML page instead of the file (a sign-in page: the token is missing, expired or revoked)',
      'gone.txt: HTTP 404 (not found: deleted on Slack?)',
    ]);
    expect(result.stdout).toContain('Linked files: 4 to fetch from Slack (0.4 MB); 2 downloaded (0.4 MB); 1 too large, 1 blocked type (posted as a line)');

    // No token in anything printed, written (state, report, log) or posted.
    expectNoSecrets('stdout/stderr', result.stdout + result.stderr);
    for (const path of await allFiles(r.dir)) expectNoSecrets(path, await readFile(path, 'utf8'));
    expectNoSecrets('posted messages', JSON.stringify(dump));
  });
});

describe('linked Slack files and a kill mid-import (CLI against the emulator)', () => {
  const rehearse = useRehearsal();

  // Two channels of 8 messages; each message links one file, every third a second one: 22 files in all.
  const CHANNELS = ['photos', 'docs'];
  const linked = CHANNELS.flatMap((channel, c) =>
    Array.from({ length: 8 }, (_, i) => {
      const files = [file(`F${c}${i}a`, `${channel}-${i}.bin`, 20_000 + 7_919 * i, 'application/octet-stream', EXPORT_TOKEN)];
      if (i % 3 === 0) files.push(file(`F${c}${i}b`, `${channel}-${i}-extra.txt`, 1_000 + 13 * i, 'text/plain', EXPORT_TOKEN));
      return { channel, c, i, text: `${channel} ${i}`, files };
    }),
  );

  async function filesExport(): Promise<string> {
    return writeSlackExport({
      users: [{ id: 'U1', name: 'ada', email: 'ada@example.com' }, { id: 'U2', name: 'bob', email: 'bob@example.com' }],
      channels: CHANNELS.map((name, c) => ({ id: `C${c}`, name, created: T - 100, members: ['U1', 'U2'] })),
      days: Object.fromEntries(CHANNELS.map((channel) => [channel, {
        '2023-05-01': linked.filter((m) => m.channel === channel).map((m) => ({ type: 'message', user: m.i % 2 ? 'U2' : 'U1', text: m.text, ts: ts(10 * m.i + m.c), files: m.files })),
      }])),
    });
  }

  it('a kill while files are downloaded and uploaded, then the same command: no message missing or doubled, no file attached twice', async () => {
    const r = await rehearse();
    const emulator = r.emulator;
    emulator.slackFiles.register({
      files: linked.flatMap((m) => m.files.map((f) => ({ path: pathOf(f.id, f.name), size: f.size, token: EXPORT_TOKEN, contentType: f.mimetype }))),
    });
    const source = await filesExport();
    const args = ['import', source, ...r.target, '--slack-files-root', `${emulator.url}__slack/`, '--quiet'];
    const uploads = (): number => emulator.counters().byMethod['media.upload'] ?? 0;

    // Killed as the 7th upload arrives (an upload in flight, a message whose first files are uploaded but which is
    // not yet written), then again as the 16th does, then the same command once more to the end.
    for (const at of [7, 16]) {
      const killed = await runCli(args, { stopWhen: { when: () => uploads() >= at } });
      expect(killed.signal, `kill at upload ${at}: ${killed.stdout}${killed.stderr}`).toBe('SIGKILL');
    }
    const before = emulator.dump().messages.length;
    expect(before, 'the kills came mid-import').toBeLessThan(16);
    const last = await runCli(args);
    expect(last.code, last.stdout + last.stderr).toBe(0);

    const dump = emulator.dump();
    const want = await Promise.all(linked.map(async (m) => [`${m.text}`, await Promise.all(m.files.map(async (f) => [f.name, f.size, await sha(pathOf(f.id, f.name), f.size)]))]));
    const got = [...dump.messages]
      .sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime) || a.text.localeCompare(b.text))
      .map((m) => [m.text, m.attachments.map((a) => [a.contentName, a.sizeBytes, a.sha256])]);
    const order = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(order(got)).toEqual(order(want));
    expect(new Set(dump.messages.map((m) => `${m.space} ${m.clientAssignedMessageId}`)).size).toBe(16);
    expect(dump.messages.reduce((n, m) => n + m.attachments.length, 0)).toBe(22);
    // A message whose answer the kill cut off is sent again with the same requestId and answered with the one
    // Google holds (the dump above has it once); an upload whose message was not written yet is simply redone.
    expect(emulator.counters().byMethod['spaces.messages.create']).toBeGreaterThanOrEqual(16);
    expect(uploads()).toBeGreaterThanOrEqual(22);
  });
});

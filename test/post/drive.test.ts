// --drive exactly once, in process: the real pipeline, checkpoint and report against an in-memory Chat and Drive.
// A run killed right after a Drive file was created, an answer lost after the create, a run killed after the
// message was posted: each ends with one Drive file per source file and one message carrying its link.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, FatalError } from '../../src/errors.js';
import { FakeChat, FakeTokens } from '../fakes/fake-chat.js';
import { FakeDrive } from '../fakes/fake-drive.js';
import { fakeExport, fakeImport, type FakeExportSpec } from '../fakes/fake-migration.js';

const SPEC: FakeExportSpec = {
  people: ['ann', 'ben', 'dan'],
  noEmail: ['dan'],
  conversations: [{
    id: 'C1',
    name: 'builds',
    messages: [
      { id: 'm1', at: 0, by: 'ann', text: 'installer', files: { 'setup.exe': 'MZ installer bytes' } },
      { id: 'm2', at: 1, by: 'ben', text: 'two scripts', files: { 'a.js': 'console.log(1)', 'b.js': 'console.log(2)' } },
      { id: 'm3', at: 2, by: 'dan', text: 'from someone without an account', files: { 'tool.bat': '@echo off' } },
    ],
  }],
};

async function tempState(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ci-drive-')), 'state.json');
}

/** "owner name text", one per Drive file; duplicates would show. */
const driveFiles = (drive: FakeDrive) => drive.files.map((f) => `${f.owner} ${f.name} ${f.text} shared:${f.sharedWith.join(',')}`);
const texts = (chat: FakeChat) => chat.messages.map((m) => `${m.sender}: ${m.text}`);

const EXPECTED_FILES = [
  'ann@example.com setup.exe MZ installer bytes shared:example.com',
  'ben@example.com a.js console.log(1) shared:example.com',
  'ben@example.com b.js console.log(2) shared:example.com',
  'admin@example.com tool.bat @echo off shared:example.com',
];
const EXPECTED_TEXTS = [
  'ann@example.com: installer\n📎 setup.exe (on Google Drive) https://drive.example/D1',
  'ben@example.com: two scripts\n📎 a.js (on Google Drive) https://drive.example/D2\n📎 b.js (on Google Drive) https://drive.example/D3',
  'admin@example.com: _Originally posted by DAN_\nfrom someone without an account\n📎 tool.bat (on Google Drive) https://drive.example/D4',
];

describe('--drive, exactly once', () => {
  it('puts each file on its author\'s Drive (the admin\'s for an author without an account) and links it', async () => {
    const chat = new FakeChat();
    const drive = new FakeDrive();
    const run = await fakeImport(chat, fakeExport(SPEC), await tempState(), { drive: { api: drive, tokens: new FakeTokens() } });
    expect(run.crashed).toBe(false);
    expect(driveFiles(drive)).toEqual(EXPECTED_FILES);
    expect(texts(chat)).toEqual(EXPECTED_TEXTS);
    expect(run.report.totals.fallbacks).toEqual({ file_via_drive: 4, author_no_email: 1 });
  });

  for (const [what, at] of [['the first Drive file was created', 'create'], ['a domain share was recorded', 'shareWithDomain']] as const) {
    it(`a run killed right after ${what} resumes without a second file or message`, async () => {
      const chat = new FakeChat();
      const drive = new FakeDrive();
      const statePath = await tempState();
      drive.fault = (call, n) => (call === at && n === 1 ? 'crash' : undefined);
      const first = await fakeImport(chat, fakeExport(SPEC), statePath, { drive: { api: drive, tokens: new FakeTokens() } });
      expect(first.crashed).toBe(true);
      expect([drive.files.length, chat.messages.length]).toEqual([1, 0]);
      drive.fault = () => undefined;
      const second = await fakeImport(chat, fakeExport(SPEC), statePath, { drive: { api: drive, tokens: new FakeTokens() } });
      expect(second.crashed).toBe(false);
      expect(driveFiles(drive)).toEqual(EXPECTED_FILES);
      expect(texts(chat)).toEqual(EXPECTED_TEXTS);
      expect(drive.calls.create).toBe(4);
    });
  }

  it('an answer lost after the create is retried by finding the file, not by creating another', async () => {
    const chat = new FakeChat();
    const drive = new FakeDrive();
    drive.fault = (call) => (call === 'create' ? 'lose' : undefined);
    const run = await fakeImport(chat, fakeExport(SPEC), await tempState(), { drive: { api: drive, tokens: new FakeTokens() } });
    expect(run.crashed).toBe(false);
    expect(driveFiles(drive)).toEqual(EXPECTED_FILES);
    expect(texts(chat)).toEqual(EXPECTED_TEXTS);
    expect([drive.calls.create, drive.calls.findByKey]).toEqual([4, 8]);
  });

  it('a run killed after a message with a Drive link was posted finds both on resume', async () => {
    const chat = new FakeChat();
    const drive = new FakeDrive();
    const statePath = await tempState();
    // Decided before the write commits: the first message is posted, then the run dies before recording it.
    chat.fault = (call) => (call.kind === 'createMessage' && chat.messages.length === 0 ? 'crash' : undefined);
    const first = await fakeImport(chat, fakeExport(SPEC), statePath, { drive: { api: drive, tokens: new FakeTokens() } });
    expect(first.crashed).toBe(true);
    expect([drive.files.length, chat.messages.length]).toEqual([1, 1]);
    chat.fault = () => undefined;
    await fakeImport(chat, fakeExport(SPEC), statePath, { drive: { api: drive, tokens: new FakeTokens() } });
    expect(driveFiles(drive)).toEqual(EXPECTED_FILES);
    expect(texts(chat)).toEqual(EXPECTED_TEXTS);
    expect(drive.calls.create).toBe(4);
  });

  it('a file Drive refuses is a line naming it and the status, counted and listed; the other files still go', async () => {
    const chat = new FakeChat();
    const drive = new FakeDrive();
    drive.fault = (call, n) => (call === 'create' && n === 2 ? new ApiError(403, 'PERMISSION_DENIED', 'The user does not have sufficient permissions for this file.') : undefined);
    const run = await fakeImport(chat, fakeExport(SPEC), await tempState(), { drive: { api: drive, tokens: new FakeTokens() } });
    expect(run.crashed).toBe(false);
    expect(drive.files.map((f) => f.name)).toEqual(['setup.exe', 'b.js', 'tool.bat']);
    expect(texts(chat)[1]).toBe('ben@example.com: two scripts\n📎 a.js (Google Drive upload failed: PERMISSION_DENIED)\n📎 b.js (on Google Drive) https://drive.example/D2');
    expect(run.report.totals.fallbacks).toEqual({ file_via_drive: 4, drive_upload_failed: 1, author_no_email: 1 });
    expect(run.report.problems.filter((p) => p.code === 'drive_upload_failed').map((p) => p.message)).toEqual(['a.js: The user does not have sufficient permissions for this file.']);
  });

  it('without the drive.file scope: the lines of a run without --drive, counted, told once', async () => {
    const chat = new FakeChat();
    const drive = new FakeDrive();
    let asked = 0;
    const refusing = { clientFor: async (): Promise<never> => { asked += 1; throw new FatalError('dwd_not_granted', 'no drive.file in the delegation'); } };
    const run = await fakeImport(chat, fakeExport(SPEC), await tempState(), { drive: { api: drive, tokens: refusing } });
    expect(drive.files).toEqual([]);
    expect(asked).toBe(1);
    expect(texts(chat)).toEqual([
      'ann@example.com: installer\n📎 setup.exe (file type blocked by Google Chat)',
      'ben@example.com: two scripts\n📎 a.js (file type blocked by Google Chat)\n📎 b.js (file type blocked by Google Chat)',
      'admin@example.com: _Originally posted by DAN_\nfrom someone without an account\n📎 tool.bat (file type blocked by Google Chat)',
    ]);
    expect(run.report.totals.fallbacks).toEqual({ file_via_drive: 4, drive_not_granted: 4, author_no_email: 1 });
    expect(run.report.problems.filter((p) => p.code === 'drive_not_granted').map((p) => p.message)).toEqual(['--drive: no drive.file in the delegation']);
  });
});

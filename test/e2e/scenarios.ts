// The scenarios the end-to-end tests share: the exports they import and what Google must hold afterwards.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import yauzl from 'yauzl';
import type { EmulatorDump } from '../../src/emulator/index.js';
import { ROOT, TESTARCHIVE } from '../helpers/cli.js';
import { writeSlackExport, type ExportSpec } from '../helpers/slack-export.js';

// The real 2016 Slack export (fixtures/slack/testarchive.zip).
export const USERS = `${ROOT}/fixtures/slack/demo-users.csv`;
export const EMAILS: Record<string, string> = { U0BMYT2FL: 'abilinski@example.com', U0BMS113R: 'doubledeez@example.com', U0BMQB6JE: 'hamza@example.com', U0BMM2FEH: 'heroeshannibal@example.com' };

export interface RawMessage { ts: string; user?: string; subtype?: string; bot_id?: string; comment?: { user?: string } }

/** Reads the export's day files independently of the mapper: the expected messages per channel, in ts order. */
export async function expectedFromZip(): Promise<Map<string, Array<{ ts: string; timeMs: number; sender: string }>>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(TESTARCHIVE, { lazyEntries: false }, (e, z) => (e ? reject(e) : resolve(z))));
  const days = new Map<string, RawMessage[]>();
  await new Promise<void>((resolve, reject) => {
    let pending = 0;
    let ended = false;
    zip.on('entry', (entry: yauzl.Entry) => {
      const match = entry.fileName.match(/^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/);
      if (!match) return;
      pending++;
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('end', () => {
          days.set(entry.fileName, JSON.parse(text) as RawMessage[]);
          if (--pending === 0 && ended) resolve();
        });
      });
    });
    zip.on('end', () => {
      ended = true;
      if (pending === 0) resolve();
    });
  });
  const result = new Map<string, Array<{ ts: string; timeMs: number; sender: string }>>();
  for (const name of [...days.keys()].sort()) {
    const channel = name.split('/')[0] as string;
    const list = result.get(channel) ?? [];
    const day = [...(days.get(name) as RawMessage[])].sort((a, b) => Number(a.ts) - Number(b.ts));
    for (const m of day) {
      if (m.subtype === 'channel_join') continue;
      // A file comment carries its author in `comment.user`; bots and integrations are posted by the admin.
      const author = m.subtype === 'file_comment' ? m.comment?.user : m.user;
      const human = author && !m.bot_id && m.subtype !== 'bot_message' && m.subtype !== 'bot_add';
      list.push({ ts: m.ts, timeMs: Math.floor(Number(m.ts) * 1000), sender: human ? (EMAILS[author] as string) : 'admin@example.com' });
    }
    result.set(channel, list);
  }
  return result;
}

export function assertImported(dump: EmulatorDump, expected: Map<string, Array<{ timeMs: number; sender: string }>>): void {
  expect(dump.spaces.map((s) => [s.displayName, s.spaceType]).sort()).toEqual([['enrique', 'SPACE'], ['traveling-sailor', 'SPACE']]);
  for (const space of dump.spaces) {
    const want = expected.get(space.displayName as string) ?? [];
    const got = dump.messages.filter((m) => m.space === space.name).sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
    expect(got.length).toBe(want.length);
    // Each message exactly once (no duplicate client ids), with its sender and its own time, nudged only on ties.
    expect(new Set(got.map((m) => m.clientAssignedMessageId)).size).toBe(want.length);
    let last = -Infinity;
    got.forEach((message, i) => {
      const w = want[i] as { timeMs: number; sender: string };
      const wantMs = Math.max(w.timeMs, last + 1);
      last = wantMs;
      expect([message.senderEmail, Date.parse(message.createTime)]).toEqual([w.sender, wantMs]);
    });
  }
}

// A busy generated export: three channels with threads, reactions, files, joins and leaves.
export const BUSY_T = Date.UTC(2022, 5, 1, 8) / 1000;
export const PEOPLE = ['ann', 'ben', 'cat', 'dan'];

/** Three channels of 25 messages with threads, reactions, files with bytes, joins and leaves. */
export async function busyExport(): Promise<string> {
  const days: ExportSpec['days'] = {};
  const uploads: NonNullable<ExportSpec['uploads']> = {};
  ['alpha', 'beta', 'gamma'].forEach((channel, c) => {
    const records: unknown[] = [{ type: 'message', subtype: 'channel_join', user: 'U3', text: 'joined', ts: (BUSY_T + c).toFixed(6) }];
    for (let i = 0; i < 25; i++) {
      const ts = (BUSY_T + 100 * c + 2 * i + 10).toFixed(6);
      const record: Record<string, unknown> = { type: 'message', user: `U${i % 4}`, text: `${channel} message ${i}`, ts };
      if (i % 5 === 1) record.thread_ts = (BUSY_T + 100 * c + 2 * (i - 1) + 10).toFixed(6);
      if (i % 5 === 0) record.thread_ts = ts;
      if (i % 3 === 0) record.reactions = [{ name: 'thumbsup', users: ['U0', 'U1'], count: 2 }];
      if (i % 8 === 0) {
        const id = `F${c}${i}`;
        record.files = [{ id, name: `${id}.txt`, mimetype: 'text/plain', size: 12 }];
        uploads[id] = { name: `${id}.txt`, bytes: Buffer.from(`bytes of ${id}`) };
      }
      records.push(record);
    }
    records.push({ type: 'message', subtype: 'channel_leave', user: 'U3', text: 'left', ts: (BUSY_T + 100 * c + 90).toFixed(6) });
    days[channel] = { '2022-06-01': records };
  });
  return writeSlackExport({
    users: PEOPLE.map((name, i) => ({ id: `U${i}`, name, email: `${name}@example.com` })),
    channels: ['alpha', 'beta', 'gamma'].map((name, c) => ({ id: `C${c}`, name, created: BUSY_T - 1000, members: ['U0', 'U1', 'U2'] })),
    days,
    uploads,
  });
}

export function assertBusyImport(dump: EmulatorDump): void {
  expect(dump.spaces.map((s) => s.displayName).sort()).toEqual(['alpha', 'beta', 'gamma']);
  expect(dump.messages.length).toBe(75);
  expect(new Set(dump.messages.map((m) => `${m.space} ${m.clientAssignedMessageId}`)).size).toBe(75);
  expect(new Set(dump.messages.map((m) => m.text)).size).toBe(75);
  // 9 messages per channel have 👍 from two people: 54 reactions, each exactly once.
  expect(dump.reactions.length).toBe(54);
  expect(new Set(dump.reactions.map((r) => `${r.message} ${r.userEmail} ${r.unicode}`)).size).toBe(54);
  expect(dump.messages.flatMap((m) => m.attachments).length).toBe(12);
  expect(dump.memberships.filter((m) => m.historical).map((m) => m.memberEmail)).toEqual(['dan@example.com', 'dan@example.com', 'dan@example.com']);
  for (const space of dump.spaces) {
    const messages = dump.messages.filter((m) => m.space === space.name);
    // Threads intact: each root and its reply share a thread; 5 threads with a reply and 15 single messages.
    const threads = new Map<string, number>();
    for (const m of messages) threads.set(m.threadName, (threads.get(m.threadName) ?? 0) + 1);
    expect([...threads.values()].sort()).toEqual([...Array(15).fill(1), ...Array(5).fill(2)].sort());
  }
}

/** A tiny seeded PRNG so the "random moments" are the same on every run of the test. */
export function prng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

// Every resource kind in one small export: reactions, files with and without bytes, memberships, a long message.
export const RESOURCES_T = Date.UTC(2023, 2, 1, 9) / 1000; // seconds, like Slack's ts
export const ts = (offsetSeconds: number) => `${(RESOURCES_T + offsetSeconds).toFixed(6)}`;
export const pdf = Buffer.from('%PDF-1.4 chat-import test file\n'.repeat(200));
export const png = Buffer.alloc(5000, 7);

export async function buildExport(): Promise<string> {
  return writeSlackExport({
    users: [
      { id: 'U1', name: 'ada', email: 'ada@example.com' },
      { id: 'U2', name: 'bob', email: 'bob@example.com' },
      { id: 'U3', name: 'cy', email: 'cy@example.com' },
      { id: 'U4', name: 'nomail' },
    ],
    channels: [{ id: 'C1', name: 'project', created: RESOURCES_T - 100, members: ['U1', 'U2'], purpose: 'The project' }],
    groups: [{ id: 'G1', name: 'secret', created: RESOURCES_T - 50, members: ['U1', 'U3'] }],
    dms: [{ id: 'D1', created: RESOURCES_T - 10, members: ['U1', 'U2'] }],
    days: {
      project: {
        '2023-03-01': [
          { type: 'message', subtype: 'channel_join', user: 'U3', text: '<@U3> has joined the channel', ts: ts(1) },
          { type: 'message', user: 'U1', text: 'Here is the plan', ts: ts(2), files: [{ id: 'F1', name: 'plan.pdf', mimetype: 'application/pdf', size: pdf.length, url_private: 'https://files.slack.com/files-pri/T1-F1/plan.pdf?t=xoxe-secret' }],
            reactions: [{ name: '+1', users: ['U2', 'U3', 'U4'], count: 3 }, { name: 'tada', users: ['U2'], count: 1 }] },
          { type: 'message', user: 'U2', text: 'And a picture', ts: ts(3), files: [{ id: 'F2', name: 'shot.png', mimetype: 'image/png', size: png.length }] },
          { type: 'message', user: 'U1', text: 'Missing bytes', ts: ts(4), files: [{ id: 'F3', name: 'gone.zip', mimetype: 'application/zip', size: 10, permalink: 'https://x.slack.com/files/U1/F3/gone.zip' }] },
          { type: 'message', subtype: 'channel_leave', user: 'U3', text: '<@U3> has left the channel', ts: ts(5) },
        ],
      },
      secret: { '2023-03-01': [{ type: 'message', user: 'U3', text: 'psst', ts: ts(60), reactions: [{ name: 'eyes', users: ['U1'], count: 1 }] }] },
      D1: { '2023-03-01': [{ type: 'message', user: 'U2', text: 'hi ada', ts: ts(70) }, { type: 'message', user: 'U1', text: LONG, ts: ts(80) }] },
    },
    uploads: { F1: { name: 'plan.pdf', bytes: pdf }, F2: { name: 'shot.png', bytes: png } },
  });
}

/** 70,000 bytes of text: more than twice Google Chat's 32,000-byte message limit. */
export const LONG = 'word '.repeat(14_000);
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function assertResources(dump: EmulatorDump): void {
  const project = dump.spaces.find((s) => s.displayName === 'project');
  const secret = dump.spaces.find((s) => s.displayName === 'secret');
  const dm = dump.spaces.find((s) => s.spaceType === 'GROUP_CHAT');
  expect([project?.spaceType, secret?.spaceType, dm?.spaceType]).toEqual(['SPACE', 'SPACE', 'GROUP_CHAT']);
  const messages = dump.messages.filter((m) => m.space === project?.name).sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
  expect(messages.map((m) => [m.senderEmail, m.attachments.map((a) => [a.contentName, a.sizeBytes, a.sha256])])).toEqual([
    ['ada@example.com', [['plan.pdf', pdf.length, sha(pdf)]]],
    ['bob@example.com', [['shot.png', png.length, sha(png)]]],
    ['ada@example.com', []],
  ]);
  expect(messages[2]?.text).toBe('Missing bytes\n📎 gone.zip (file not in the export) https://x.slack.com/files/U1/F3/gone.zip');
  const reactions = dump.reactions.map((r) => [dump.messages.find((m) => m.name === r.message)?.text.split('\n')[0], r.unicode, r.userEmail]).sort();
  expect(reactions).toEqual([
    ['Here is the plan', '🎉', 'bob@example.com'],
    ['Here is the plan', '👍', 'bob@example.com'],
    ['Here is the plan', '👍', 'cy@example.com'],
    ['psst', '👀', 'ada@example.com'],
  ]);
  // The long DM message arrives as three parts, in order, in one thread, by its author, with nothing lost.
  const parts = dump.messages.filter((m) => m.space === dm?.name && m.senderEmail === 'ada@example.com').sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
  expect(parts.map((m) => Buffer.byteLength(m.text))).toEqual([31_485, 31_485, 7_029]);
  expect(parts.map((m) => m.text).join('')).toBe(LONG.trimEnd()); // Slack text loses its trailing space
  expect(new Set(parts.map((m) => m.threadName)).size).toBe(1);
  const historical = dump.memberships.filter((m) => m.historical).map((m) => [m.space === project?.name ? 'project' : m.space, m.memberEmail, Date.parse(m.createTime ?? ''), Date.parse(m.deleteTime ?? '')]);
  expect(historical).toEqual([['project', 'cy@example.com', (RESOURCES_T + 1) * 1000, (RESOURCES_T + 5) * 1000]]);
}

// Reactions, files, memberships and completion, end to end through the CLI against the emulator, including a
// killed-and-resumed run: each reaction, attachment and membership ends up present exactly once.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorDump } from '../../src/emulator/index.js';
import { committedWrites, rehearsal, runCli, type Rehearsal } from '../helpers/cli.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2023, 2, 1, 9) / 1000; // seconds, like Slack's ts
const ts = (offsetSeconds: number) => `${(T + offsetSeconds).toFixed(6)}`;
const pdf = Buffer.from('%PDF-1.4 chat-import test file\n'.repeat(200));
const png = Buffer.alloc(5000, 7);

async function buildExport(): Promise<string> {
  return writeSlackExport({
    users: [
      { id: 'U1', name: 'ada', email: 'ada@example.com' },
      { id: 'U2', name: 'bob', email: 'bob@example.com' },
      { id: 'U3', name: 'cy', email: 'cy@example.com' },
      { id: 'U4', name: 'nomail' },
    ],
    channels: [{ id: 'C1', name: 'project', created: T - 100, members: ['U1', 'U2'], purpose: 'The project' }],
    groups: [{ id: 'G1', name: 'secret', created: T - 50, members: ['U1', 'U3'] }],
    dms: [{ id: 'D1', created: T - 10, members: ['U1', 'U2'] }],
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
const LONG = 'word '.repeat(14_000);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function assertResources(dump: EmulatorDump): void {
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
  expect(historical).toEqual([['project', 'cy@example.com', (T + 1) * 1000, (T + 5) * 1000]]);
}

describe('reactions, files, memberships and completion through the CLI', () => {
  let r: Rehearsal | undefined;
  afterEach(async () => {
    await r?.emulator.stop();
    r = undefined;
  });

  it('imports each resource once, completes the spaces and adds current members', async () => {
    r = await rehearsal();
    const source = await buildExport();
    const result = await runCli(['import', source, ...r.target, '--time-scale', '600', '--complete', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dump = r.emulator.dump();
    assertResources(dump);
    expect(dump.spaces.map((s) => s.importMode)).toEqual([false, false, false]);
    const current = dump.memberships.filter((m) => !m.historical && m.role === 'ROLE_MEMBER').map((m) => `${dump.spaces.find((s) => s.name === m.space)?.displayName ?? 'dm'}:${m.memberEmail}`).sort();
    expect(current).toEqual(['dm:ada@example.com', 'dm:bob@example.com', 'project:ada@example.com', 'project:bob@example.com', 'secret:ada@example.com', 'secret:cy@example.com']);
    expect(JSON.stringify(dump)).not.toContain('xoxe-secret');
    expect(result.stdout).toContain('Summary: 3 spaces, 8 messages, 4 reactions, 2 attachments, 7 memberships planned');
    expect(result.stdout).toContain('Written: 8 messages, 4 reactions, 2 attachments, 7 memberships');
  });

  it('ends with each reaction, attachment and membership exactly once after kills and re-runs', async () => {
    r = await rehearsal({ lostResponseRate: 0.1, seed: 3 });
    const emulator = r.emulator;
    const source = await buildExport();
    const args = ['import', source, ...r.target, '--time-scale', '600', '--quiet', '--concurrency', '1'];
    // Each run is killed once Google holds a few more writes than before it (about 25 in all): spaces, messages,
    // uploads, reactions and memberships are each cut at some point.
    const runs: Array<{ run: number; before: number; signal: string | null; code: number | null; after: number }> = [];
    for (let i = 0; i < 4; i++) {
      const before = committedWrites(emulator);
      const killed = await runCli(args, { stopWhen: { when: () => committedWrites(emulator) >= before + 3 } });
      runs.push({ run: i + 1, before, signal: killed.signal, code: killed.code, after: committedWrites(emulator) });
    }
    expect(runs.filter((x) => x.signal !== 'SIGKILL' || x.after < x.before + 3), JSON.stringify(runs)).toEqual([]);
    const last = await runCli(args);
    expect(last.code, last.stderr).toBe(0);
    assertResources(r.emulator.dump());
  });
});

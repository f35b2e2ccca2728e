// Every other source kind, end to end in-process (as the CLI runs it) against the emulator, with the kind detected (no --from):
// exact message counts per conversation, senders, times and threads read back from the emulator.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorDump } from '../../src/emulator/index.js';
import { FIXTURES, rehearsal, ROOT, type Rehearsal } from '../helpers/cli.js';
import { runInProcess as runCli } from '../helpers/in-process.js';

type Space = { conversation: string; messages: EmulatorDump['messages'] };

let r: Rehearsal;
let run = 0;
beforeAll(async () => {
  r = await rehearsal();
});
afterAll(async () => {
  await r.emulator.stop();
});

/** Imports `source` with its own state file and returns, per conversation name, its messages in time order. */
async function importSource(source: string, extra: string[] = []): Promise<{ spaces: Map<string, Space>; stdout: string; report: { source: { kind: string }; totals: { skipped: Record<string, number> } } }> {
  run += 1;
  const statePath = join(r.dir, `state-${run}.json`);
  const target = r.target.map((arg) => (arg === r.statePath ? statePath : arg));
  const result = await runCli(['import', source, ...target, '--time-scale', '600', '--quiet', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const state = JSON.parse(await readFile(statePath, 'utf8')) as { spaces: Record<string, { conversationName: string; space?: string }> };
  const dump = r.emulator.dump();
  const spaces = new Map<string, Space>();
  for (const s of Object.values(state.spaces)) {
    if (!s.space) continue; // a conversation with nothing to import gets no space
    const messages = dump.messages.filter((m) => m.space === s.space).sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
    spaces.set(s.conversationName, { conversation: s.conversationName, messages });
  }
  const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8'));
  return { spaces, stdout: result.stdout, report };
}

const counts = (spaces: Map<string, Space>) => Object.fromEntries([...spaces].map(([name, s]) => [name, s.messages.length]));

describe('other sources, imported in-process', () => {
  it('generic CSV: detected, bad rows skipped with their line, threads and senders kept', async () => {
    const { spaces, report } = await importSource(join(ROOT, 'fixtures/csv/messages.csv'));
    expect(report.source.kind).toBe('csv');
    expect(counts(spaces)).toEqual({ general: 4, ops: 1, 'ada-grace': 2 });
    const general = spaces.get('general')?.messages ?? [];
    expect(general.map((m) => [m.senderEmail, m.createTime])).toEqual([
      ['grace@example.com', '2024-03-01T08:00:00Z'],
      ['ada@example.com', '2024-03-01T09:00:00Z'],
      ['grace@example.com', '2024-03-01T09:05:00Z'],
      ['ada@example.com', '2024-03-01T09:10:00Z'],
    ]);
    // m1 and its two replies share one thread; the early message is alone in its own.
    expect(new Set(general.slice(1).map((m) => m.threadName)).size).toBe(1);
    expect(general[0]?.threadName).not.toBe(general[1]?.threadName);
    expect(report.totals.skipped).toMatchObject({ csv_missing_author: 1, csv_bad_time: 1, csv_bad_column_count: 1 });
  });

  it('Rocket.Chat CSV importer layout (zip): detected, DMs as group chats', async () => {
    const { spaces, report } = await importSource(join(ROOT, 'fixtures/rocketchat/export.zip'));
    expect(report.source.kind).toBe('rocketchat');
    expect(counts(spaces)).toEqual({ 'imported-csv-group': 1, 'imported-csv-channel': 2, 'imported-csv-channel-with-members': 2, 'Billy Bob Jr., Billy Joe Jr.': 2 });
    expect(spaces.get('Billy Bob Jr., Billy Joe Jr.')?.messages.map((m) => Date.parse(m.createTime))).toEqual([1479162481336, 1479162481654]);
  });

  it('chat-import JSON and JSON Lines give the same import', async () => {
    const json = await importSource(join(ROOT, 'fixtures/json/export.json'));
    const jsonl = await importSource(join(ROOT, 'fixtures/json/export.jsonl'));
    expect(json.report.source.kind).toBe('json');
    expect(counts(json.spaces)).toEqual({ General: 3, 'Ada & Grace': 1 });
    expect(counts(jsonl.spaces)).toEqual(counts(json.spaces));
    const general = json.spaces.get('General')?.messages ?? [];
    expect(general.flatMap((m) => m.attachments.map((a) => a.contentName))).toEqual(['notes.txt']);
  });

  it('Mattermost bulk export (zulip corpus): channels, threads and reactions', async () => {
    // The export's people are @zulip.com; --domain maps them onto the Workspace domain.
    const before = r.emulator.dump().reactions.length;
    const { spaces, report } = await importSource(join(FIXTURES, 'mattermost/zulip/export.json'), ['--domain', 'example.com']);
    expect(report.source.kind).toBe('mattermost');
    expect(counts(spaces)).toEqual({ 'Gryffindor common room': 4, 'Gryffindor quidditch team': 7, 'Slytherin common room': 1, 'Dumbledores army': 5, 'Slytherin quidditch team': 3 });
    const army = spaces.get('Dumbledores army')?.messages ?? [];
    // L14 and its reply L14.1 share a thread; the other three messages each start their own.
    expect(new Set(army.map((m) => m.threadName)).size).toBe(4);
    const reactions = r.emulator.dump().reactions.slice(before).map((x) => `${x.unicode} ${x.userEmail}`).sort();
    expect(reactions).toEqual(['🍎 harry@example.com', '🗺️ ron@example.com', '😁 ron@example.com', '😂 harry@example.com', '😄 ron@example.com', '🚀 ron@example.com']);
    expect(report.totals.skipped).toMatchObject({ reaction_custom_emoji: 3 });
    expect(new Set([...spaces.values()].flatMap((s) => s.messages.map((m) => m.senderEmail.split('@')[1])))).toEqual(new Set(['example.com']));
  });

  it('Telegram Desktop JSON (chat-miner corpus): posted as the admin with attribution when no emails are known', async () => {
    const { spaces, report } = await importSource(join(FIXTURES, 'chat-miner/telegram/test_single_export.json'));
    expect(report.source.kind).toBe('telegram');
    expect(counts(spaces)).toEqual({ 'Telegram chat': 2 });
    const messages = spaces.get('Telegram chat')?.messages ?? [];
    expect(messages.every((m) => m.senderEmail === 'admin@example.com' && m.text.startsWith('_Originally posted by '))).toBe(true);
  });

  it('Microsoft Teams export (fixture): a thread with replies, authors without email posted as the admin', async () => {
    const { spaces, report } = await importSource(join(ROOT, 'fixtures/teams/TeamsExport'));
    expect(report.source.kind).toBe('teams');
    const engineering = [...spaces.values()].find((s) => s.conversation.includes('Engineering'))?.messages ?? [];
    expect(engineering.length).toBe(3);
    expect(new Set(engineering.map((m) => m.threadName)).size).toBe(1);
    // The fixture's people have no emails: all three are posted by the admin, each naming its author.
    expect(engineering.map((m) => m.text.split('\n')[0])).toEqual(['_Originally posted by Nadia Chen_', '_Originally posted by Omar Diaz_', '_Originally posted by CI Bot_']);
  });
});

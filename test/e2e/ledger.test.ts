// Google Chat as the ledger, through the CLI against the emulator: a state file lost in the middle of an import, a
// delta pass with a newer export, an edited export. Kills happen on observed progress (committed writes), never on
// time; what was sent is read from the emulator's request counters.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorDump } from '../../src/emulator/index.js';
import { committedWrites, rehearsal, runCli, type Rehearsal } from '../helpers/cli.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2022, 5, 1, 8) / 1000;
const CHANNELS = ['alpha', 'beta'];

interface Shape {
  /** Messages per channel, at minutes 0..n-1. */
  readonly count: number;
  /** Extra messages appended per channel (a newer export). */
  readonly newer?: number;
  /** Edits to alpha: a message inserted before the first one, message 5's text changed, message 7 deleted. */
  readonly edited?: boolean;
}

async function slackExport(shape: Shape): Promise<string> {
  const days: Record<string, Record<string, unknown[]>> = {};
  CHANNELS.forEach((channel, c) => {
    const records: Record<string, unknown>[] = [];
    const total = shape.count + (shape.newer ?? 0);
    for (let i = 0; i < total; i++) {
      const ts = (T + 1000 * c + 10 * i).toFixed(6);
      const record: Record<string, unknown> = { type: 'message', user: `U${i % 3}`, text: `${channel} message ${i}`, ts };
      if (i % 6 === 1) record.thread_ts = (T + 1000 * c + 10 * (i - 1)).toFixed(6);
      if (i % 5 === 0) record.reactions = [{ name: 'thumbsup', users: ['U1'], count: 1 }];
      records.push(record);
    }
    if (shape.edited && channel === 'alpha') {
      (records[5] as Record<string, unknown>).text = 'alpha message 5, edited';
      records.splice(7, 1);
      records.unshift({ type: 'message', user: 'U2', text: 'alpha: found in an old backup', ts: (T - 5).toFixed(6) });
    }
    days[channel] = { '2022-06-01': records };
  });
  return writeSlackExport({
    users: ['ann', 'ben', 'cat'].map((name, i) => ({ id: `U${i}`, name, email: `${name}@example.com` })),
    channels: CHANNELS.map((name, c) => ({ id: `C${c}`, name, created: T - 1000, members: ['U0', 'U1', 'U2'] })),
    days,
  });
}

const creates = (r: Rehearsal): number => r.emulator.counters().byMethod['spaces.messages.create'] ?? 0;

function expectOnce(dump: EmulatorDump, messages: number): void {
  expect(dump.spaces.map((s) => s.displayName).sort()).toEqual(CHANNELS);
  expect(dump.messages.length).toBe(messages);
  expect(new Set(dump.messages.map((m) => `${m.space} ${m.clientAssignedMessageId}`)).size).toBe(messages);
  expect(new Set(dump.reactions.map((x) => `${x.message} ${x.userEmail} ${x.unicode}`)).size).toBe(dump.reactions.length);
}

describe('Google Chat is the ledger (CLI against the emulator)', () => {
  let r: Rehearsal | undefined;
  afterEach(async () => {
    await r?.emulator.stop();
    r = undefined;
  });

  it('a state file lost in the middle of an import: the spaces are adopted, nothing is written twice', async () => {
    r = await rehearsal({ timeScale: 30 });
    const source = await slackExport({ count: 60 });
    const args = ['import', source, ...r.target, '--time-scale', '30', '--quiet'];
    const emulator = r.emulator;
    const killed = await runCli(args, { stopWhen: { when: () => committedWrites(emulator) >= 40 } });
    expect(killed.signal).toBe('SIGKILL');
    const before = r.emulator.dump().messages.length;
    expect(before).toBeGreaterThan(0);
    await rm(r.statePath);
    const again = await runCli(args);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expectOnce(r.emulator.dump(), 120);
    // Every message was sent exactly once over both runs: the second run listed the spaces and sent only the rest.
    expect(creates(r)).toBe(120);
    expect(r.emulator.counters().byMethod['spaces.create']).toBe(4); // two creates, two replays that adopted
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8'));
    expect(report.totals.writtenThisRun.messages).toBe(120 - before);
  });

  it('a delta pass with a newer export writes only the new messages (counted), with the state file or without', async () => {
    for (const keepState of [true, false]) {
      r = await rehearsal();
      const args = (source: string, state: string) => ['import', source, ...(r as Rehearsal).target.slice(0, -1), state, '--time-scale', '600', '--quiet'];
      expect((await runCli(args(await slackExport({ count: 30 }), r.statePath))).code).toBe(0);
      expect(creates(r)).toBe(60);
      const delta = await runCli(args(await slackExport({ count: 30, newer: 8 }), keepState ? r.statePath : join(r.dir, 'fresh.json')));
      expect(delta.stderr).toBe('');
      expect(delta.code).toBe(0);
      expect(delta.stdout).toContain('This run: 16 new messages, 4 new reactions');
      expect(creates(r)).toBe(76);
      expectOnce(r.emulator.dump(), 76);
      await r.emulator.stop();
      r = undefined;
    }
  });

  it('an edited export (a message inserted early, one edited, one deleted): only the inserted one is written, the deleted one reported', async () => {
    r = await rehearsal();
    const base = ['import', ...r.target, '--time-scale', '600', '--quiet'];
    expect((await runCli([base[0] as string, await slackExport({ count: 20 }), ...base.slice(1)])).code).toBe(0);
    const edited = await runCli([base[0] as string, await slackExport({ count: 20, edited: true }), ...base.slice(1)]);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('This run: 1 new messages');
    expect(edited.stdout).toContain('In Google Chat but not in this export: 1 messages (absent_from_export; left as they are)');
    expect(creates(r)).toBe(41);
    expect(r.emulator.dump().messages.some((m) => m.text === 'alpha: found in an old backup')).toBe(true);
  });
});

// The two-channel Slack export the ledger tests import (ledger.test.ts in-process, kills.e2e.test.ts through the
// CLI with a SIGKILL), and what Google must hold afterwards.
import { expect } from 'vitest';
import type { EmulatorDump } from '../../src/emulator/index.js';
import type { Rehearsal } from '../helpers/cli.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2022, 5, 1, 8) / 1000;
export const CHANNELS = ['alpha', 'beta'];

export interface Shape {
  /** Messages per channel, at minutes 0..n-1. */
  readonly count: number;
  /** Extra messages appended per channel (a newer export). */
  readonly newer?: number;
  /** Edits to alpha: a message inserted before the first one, message 5's text changed, message 7 deleted. */
  readonly edited?: boolean;
}

export async function slackExport(shape: Shape): Promise<string> {
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

export const creates = (r: Rehearsal): number => r.emulator.counters().byMethod['spaces.messages.create'] ?? 0;

export function expectOnce(dump: EmulatorDump, messages: number): void {
  expect(dump.spaces.map((s) => s.displayName).sort()).toEqual(CHANNELS);
  expect(dump.messages.length).toBe(messages);
  expect(new Set(dump.messages.map((m) => `${m.space} ${m.clientAssignedMessageId}`)).size).toBe(messages);
  expect(new Set(dump.reactions.map((x) => `${x.message} ${x.userEmail} ${x.unicode}`)).size).toBe(dump.reactions.length);
}

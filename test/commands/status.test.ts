// `status`'s closing line: the migration's totals, from the state file alone.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusRows, totalLine, type StatusRow } from '../../src/commands/status.js';

const row = (done: number, total: number | undefined, state: string, failed = 0): StatusRow => ({ conversation: 'c', space: 'spaces/x', done, ...(total !== undefined ? { total } : {}), state, failed });

describe('status totals', () => {
  it('sums the writes of every space, with a percentage when every total is known', () => {
    expect(totalLine([row(98, 98, 'completed'), row(13, 52, 'importing', 2)])).toBe('all: 111/150 writes (74%); 1/2 spaces imported, 1 completed; 2 failed writes');
  });

  it('says when a total is not known yet instead of showing "?"', () => {
    expect(totalLine([row(98, 98, 'imported'), row(46, undefined, 'importing')])).toBe('all: 144 writes (total known once each space has been walked); 1/2 spaces imported, 0 completed; 0 failed writes');
  });
});

describe('status rows from a state file an interrupted import left', () => {
  it('shows the totals counted before the run: for a space not walked to its end, and for spaces not started yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'status-'));
    const state = {
      version: 1, tool: 'chat-import', source: { kind: 'slack', fingerprint: 'f', path: 'x.zip' }, target: { apiRoot: 'http://127.0.0.1:1/', admin: 'admin@example.com' },
      createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', senders: {},
      spaces: { C1: { conversationName: 'enrique', planKey: 'k1', space: 'spaces/a', done: 46, failed: 0, failures: [], state: 'importing' } },
      planned: {
        C1: { conversationName: 'enrique', planKey: 'k1', total: 98 },
        C2: { conversationName: 'traveling-sailor', planKey: 'k1', total: 52 },
        C3: { conversationName: 'empty', planKey: 'k1', total: 0 },
      },
    };
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    const rows = await statusRows(join(dir, 'state.json'));
    expect(rows.map((r) => [r.conversation, r.done, r.total, r.state])).toEqual([['enrique', 46, 98, 'importing'], ['traveling-sailor', 0, 52, 'pending']]);
    expect(totalLine(rows)).toBe('all: 46/150 writes (30%); 0/2 spaces imported, 0 completed; 0 failed writes');
    // Counted under other filters: not this plan's total.
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ ...state, planned: { C1: { ...state.planned.C1, planKey: 'old' } } }));
    expect(totalLine(await statusRows(join(dir, 'state.json')))).toBe('all: 46 writes (total known once each space has been walked); 0/1 spaces imported, 0 completed; 0 failed writes');
  });
});

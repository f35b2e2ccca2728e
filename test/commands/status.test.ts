// `status`'s closing line: the migration's totals, from the state file alone.
import { describe, expect, it } from 'vitest';
import { totalLine, type StatusRow } from '../../src/commands/status.js';

const row = (done: number, total: number | undefined, state: string, failed = 0): StatusRow => ({ conversation: 'c', space: 'spaces/x', done, ...(total !== undefined ? { total } : {}), state, failed });

describe('status totals', () => {
  it('sums the writes of every space, with a percentage when every total is known', () => {
    expect(totalLine([row(98, 98, 'completed'), row(13, 52, 'importing', 2)])).toBe('all: 111/150 writes (74%); 1/2 spaces imported, 1 completed; 2 failed writes');
  });

  it('says when a total is not known yet instead of showing "?"', () => {
    expect(totalLine([row(98, 98, 'imported'), row(46, undefined, 'importing')])).toBe('all: 144 writes (total known once each space has been walked); 1/2 spaces imported, 0 completed; 0 failed writes');
  });
});

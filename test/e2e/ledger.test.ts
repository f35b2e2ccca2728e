// Google Chat as the ledger, in-process as the CLI runs (test/helpers/in-process.ts) against the emulator: a delta
// pass with a newer export, an edited export. What was sent is read from the emulator's request counters. The
// state file lost in the middle of a SIGKILLed import is in kills.e2e.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRehearsal } from '../helpers/cli.js';
import { runInProcess as runCli } from '../helpers/in-process.js';
import { creates, expectOnce, slackExport } from './ledger-export.js';

describe('Google Chat is the ledger (in-process against the emulator)', () => {
  const rehearse = useRehearsal();

  it('a delta pass with a newer export writes only the new messages (counted), with the state file or without', async () => {
    for (const keepState of [true, false]) {
      const r = await rehearse();
      const args = (source: string, state: string) => ['import', source, ...r.target.slice(0, -1), state, '--time-scale', '600', '--quiet'];
      expect((await runCli(args(await slackExport({ count: 30 }), r.statePath))).code).toBe(0);
      expect(creates(r)).toBe(60);
      const delta = await runCli(args(await slackExport({ count: 30, newer: 8 }), keepState ? r.statePath : join(r.dir, 'fresh.json')));
      expect(delta.stderr).toBe('');
      expect(delta.code).toBe(0);
      expect(delta.stdout).toContain('This run: 16 new messages, 4 new reactions');
      expect(creates(r)).toBe(76);
      expectOnce(r.emulator.dump(), 76);
      await r.emulator.stop(); // the next pass starts its own; stopping twice is harmless
    }
  });

  it('an edited export (a message inserted early, one edited, one deleted): only the inserted one is written, the deleted one reported', async () => {
    const r = await rehearse();
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

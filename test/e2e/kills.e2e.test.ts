// Exactly once across SIGKILLs, through the CLI against the emulator: each run is killed once Google holds a
// given number of more writes (observed progress, never the clock), then a last run finishes. Long scenarios: they
// run with `npm run test:e2e` (and in CI), not in `npm test`.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedWrites, runCli, TESTARCHIVE, useRehearsal } from '../helpers/cli.js';
import { creates, expectOnce, slackExport } from './ledger-export.js';
import { assertBusyImport, assertImported, assertResources, buildExport, busyExport, expectedFromZip, prng, USERS } from './scenarios.js';

describe('SIGKILLs at several points, then a last run', () => {
  const rehearse = useRehearsal();

  it('ends with every message exactly once after SIGKILLs at several points and re-runs', async () => {
    const r = await rehearse();
    const emulator = r.emulator;
    const expected = await expectedFromZip();
    const args = ['import', TESTARCHIVE, ...r.target, '--users', USERS, '--no-file-fetch', '--time-scale', '600', '--quiet'];
    const messages = () => emulator.dump().messages.length;
    // Each run is killed once Google holds this many more messages than before it started: early, middle, late.
    const runs: Array<{ run: number; killAfterMore: number; before: number; signal: string | null; code: number | null; after: number }> = [];
    for (const [i, more] of [15, 30, 30, 30].entries()) {
      const before = messages();
      const killed = await runCli(args, { stopWhen: { when: () => messages() >= before + more } });
      runs.push({ run: i + 1, killAfterMore: more, before, signal: killed.signal, code: killed.code, after: messages() });
    }
    // Every run was killed by the test (none finished on its own), after its own progress, before the end.
    expect(runs.filter((x) => !(x.signal === 'SIGKILL' && x.after >= x.before + x.killAfterMore && x.after < 150)), JSON.stringify(runs)).toEqual([]);
    const last = await runCli(args);
    expect(last.code, last.stderr).toBe(0);
    assertImported(r.emulator.dump(), expected);
  });

  it('ten SIGKILLs at random moments with 5 % failures and 2 % lost responses: everything exactly once', async () => {
    const r = await rehearse({ failRate: 0.05, lostResponseRate: 0.02, seed: 11 });
    const emulator = r.emulator;
    const source = await busyExport();
    const args = ['import', source, ...r.target, '--time-scale', '600', '--quiet'];
    const random = prng(5);
    // "Random moments" measured in progress: each run is killed once Google holds 1–8 more writes than before it
    // (seeded, so every run of the test is the same). Ten runs stay well inside the ~150 writes of the import.
    const runs: Array<{ run: number; killAfterMore: number; before: number; signal: string | null; code: number | null; after: number }> = [];
    for (let i = 0; i < 10; i++) {
      const more = 1 + Math.floor(random() * 8);
      const before = committedWrites(emulator);
      const result = await runCli(args, { stopWhen: { when: () => committedWrites(emulator) >= before + more } });
      runs.push({ run: i + 1, killAfterMore: more, before, signal: result.signal, code: result.code, after: committedWrites(emulator) });
    }
    expect(runs.filter((x) => x.signal !== 'SIGKILL' || x.after < x.before + x.killAfterMore), JSON.stringify(runs)).toEqual([]);
    const last = await runCli(args);
    expect(last.code, last.stderr).toBe(0);
    assertBusyImport(r.emulator.dump());
    expect(r.emulator.counters().injectedFailures).toBeGreaterThan(0);
  });

  it('ends with each reaction, attachment and membership exactly once after kills and re-runs', async () => {
    const r = await rehearse({ lostResponseRate: 0.1, seed: 3 });
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

  it('a state file lost in the middle of a SIGKILLed import: the spaces are adopted, nothing is written twice', async () => {
    const r = await rehearse({ timeScale: 30 });
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

});

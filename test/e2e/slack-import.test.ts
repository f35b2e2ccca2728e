// End to end through the CLI against the emulator: the real 2016 Slack export imports with exact counts per space,
// the right senders, createTimes and threads, and exactly once despite injected failures (SIGKILLs: kills.e2e.test.ts).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli, TESTARCHIVE, useRehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { assertImported, expectedFromZip, USERS } from './scenarios.js';

describe('Slack export → Google Chat (emulator), through the CLI', () => {
  const rehearse = useRehearsal();

  it('imports the real 2016 export with exact counts, senders and createTimes, then completes the spaces', async () => {
    // The emulator's defaults, as README step 2: it grants chat.messages.readonly beside chat.import, as an admin
    // would for a migration, so verify can read the completed spaces back.
    const r = await rehearse();
    const expected = await expectedFromZip();
    expect([...expected].map(([c, l]) => [c, l.length])).toEqual([['enrique', 98], ['traveling-sailor', 52]]);
    const result = await runCli(['import', TESTARCHIVE, ...r.target, '--users', USERS, '--no-file-fetch', '--time-scale', '600', '--complete', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dump = r.emulator.dump();
    assertImported(dump, expected);
    expect(dump.spaces.every((s) => !s.importMode)).toBe(true);
    // The text is written in Chat's own syntax, and said so on every create (an unconfigured project reads Markdown).
    expect(new Set(dump.messages.map((m) => m.markupSyntax))).toEqual(new Set(['MARKUP_SYNTAX_CHAT']));
    expect(result.stdout).toContain('Written: 150 messages');
    const report = JSON.parse(await readFile(`${r.dir}/report.json`, 'utf8'));
    expect(report.totals.written.messages).toBe(150);
    expect(report.totals.failures).toBe(0);
    // The export's files have no bytes (a 2016 export without __uploads): each becomes a line with its link, and
    // the one reaction is a custom emoji (:botman:), which Google cannot represent: counted, not posted.
    expect(report.totals.fallbacks.file_without_bytes).toBe(3);
    expect(report.totals.skipped).toEqual({ reaction_custom_emoji: 1 });
    const fileLines = dump.messages.flatMap((m) => m.text.split('\n').filter((line) => line.startsWith('📎 ')));
    expect(fileLines.length).toBe(3);
    expect(fileLines.every((line) => / \(file not in the export\) https:\/\/mesos-magellan\.slack\.com\/files\//.test(line))).toBe(true);

    // verify's comparison is the command's logic: in-process.
    const verify = await runInProcess(['verify', TESTARCHIVE, ...r.target, '--users', USERS, '--no-file-fetch', '--quiet']);
    expect(verify.stdout).toContain('Verified: every planned message is in Google Chat');
    expect(verify.code).toBe(0);
  });

  it('ends with every message exactly once with injected 500/503s and lost responses', async () => {
    const r = await rehearse({ failRate: 0.1, lostResponseRate: 0.05, seed: 7 });
    const expected = await expectedFromZip();
    // In-process (retries are the writer's logic); the SIGKILL variants are in kills.e2e.test.ts.
    const result = await runInProcess(['import', TESTARCHIVE, ...r.target, '--users', USERS, '--no-file-fetch', '--time-scale', '600', '--quiet']);
    expect(result.code).toBe(0);
    assertImported(r.emulator.dump(), expected);
    const counters = r.emulator.counters();
    expect(counters.injectedFailures).toBeGreaterThan(0);
    expect(counters.lostResponses).toBeGreaterThan(0);
  });
});

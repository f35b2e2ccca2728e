// The operator's commands, run in-process as the CLI runs them (test/helpers/in-process.ts), against the emulator:
// filters (and widening them later), validate, status, complete, verify finding differences, usage errors and
// help. The true CLI runs are in slack-import, faults and resources.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TESTARCHIVE, useRehearsal } from '../helpers/cli.js';
import { runInProcess as runCli } from '../helpers/in-process.js';

const USERS = join(ROOT, 'fixtures/slack/demo-users.csv');

describe('operator commands (in-process)', () => {
  const rehearse = useRehearsal();

  it('filters by channel and date, and widening the filters later adds only what is new, threads intact', async () => {
    const r = await rehearse();
    const base = ['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--users', USERS, '--time-scale', '600', '--quiet'];
    const first = await runCli([...base, '--channels', 'enrique', '--since', '2016-03-01', '--until', '2016-03-26']);
    expect(first.code).toBe(0);
    let dump = r.emulator.dump();
    expect(dump.spaces.map((s) => s.displayName)).toEqual(['enrique']);
    const firstCount = dump.messages.length;
    expect(dump.messages.every((m) => m.createTime >= '2016-03-01' && m.createTime < '2016-03-26')).toBe(true);
    expect(firstCount).toBe(18); // counted from the day files' ts in [2016-03-01, 2016-03-26)

    const excluded = await runCli([...base, '--exclude-channels', 'enrique']);
    expect(excluded.code).toBe(0);
    dump = r.emulator.dump();
    expect(dump.spaces.map((s) => s.displayName).sort()).toEqual(['enrique', 'traveling-sailor']);
    expect(dump.messages.length).toBe(firstCount + 52);

    const everything = await runCli(base);
    expect(everything.code).toBe(0);
    expect(everything.stdout).toContain(`already present`);
    dump = r.emulator.dump();
    expect(dump.messages.length).toBe(150);
    expect(new Set(dump.messages.map((m) => `${m.space}/${m.clientAssignedMessageId}`)).size).toBe(150);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8'));
    // Other filters: enrique was reconciled (listed), its 18 messages from the first run found there and not sent
    // again; traveling-sailor resumed from the state. The report is the migration's: 150 messages in all.
    expect([report.totals.writtenThisRun.messages, report.totals.alreadyPresent]).toEqual([80, 18]);
    expect(report.totals.written.messages + report.totals.alreadyPresent).toBe(150);
    expect(r.emulator.counters().byMethod['spaces.messages.create']).toBe(150);
  });

  it('validate reports per space without any network, and exits 0 on a clean export', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'validate-'));
    const result = await runCli(['validate', TESTARCHIVE, '--users', USERS, '--report', reportDir]);
    expect(result.code).toBe(0);
    // Every author is a current member of both channels (4 each): no history memberships; 8 current members for complete.
    expect(result.stdout).toContain('Planned (dry run): 2 spaces, 150 messages, 0 reactions, 0 attachments, 0 history memberships planned\nCurrent members: 8, added by `chat-import complete` (or import --complete) once the import is done\n');
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    expect(report.dryRun).toBe(true);
    expect(report.spaces.map((s: { name: string; planned: { messages: number } }) => [s.name, s.planned.messages])).toEqual([['enrique', 98], ['traveling-sailor', 52]]);
  });

  it('status shows done/total, state and deadline; complete completes finished spaces', async () => {
    const r = await rehearse();
    await runCli(['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--users', USERS, '--time-scale', '600', '--quiet']);
    const status = await runCli(['status', '--state', r.statePath]);
    expect(status.code).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^conversation\s+space\s+done\/total\s+state\s+failed\s+import-mode deadline$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).filter((_, i) => i !== 1 && i !== 5))).toEqual([
      ['enrique', '98/98', 'imported', '0'],
      ['traveling-sailor', '52/52', 'imported', '0'],
    ]);
    // The migration's totals, as the progress shows them.
    expect(lines.slice(3)).toEqual(['all: 150/150 writes (100%); 2/2 spaces imported, 0 completed; 0 failed writes']);
    const complete = await runCli(['complete', ...r.target, '--time-scale', '600']);
    expect(complete.code).toBe(0);
    expect(complete.stdout).toContain('completed   enrique  (4 current members added)');
    expect(complete.stdout).toContain(`Report: ${join(r.dir, 'report-complete.json')} and ${join(r.dir, 'report-complete.html')}`);
    const completeReport = JSON.parse(await readFile(join(r.dir, 'report-complete.json'), 'utf8'));
    expect([completeReport.commandName, completeReport.exitCode, completeReport.spaces.map((s: { name: string }) => s.name)]).toEqual(['complete', 0, ['enrique', 'traveling-sailor']]);
    // The import's report is still the import's.
    expect(JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')).commandName).toBe('import');
    const after = await runCli(['status', '--state', r.statePath, '--json']);
    expect(JSON.parse(after.stdout).map((row: { state: string; deadline?: string }) => [row.state, row.deadline])).toEqual([['completed', undefined], ['completed', undefined]]);
  });

  it('verify finds a message missing from Google Chat and exits 1', async () => {
    const r = await rehearse();
    await runCli(['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--users', USERS, '--time-scale', '600', '--quiet', '--channels', 'traveling-sailor', '--until', '2016-03-28']);
    // Same state, a wider plan: the messages after 2016-03-28 were never imported.
    const verify = await runCli(['verify', TESTARCHIVE, ...r.target, '--users', USERS, '--channels', 'traveling-sailor', '--quiet']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/DIFF {2}traveling-sailor: (\d+)\/52 messages — missing (\d+), extra 0, wrong sender 0, wrong thread 0, wrong createTime 0/);
    // verify keeps its own report; report.json is still the import's.
    expect(JSON.parse(await readFile(join(r.dir, 'report-verify.json'), 'utf8')).verify.differences).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')).commandName).toBe('import');
  });

  it('verify names the conversation whose space Google does not have (404) as a difference, and exits 1', async () => {
    const r = await rehearse();
    const imported = await runCli(['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--users', USERS, '--time-scale', '600', '--quiet', '--channels', 'traveling-sailor', '--complete']);
    expect([imported.code, imported.stderr]).toEqual([0, '']);
    const state = JSON.parse(await readFile(r.statePath, 'utf8'));
    const entry = Object.values(state.spaces as Record<string, { space: string }>)[0] as { space: string };
    entry.space = 'spaces/AAAAgone000';
    await writeFile(r.statePath, JSON.stringify(state));
    const verify = await runCli(['verify', TESTARCHIVE, ...r.target, '--users', USERS, '--channels', 'traveling-sailor', '--quiet']);
    expect([verify.code, verify.stderr]).toEqual([1, '']);
    expect(verify.stdout.split('\n').slice(0, 2)).toEqual([
      'DIFF  traveling-sailor: 0/52 messages — space spaces/AAAAgone000 not found in Google Chat (deleted, or the state file belongs to another target) — missing 52, extra 0, wrong sender 0, wrong thread 0, wrong createTime 0',
      'Verify found 52 differences.',
    ]);
    expect(JSON.parse(await readFile(join(r.dir, 'report-verify.json'), 'utf8')).verify.spaces[0].spaceNotFound).toBe(true);
  });

  it('names the address when nothing answers there (a dead --api-root), exit 1', async () => {
    const r = await rehearse();
    const dead = r.emulator.url;
    await r.emulator.stop();
    const result = await runCli(['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--quiet']);
    expect([result.code, result.stderr]).toEqual([
      1,
      `chat-import: no answer (ECONNREFUSED): token request to ${dead}token failed: connect ECONNREFUSED ${new URL(dead).host}. Check the network, and --api-root (or CHAT_IMPORT_API_ROOT) if you set one.\n`,
    ]);
  });

  it.each([
    [['import', TESTARCHIVE, '--admin', 'a@example.com'], "error: required option '--credentials <key.json>' not specified"],
    // The export first: a bare `import` asks for what to import, not for the key.
    [['import'], "error: missing required argument 'source'"],
    [['validate', TESTARCHIVE, '--since', 'yesterday'], 'chat-import: --since must be a date such as 2024-01-31 or 2024-01-31T12:00:00Z (got "yesterday").'],
    [['validate', '/nonexistent/export.zip'], 'chat-import: Cannot read the source /nonexistent/export.zip: no such file or folder.'],
    [['validate', join(ROOT, 'package.json')], `chat-import: ${join(ROOT, 'package.json')} is not an export chat-import recognizes`],
    [['import', TESTARCHIVE, '--credentials', 'k.json', '--admin', 'a@example.com', '--concurrency', '0'], 'chat-import: --concurrency must be a whole number of at least 1 (got "0").'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('usage error %j exits 2 naming the flag or file', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('says what is wrong with a --users or --credentials file in its own words, naming the flag, file and format, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flags-'));
    const files = { quote: join(dir, 'quote.csv'), notJson: join(dir, 'key.json'), missing: join(dir, 'nope.csv') };
    await writeFile(files.quote, 'U1,ann@example.com\nU2,b"ob@example.com\n');
    await writeFile(files.notJson, 'not json\n');
    const USERS_FORMAT = 'Expected a user mapping: a CSV of two columns (source user, Google email), Slack\'s member-list CSV as is, or JSON {"source user": "email"}.';
    const cases: Array<[string[], string]> = [
      [['validate', TESTARCHIVE, '--users', files.missing], `chat-import: --users ${files.missing}: no such file. ${USERS_FORMAT}\n`],
      [['validate', TESTARCHIVE, '--users', files.quote], `chat-import: --users ${files.quote}: not a CSV user mapping (line 2: a misplaced quote). ${USERS_FORMAT}\n`],
      [['validate', TESTARCHIVE, '--users', dir], `chat-import: --users ${dir}: is a folder, not a file. ${USERS_FORMAT}\n`],
      [['import', TESTARCHIVE, '--credentials', join(dir, 'nope.json'), '--admin', 'a@example.com', '--state', join(dir, 's.json')], `chat-import: --credentials ${join(dir, 'nope.json')}: no such file. Expected a service-account key JSON file.\n`],
      [['import', TESTARCHIVE, '--credentials', files.notJson, '--admin', 'a@example.com', '--state', join(dir, 's.json')], `chat-import: --credentials ${files.notJson}: not JSON. Expected a service-account key JSON file: download the service account's key again (IAM → Service accounts → Keys → Add key → JSON).\n`],
      [['import', TESTARCHIVE, '--credentials', join(ROOT, 'package.json'), '--admin', 'a@example.com', '--state', join(dir, 's.json')], `chat-import: --credentials ${join(ROOT, 'package.json')}: not a service-account key. Expected a JSON key with type "service_account", client_email and private_key.\n`],
    ];
    for (const [args, stderr] of cases) {
      const result = await runCli(args);
      expect([args.join(' '), result.code, result.stderr]).toEqual([args.join(' '), 2, stderr]);
    }
  });

  it('refuses a truncated zip with exit 2, naming the file, before any planning', async () => {
    const bytes = await readFile(TESTARCHIVE);
    const path = join(await mkdtemp(join(tmpdir(), 'cut-')), 'cut.zip');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^chat-import: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(result.stderr).toContain('damaged');
  });

  it('prints help for the tool and each command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['validate', 'import', 'status', 'verify', 'complete', 'emulator']) expect(help.stdout).toContain(command);
    const importHelp = await runCli(['import', '--help']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('--api-root <url>');
  });
});

// What happens when things go wrong, through the CLI against the emulator (SIGKILLs: kills.e2e.test.ts): Ctrl-C,
// damaged or busy state files, refused impersonation, bad keys, missing delegation — and no secret in any output.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, totalDone, useRehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { writeSlackExport } from '../helpers/slack-export.js';
import { assertBusyImport, BUSY_T as T, busyExport } from './scenarios.js';


describe('faults and interruptions through the CLI', () => {
  const rehearse = useRehearsal();

  it('Ctrl-C stops taking work, saves the state, says how to resume and exits 130; the re-run finishes', async () => {
    const r = await rehearse({ timeScale: 30 });
    const emulator = r.emulator;
    const source = await busyExport();
    // Ctrl-C once Google holds 10 messages (of 75): the run must stop early, not finish.
    const interrupted = await runCli(['import', source, ...r.target, '--time-scale', '30'], { stopWhen: { when: () => emulator.dump().messages.length >= 10, signal: 'SIGINT' } });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain(`Stopped. The state is saved in ${r.statePath}: run the same command again to resume.`);
    const saved = await totalDone(r.statePath);
    expect(saved).toBeGreaterThanOrEqual(10);
    expect(r.emulator.dump().messages.length).toBeLessThan(75);
    // The resume is the commands' logic: in-process.
    const again = await runInProcess(['import', source, ...r.target, '--time-scale', '600', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    assertBusyImport(r.emulator.dump());
  });

  it('refuses a damaged state file and a second run on the same state file', async () => {
    const r = await rehearse();
    const source = await busyExport();
    const args = ['import', source, ...r.target, '--time-scale', '600', '--quiet'];
    await writeFile(r.statePath, '{"version":1,"tool":"chat-imp');
    // In-process: the refusals come from the same catch and exit codes as the CLI's.
    const damaged = await runInProcess(args);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`chat-import: The state file ${r.statePath} cannot be used: it is not valid JSON (truncated or edited?). It was left untouched.`);
    expect(await readFile(r.statePath, 'utf8')).toBe('{"version":1,"tool":"chat-imp');

    // A lock held by a live process (this test) makes a second run refuse instead of interleaving writes.
    const other = join(r.dir, 'other.json');
    await writeFile(`${other}.lock`, String(process.pid));
    const locked = await runInProcess(['import', source, ...r.target.map((a) => (a === r.statePath ? other : a)), '--quiet']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`chat-import: Another chat-import run (pid ${process.pid}) is using ${other}.`);
  });

  it('posts as the admin with attribution when Google refuses to impersonate an author, and counts it', async () => {
    const r = await rehearse({ refusedUsers: ['ben@example.com'] });
    const source = await busyExport();
    // In-process: this is about the fallback's logic, not about the process.
    const result = await runInProcess(['import', source, ...r.target, '--time-scale', '600', '--quiet']);
    expect(result.code).toBe(0);
    const dump = r.emulator.dump();
    const bens = dump.messages.filter((m) => m.text.includes('_Originally posted by ben_'));
    expect(bens.length).toBe(18);
    expect(bens.every((m) => m.senderEmail === 'admin@example.com')).toBe(true);
    expect(dump.reactions.some((x) => x.userEmail === 'ben@example.com')).toBe(false);
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8'));
    expect(report.totals.fallbacks.author_impersonation_refused).toBe(18);
    expect(report.totals.skipped.reaction_user_refused).toBe(27);
  });

  it('stops at once with what to fix for a bad key or a missing chat.import delegation', async () => {
    const r = await rehearse({ grantedScopes: ['https://www.googleapis.com/auth/chat.bot'] });
    const source = await busyExport();
    // In-process: the messages and exit codes come from the same catch as the CLI's.
    const ungranted = await runInProcess(['import', source, ...r.target, '--quiet']);
    expect(ungranted.code).toBe(1);
    expect(ungranted.stderr).toContain('Domain-wide delegation, and add the service account\'s client ID with the scope https://www.googleapis.com/auth/chat.import');
    await writeFile(r.keyPath, JSON.stringify({ type: 'authorized_user', client_id: 'x' }));
    const badKey = await runInProcess(['import', source, ...r.target, '--quiet']);
    // A key file that is not a service-account key is a set-up (usage) error: exit 2, naming the flag and the file.
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toBe(`chat-import: --credentials ${r.keyPath}: not a service-account key. Expected a JSON key with type "service_account", client_email and private_key.\n`);
    expect(r.emulator.dump().spaces).toEqual([]);
  });

  it('never writes secrets into logs, reports, the state file or messages on the terminal; files are owner-only', async () => {
    const r = await rehearse();
    const secretToken = 'xoxe-1-SECRETTOKENVALUE';
    const source = await writeSlackExport({
      users: [{ id: 'U1', name: 'ann', email: 'ann@example.com' }],
      channels: [{ id: 'C1', name: 'general', created: T - 10, members: ['U1'] }],
      days: { general: { '2022-06-01': [
        { type: 'message', user: 'U1', text: 'see file', ts: T.toFixed(6), files: [{ id: 'F1', name: 'a.pdf', url_private: `https://files.slack.com/files-pri/T1-F1/a.pdf?t=${secretToken}`, permalink: `https://x.slack.com/files/U1/F1/a.pdf?token=${secretToken}` }] },
        { type: 'message', user: 'U9', text: 'unknown user', ts: (T + 1).toFixed(6) },
        { ts: 'bad' },
      ] } },
    });
    const logFile = join(r.dir, 'run.log');
    // Linked files go to the emulator's Slack host, which has none of them: the token travels and must not leak.
    const result = await runCli(['import', source, ...r.target, '--time-scale', '600', '--log', logFile, '--slack-files-root', `${r.emulator.url}__slack/`]);
    expect(result.code).toBe(0);
    const key = JSON.parse(await readFile(r.keyPath, 'utf8')) as { private_key: string };
    const keyBody = key.private_key.split('\n')[1] as string;
    const outputs = [result.stdout, result.stderr];
    for (const name of await readdir(r.dir)) {
      if (name === 'key.json') continue;
      const path = join(r.dir, name);
      if (!(await stat(path)).isFile()) continue;
      outputs.push(await readFile(path, 'utf8'));
      if (/^(state\.json|report\.(json|html)|run\.log)$/.test(name)) expect((await stat(path)).mode & 0o077).toBe(0);
    }
    outputs.push(JSON.stringify(r.emulator.dump()));
    for (const text of outputs) {
      expect(text).not.toContain(secretToken);
      expect(text).not.toContain(keyBody);
      expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
    }
    expect(outputs.join('\n')).toContain('https://x.slack.com/files/U1/F1/a.pdf');
    // --log writes JSON lines (pino), one object per line.
    const logLines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logLines.some((line) => line.msg === 'space finished')).toBe(true);
  });
});

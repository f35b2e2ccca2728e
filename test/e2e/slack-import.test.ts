// End to end through the CLI against the emulator: the real 2016 Slack export imports with exact counts per space,
// the right senders, createTimes and threads, and a killed run resumes to exactly once.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { EmulatorDump } from '../../src/emulator/index.js';
import { rehearsal, runCli, TESTARCHIVE, ROOT, type Rehearsal } from '../helpers/cli.js';

const USERS = `${ROOT}/fixtures/slack/demo-users.csv`;
const EMAILS: Record<string, string> = { U0BMYT2FL: 'abilinski@example.com', U0BMS113R: 'doubledeez@example.com', U0BMQB6JE: 'hamza@example.com', U0BMM2FEH: 'heroeshannibal@example.com' };

interface RawMessage { ts: string; user?: string; subtype?: string; bot_id?: string; comment?: { user?: string } }

/** Reads the export's day files independently of the mapper: the expected messages per channel, in ts order. */
async function expectedFromZip(): Promise<Map<string, Array<{ ts: string; timeMs: number; sender: string }>>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(TESTARCHIVE, { lazyEntries: false }, (e, z) => (e ? reject(e) : resolve(z))));
  const days = new Map<string, RawMessage[]>();
  await new Promise<void>((resolve, reject) => {
    let pending = 0;
    let ended = false;
    zip.on('entry', (entry: yauzl.Entry) => {
      const match = entry.fileName.match(/^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/);
      if (!match) return;
      pending++;
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('end', () => {
          days.set(entry.fileName, JSON.parse(text) as RawMessage[]);
          if (--pending === 0 && ended) resolve();
        });
      });
    });
    zip.on('end', () => {
      ended = true;
      if (pending === 0) resolve();
    });
  });
  const result = new Map<string, Array<{ ts: string; timeMs: number; sender: string }>>();
  for (const name of [...days.keys()].sort()) {
    const channel = name.split('/')[0] as string;
    const list = result.get(channel) ?? [];
    const day = [...(days.get(name) as RawMessage[])].sort((a, b) => Number(a.ts) - Number(b.ts));
    for (const m of day) {
      if (m.subtype === 'channel_join') continue;
      // A file comment carries its author in `comment.user`; bots and integrations are posted by the admin.
      const author = m.subtype === 'file_comment' ? m.comment?.user : m.user;
      const human = author && !m.bot_id && m.subtype !== 'bot_message' && m.subtype !== 'bot_add';
      list.push({ ts: m.ts, timeMs: Math.floor(Number(m.ts) * 1000), sender: human ? (EMAILS[author] as string) : 'admin@example.com' });
    }
    result.set(channel, list);
  }
  return result;
}

function assertImported(dump: EmulatorDump, expected: Map<string, Array<{ timeMs: number; sender: string }>>): void {
  expect(dump.spaces.map((s) => [s.displayName, s.spaceType]).sort()).toEqual([['enrique', 'SPACE'], ['traveling-sailor', 'SPACE']]);
  for (const space of dump.spaces) {
    const want = expected.get(space.displayName as string) ?? [];
    const got = dump.messages.filter((m) => m.space === space.name).sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
    expect(got.length).toBe(want.length);
    // Each message exactly once (no duplicate client ids), with its sender and its own time, nudged only on ties.
    expect(new Set(got.map((m) => m.clientAssignedMessageId)).size).toBe(want.length);
    let last = -Infinity;
    got.forEach((message, i) => {
      const w = want[i] as { timeMs: number; sender: string };
      const wantMs = Math.max(w.timeMs, last + 1);
      last = wantMs;
      expect([message.senderEmail, Date.parse(message.createTime)]).toEqual([w.sender, wantMs]);
    });
  }
}

describe('Slack export → Google Chat (emulator), through the CLI', () => {
  let r: Rehearsal | undefined;
  afterEach(async () => {
    await r?.emulator.stop();
    r = undefined;
  });

  it('imports the real 2016 export with exact counts, senders and createTimes, then completes the spaces', async () => {
    // Reading completed spaces back needs chat.messages.readonly delegated too (chat.import stops covering it).
    r = await rehearsal({ grantedScopes: ['https://www.googleapis.com/auth/chat.import', 'https://www.googleapis.com/auth/chat.messages.readonly'] });
    const expected = await expectedFromZip();
    expect([...expected].map(([c, l]) => [c, l.length])).toEqual([['enrique', 98], ['traveling-sailor', 52]]);
    const result = await runCli(['import', TESTARCHIVE, ...r.target, '--users', USERS, '--time-scale', '600', '--complete', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dump = r.emulator.dump();
    assertImported(dump, expected);
    expect(dump.spaces.every((s) => !s.importMode)).toBe(true);
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

    const verify = await runCli(['verify', TESTARCHIVE, ...r.target, '--users', USERS, '--quiet']);
    expect(verify.stdout).toContain('Verified: every planned message is in Google Chat');
    expect(verify.code).toBe(0);
  });

  it('ends with every message exactly once after SIGKILLs at several points and re-runs', async () => {
    r = await rehearsal();
    const emulator = r.emulator;
    const expected = await expectedFromZip();
    const args = ['import', TESTARCHIVE, ...r.target, '--users', USERS, '--time-scale', '600', '--quiet'];
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

  it('ends with every message exactly once with injected 500/503s and lost responses', async () => {
    r = await rehearsal({ failRate: 0.1, lostResponseRate: 0.05, seed: 7 });
    const expected = await expectedFromZip();
    const result = await runCli(['import', TESTARCHIVE, ...r.target, '--users', USERS, '--time-scale', '600', '--quiet']);
    expect(result.code).toBe(0);
    assertImported(r.emulator.dump(), expected);
    const counters = r.emulator.counters();
    expect(counters.injectedFailures).toBeGreaterThan(0);
    expect(counters.lostResponses).toBeGreaterThan(0);
  });
});

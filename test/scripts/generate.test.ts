// The synthetic Slack export generator (scripts/generate-slack-export.mjs), run as the benchmark runs it: the
// shape of what it writes, that it is repeatable for a seed, and that --zip holds the same files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GENERATOR = fileURLToPath(new URL('../../scripts/generate-slack-export.mjs', import.meta.url));
const RECORDS = 3000;
const CONVERSATIONS = 12;

interface SlackRecord {
  ts: string;
  type?: string;
  subtype?: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  reactions?: Array<{ name: string; users: string[]; count: number }>;
  files?: Array<{ id: string; mode?: string; url_private?: string }>;
  blocks?: unknown[];
}

interface SlackUser {
  id: string;
  deleted: boolean;
  is_bot: boolean;
  profile: { email?: string };
}

const scratch = mkdtempSync(join(tmpdir(), 'chat-import-generate-'));

function generate(out: string, seed: number, ...extra: string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, [GENERATOR, '--out', out, '--messages', String(RECORDS), '--conversations', String(CONVERSATIONS), '--seed', String(seed), '--json', ...extra], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** Every file under `dir` (relative POSIX path → bytes). */
function readTree(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of readTree(full, `${prefix}${name}/`)) out.set(k, v);
    else out.set(`${prefix}${name}`, readFileSync(full));
  }
  return out;
}

/** A hash of every path and its bytes, in path order. */
function digest(tree: Map<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const name of [...tree.keys()].sort()) hash.update(name).update('\0').update(tree.get(name) as Buffer);
  return hash.digest('hex');
}

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

let tree: Map<string, Buffer>;
let stats: Record<string, unknown>;
/** Folder → its records, day files in date order. */
const conversations = new Map<string, Array<{ day: string; record: SlackRecord }>>();
const json = <T>(name: string): T => JSON.parse((tree.get(name) as Buffer).toString('utf8')) as T;

beforeAll(() => {
  stats = generate(join(scratch, 'a'), 7);
  tree = readTree(join(scratch, 'a'));
  for (const [name, bytes] of tree) {
    const day = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
    if (!day) continue;
    const list = conversations.get(day[1] as string) ?? [];
    for (const record of JSON.parse(bytes.toString('utf8')) as SlackRecord[]) list.push({ day: day[2] as string, record });
    conversations.set(day[1] as string, list);
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generate-slack-export', () => {
  it('writes the table files and one folder of YYYY-MM-DD.json day files per conversation', () => {
    const top = [...tree.keys()].filter((n) => !n.includes('/'));
    expect(top).toEqual(['channels.json', 'dms.json', 'groups.json', 'mpims.json', 'users.json']);
    expect([...tree.keys()].every((n) => !n.includes('/') || /^[^/]+\/\d{4}-\d{2}-\d{2}\.json$/.test(n))).toBe(true);
    const kinds = ['channels.json', 'groups.json', 'mpims.json', 'dms.json'].map((f) => json<Array<{ id: string; name?: string }>>(f));
    expect(kinds.map((k) => k.length)).toEqual([7, 2, 1, 2]);
    // Channels, private channels and group DMs have folders named after them; DMs after their id.
    const folders = [...kinds[0]!, ...kinds[1]!, ...kinds[2]!].map((c) => c.name).concat(kinds[3]!.map((c) => c.id));
    expect([...conversations.keys()].sort()).toEqual([...folders].sort());
    expect(kinds[0]![0]!.name).toBe('general');
  });

  it('holds exactly the requested number of records, in ts order within each conversation', () => {
    let total = 0;
    for (const records of conversations.values()) {
      total += records.length;
      for (let i = 1; i < records.length; i++) {
        const [a, b] = [records[i - 1]!.record.ts, records[i]!.record.ts];
        expect(a.length === b.length ? a < b : Number(a) < Number(b)).toBe(true);
      }
    }
    expect(total).toBe(RECORDS);
    expect(stats.records).toBe(RECORDS);
  });

  it('has users with @example.com emails, a few without email, four bots and Slackbot', () => {
    const users = json<SlackUser[]>('users.json');
    const humans = users.filter((u) => !u.is_bot && u.id !== 'USLACKBOT');
    expect(users.filter((u) => u.is_bot).length).toBe(4);
    expect(users.some((u) => u.id === 'USLACKBOT')).toBe(true);
    expect(humans.length).toBe(CONVERSATIONS * 2 + 10 - 4);
    const withEmail = humans.filter((u) => u.profile.email !== undefined);
    expect(withEmail.every((u) => /^[a-z.0-9]+@example\.com$/.test(u.profile.email as string))).toBe(true);
    expect(new Set(withEmail.map((u) => u.profile.email)).size).toBe(withEmail.length);
    expect(humans.length - withEmail.length).toBe(stats.usersWithoutEmail);
    expect(stats.usersWithoutEmail).toBeGreaterThan(0);
  });

  it('has threads whose replies reach later day files, and every reply follows its root', () => {
    let later = 0;
    let replies = 0;
    for (const records of conversations.values()) {
      const roots = new Map<string, string>();
      for (const { day, record } of records) {
        if (record.thread_ts === record.ts) roots.set(record.ts, day);
        else if (record.thread_ts) {
          replies++;
          expect(roots.has(record.thread_ts)).toBe(true);
          if ((roots.get(record.thread_ts) as string) < day) later++;
        }
      }
    }
    expect(replies).toBe(stats.replies);
    expect(later).toBe(stats.repliesInLaterDay);
    expect(later).toBeGreaterThan(0);
  });

  it('has bursts of records within one millisecond, long messages, reactions, mentions, links, files, bots and joins', () => {
    const all = [...conversations.values()].flat().map((r) => r.record);
    const ms = (ts: string) => ts.slice(0, ts.indexOf('.') + 4);
    const sameMs = [...conversations.values()].reduce((n, records) => n + records.filter((r, i) => i > 0 && ms(r.record.ts) === ms(records[i - 1]!.record.ts)).length, 0);
    expect(sameMs).toBeGreaterThanOrEqual(stats.burstRecords as number);
    expect(sameMs).toBeGreaterThan(0);
    const long = all.filter((r) => Buffer.byteLength(r.text ?? '', 'utf8') > 32_000);
    expect(long.length).toBe(stats.longMessages);
    expect(long.length).toBeGreaterThan(0);
    expect(all.filter((r) => r.reactions).flatMap((r) => r.reactions!).every((x) => x.count === x.users.length)).toBe(true);
    expect(all.some((r) => /<@U[A-Z0-9]+>/.test(r.text ?? ''))).toBe(true);
    expect(all.some((r) => /<https:\/\/[^>]+>/.test(r.text ?? ''))).toBe(true);
    expect(all.some((r) => r.blocks)).toBe(true);
    expect(all.filter((r) => r.subtype === 'bot_message').length).toBeGreaterThan(0);
    expect(all.filter((r) => r.subtype === 'channel_join').length).toBe(stats.joins);
    // Files are metadata only: no bytes anywhere in the export, and the fake URL token is obviously fake.
    const files = all.flatMap((r) => r.files ?? []);
    expect(files.length).toBe(stats.files);
    const hosted = files.filter((f) => f.url_private?.startsWith('https://files.slack.com/'));
    expect(hosted.length).toBeGreaterThan(0);
    expect(hosted.every((f) => f.url_private!.endsWith('?t=xoxe-fake-generated'))).toBe(true);
    expect([...tree.keys()].every((n) => n.endsWith('.json'))).toBe(true);
  });

  it('writes the same bytes for the same seed and other bytes for another seed', () => {
    generate(join(scratch, 'b'), 7);
    generate(join(scratch, 'c'), 8);
    expect(digest(readTree(join(scratch, 'b')))).toBe(digest(tree));
    expect(digest(readTree(join(scratch, 'c')))).not.toBe(digest(tree));
  });

  it('writes the same files into a zip with --zip', async () => {
    generate(join(scratch, 'z'), 7, '--zip');
    const zipped = await readZip(join(scratch, 'z.zip'));
    expect([...zipped.keys()].sort()).toEqual([...tree.keys()].sort());
    expect(digest(zipped)).toBe(digest(tree));
  });

  it('refuses to overwrite a folder that is not empty', () => {
    const run = spawnSync(process.execPath, [GENERATOR, '--out', join(scratch, 'a'), '--messages', '10', '--conversations', '2'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('already exists; pass --force to overwrite');
  });
});

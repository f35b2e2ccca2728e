// Opening a source as the commands do (src/source.ts): a zip's central directory is read once per run, shared by
// the damaged-zip check, detection and the mapper. The reads are counted at yauzl's one entry point for reading a
// central directory (zip-tree.ts openZip), which every listing goes through, whoever asks for it.
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { DamagedZipError } from '../src/errors.js';
import { openSource } from '../src/source.js';
import { buildZip } from './helpers/zip.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts the central directories read from now on. */
function countListings(): { readonly count: number } {
  const spy = vi.spyOn(yauzl, 'fromRandomAccessReaderPromise');
  return {
    get count() {
      return spy.mock.calls.length;
    },
  };
}

/** A zip of every file under `folder`, names relative to it. */
async function zipOf(folder: string): Promise<string> {
  const entries = [];
  for (const item of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!item.isFile()) continue;
    const full = join(item.parentPath, item.name);
    entries.push({ name: relative(folder, full).split(sep).join('/'), data: await readFile(full), deflate: true });
  }
  return zipAt(buildZip(entries));
}

async function zipAt(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'source-'));
  dirs.push(dir);
  const path = join(dir, 'export.zip');
  await writeFile(path, bytes);
  return path;
}

/** Opens `path` as a run does, reads every record, and says what was read and how often the zip was listed. */
async function run(path: string): Promise<{ kind: string; conversations: number; messages: number; listings: number }> {
  const listings = countListings();
  const source = await openSource({ source: path }, () => 0);
  let messages = 0;
  try {
    for (const conversation of source.conversations) {
      for await (const record of source.records(conversation.id)) if (record.type === 'message') messages += 1;
    }
  } finally {
    await source.close();
  }
  return { kind: source.kind, conversations: source.conversations.length, messages, listings: listings.count };
}

describe('a zip is listed once per run', () => {
  // Detection tries Slack, Rocket.Chat, Teams, then Mattermost: the later a kind, the more detectors look first.
  it.each([
    ['slack', () => Promise.resolve(join(FIXTURES, 'slack/testarchive.zip')), { kind: 'slack', conversations: 2, messages: 150 }],
    ['rocketchat', () => Promise.resolve(join(FIXTURES, 'rocketchat/export.zip')), { kind: 'rocketchat', conversations: 5, messages: 7 }],
    ['teams', () => zipOf(join(FIXTURES, 'teams/TeamsExport')), { kind: 'teams', conversations: 3, messages: 6 }],
    ['mattermost', async () => zipAt(buildZip([{ name: 'export.jsonl', data: await readFile(join(FIXTURES, 'mattermost/export.jsonl')) }])), { kind: 'mattermost', conversations: 3, messages: 6 }],
  ])('%s: detected, read whole, one central-directory read', async (_, make, expected) => {
    expect(await run(await make())).toEqual({ ...expected, listings: 1 });
  });

  it('a damaged zip: refused with a DamagedZipError after one read, before detection', async () => {
    const good = buildZip([{ name: 'users.json', data: '[]' }]);
    const path = await zipAt(good.subarray(0, good.length >> 1));
    const listings = countListings();
    const error = await openSource({ source: path }, () => 0).catch((e: unknown) => e);
    expect([error instanceof DamagedZipError, listings.count]).toEqual([true, 1]);
  });
});

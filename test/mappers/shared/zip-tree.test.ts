// The shared zip/folder reader against hostile and broken inputs: damaged zips, names that leave the folder, zip
// bombs (declared and lying), legacy CP437 names, links in folders. Every zip is built here (test/helpers/zip.ts).
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { DamagedZipError } from '../../../src/errors.js';
import {
  DEFAULT_ZIP_LIMITS,
  openSourceTree,
  peekNames,
  readEntry,
  type SourceTree,
} from '../../../mappers/shared/source-tree.js';
import { openSourceInput } from '../../../mappers/shared/source-input.js';
import { overlappingEntries } from '../../../mappers/shared/zip-overlap.js';
import { buildZip, type ZipEntrySpec } from '../../helpers/zip.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zip-tree-'));
  dirs.push(dir);
  return dir;
}

async function zipFile(content: Buffer | readonly ZipEntrySpec[], name = 'export.zip'): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, Buffer.isBuffer(content) ? content : buildZip(content));
  return path;
}

/** The two ways an entry is read: whole and synchronously (tables, day files), or streamed (uploads, JSONL). */
type EntryReader = (tree: SourceTree, name: string) => Promise<Buffer>;
const readWhole: EntryReader = (tree, name) => readEntry(tree, name);
const readStreamed: EntryReader = async (tree, name) => Buffer.from(await text(await tree.open(name)));
const READERS: [string, EntryReader][] = [
  ['read whole', readWhole],
  ['streamed', readStreamed],
];

/** Every entry's text, or the error reading it gave. */
async function readEvery(tree: SourceTree, read: EntryReader = readWhole): Promise<Record<string, string | Error>> {
  const out: Record<string, string | Error> = {};
  for (const name of tree.entries.keys()) out[name] = await read(tree, name).then((b) => b.toString('utf8'), (e: Error) => e);
  return out;
}

/** Deterministic bytes that are no zip (a linear congruential generator). */
function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const GOOD: ZipEntrySpec[] = [
  { name: 'users.json', data: '[{"id":"U1","name":"ann"}]', deflate: true },
  { name: 'general/2020-01-01.json', data: '[{"type":"message","ts":"1.0","text":"hello hello hello"}]', deflate: true },
  { name: 'notes.txt', data: 'stored, not deflated' },
];
const GOOD_TEXT = Object.fromEntries(GOOD.map((e) => [e.name, e.data]));

describe('a zip that cannot be read as a whole', () => {
  const good = buildZip(GOOD);
  const cases: [string, Buffer][] = [
    ['cut in half', good.subarray(0, good.length >> 1)],
    ['cut one byte short', good.subarray(0, good.length - 1)],
    ['random bytes', noise(4096)],
    ['an empty file', Buffer.alloc(0)],
    ['bytes appended after the end', Buffer.concat([good, Buffer.from('trailing junk')])],
    ['a central directory overwritten', Buffer.concat([good.subarray(0, good.length - 22 - 60), Buffer.alloc(60, 0x41), good.subarray(good.length - 22)])],
  ];

  it.each(cases)('%s: a DamagedZipError naming the path, from open, from opening the input and (as "no") from peek', async (_, bytes) => {
    const path = await zipFile(bytes);
    const error = await openSourceTree(path).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedZipError);
    expect((error as DamagedZipError).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the zip is damaged or is not a zip file \\(.+\\); copy or download it again$`));
    expect((error as DamagedZipError).path).toBe(path);
    await expect(openSourceInput(path)).rejects.toBeInstanceOf(DamagedZipError);
    expect(await peekNames(path)).toBeUndefined();
  });

  it('leaves file-system errors as they are (a missing zip is not a damaged one)', async () => {
    const missing = join(await tempDir(), 'missing.zip');
    const error = await openSourceTree(missing).then(() => undefined, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(DamagedZipError);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('opens a folder named like a zip as a folder', async () => {
    const dir = join(await tempDir(), 'export.zip');
    await mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'A');
    const tree = await openSourceTree(dir);
    expect([tree.isZip, [...tree.entries.keys()]]).toEqual([false, ['a.txt']]);
    const input = await openSourceInput(dir);
    expect((await input.tree?.())?.isZip).toBe(false);
    await input.close();
  });

  it('indexes the same files with the same sizes from a zip and from the folder it was made of', async () => {
    const files: [string, string][] = [
      ['users.json', '[{"id":"U1"}]'],
      ['general/2020-01-02.json', '[]'],
      ['général/2020-01-01.json', '[{"ts":"1.0"}]'],
      ['日本語/チャット.json', 'unicode'],
    ];
    const noise: [string, string][] = [
      ['__MACOSX/general/._2020-01-02.json', 'resource fork'],
      ['general/.DS_Store', 'finder'],
    ];
    const zipped = await openSourceTree(
      await zipFile([{ name: 'general/' }, ...[...files, ...noise].map(([name, data]) => ({ name, data, deflate: name.endsWith('.json') }))]),
    );
    const root = await tempDir();
    for (const [name, data] of [...files, ...noise]) {
      await mkdir(join(root, name, '..'), { recursive: true });
      await writeFile(join(root, name), data);
    }
    const folder = await openSourceTree(root);
    const sizes = files.map(([name, data]): [string, number] => [name, Buffer.byteLength(data)]);
    // Central-directory order for the zip; sorted by name for the folder. Folders and macOS noise are left out.
    expect([...zipped.entries]).toEqual(sizes);
    expect([...folder.entries]).toEqual([...sizes].sort(([a], [b]) => (a < b ? -1 : 1)));
    for (const tree of [zipped, folder]) {
      expect(files.map(([name]) => [tree.entries.has(name), tree.entries.get(name)])).toEqual(sizes.map(([, size]) => [true, size]));
      expect(Object.fromEntries(Object.entries(await readEvery(tree)))).toEqual(Object.fromEntries(files));
      for (const [name] of noise) {
        expect(tree.entries.has(name)).toBe(false);
        await expect(tree.open(name)).rejects.toThrow(`no ${tree.isZip ? 'entry' : 'file'} ${name}`);
      }
      await tree.close();
    }
  });

  it('never hands on altered content: every cut and every flipped byte gives the original text or a DamagedZipError', async () => {
    const originals = new Set(Object.values(GOOD_TEXT));
    const variants: Buffer[] = [];
    for (let cut = 0; cut < good.length; cut += 3) variants.push(good.subarray(0, cut));
    for (let at = 0; at < good.length; at++) {
      const flipped = Buffer.from(good);
      flipped[at] = (flipped[at] ?? 0) ^ 0xff;
      variants.push(flipped);
    }
    const dir = await tempDir();
    let read = 0;
    for (const [index, bytes] of variants.entries()) {
      const path = join(dir, `v${index}.zip`);
      await writeFile(path, bytes);
      let tree: SourceTree;
      try {
        tree = await openSourceTree(path);
      } catch (error) {
        expect(error).toBeInstanceOf(DamagedZipError);
        continue;
      }
      for (const [how, reader] of READERS) {
        for (const [name, result] of Object.entries(await readEvery(tree, reader))) {
          if (result instanceof Error) expect([how, name, result]).toEqual([how, name, expect.any(DamagedZipError)]);
          else {
            expect([how, name, originals.has(result)]).toEqual([how, name, true]);
            read++;
          }
        }
      }
      await tree.close();
    }
    // Flips in fields nothing checks (dates, versions) still read: the sweep is not all failures.
    expect(read).toBeGreaterThan(200);
  });
});

describe('entry names', () => {
  const hostile: ZipEntrySpec[] = [
    { name: 'users.json', data: '[]' },
    { name: '../evil.txt', data: 'outside' },
    { name: '/etc/passwd', data: 'root' },
    { name: 'C:\\Windows\\evil.txt', data: 'drive' },
    { name: 'dir\\..\\..\\up.txt', data: 'up' },
    { name: 'nul\u0000byte.txt', data: 'nul' },
    { name: '', data: 'no name' },
    { name: './ok/./nested//b.txt', data: 'fine' },
    { name: 'win\\style\\c.txt', data: 'backslashes' },
    { name: 'users.json', data: '["second"]' },
  ];

  it('yauzl on its own would fail the whole zip on the first unsafe name (why names are judged here)', async () => {
    const zip = await yauzl.fromBufferPromise(buildZip(hostile), { lazyEntries: true });
    const names: string[] = [];
    await expect(
      (async () => {
        for await (const entry of zip.eachEntry()) names.push(entry.fileName);
      })(),
    ).rejects.toThrow('invalid relative path: ../evil.txt');
    expect(names).toEqual(['users.json']);
  });

  it('skips each unsafe entry with a reason, reads the rest, and can never open a skipped name', async () => {
    const tree = await openSourceTree(await zipFile(hostile));
    expect([...tree.entries.keys()]).toEqual(['users.json', 'ok/nested/b.txt', 'win/style/c.txt']);
    expect(tree.skipped).toEqual([
      { code: 'zip_unsafe_name', reason: '../evil.txt: its name leads out of the export folder (".."); not read', origin: { file: '../evil.txt' } },
      { code: 'zip_unsafe_name', reason: '/etc/passwd: its name is an absolute path; not read', origin: { file: '/etc/passwd' } },
      { code: 'zip_unsafe_name', reason: 'C:/Windows/evil.txt: its name starts with a drive letter; not read', origin: { file: 'C:/Windows/evil.txt' } },
      { code: 'zip_unsafe_name', reason: 'dir/../../up.txt: its name leads out of the export folder (".."); not read', origin: { file: 'dir/../../up.txt' } },
      { code: 'zip_unsafe_name', reason: 'nul\\u0000byte.txt: its name holds control characters (such as NUL); not read', origin: { file: 'nul\\u0000byte.txt' } },
      { code: 'zip_unsafe_name', reason: ': its name is empty; not read', origin: { file: '' } },
      { code: 'zip_duplicate_entry', reason: 'users.json: the zip holds an earlier entry with the same name, which is the one read; not read', origin: { file: 'users.json' } },
    ]);
    expect(await readEvery(tree)).toEqual({ 'users.json': '[]', 'ok/nested/b.txt': 'fine', 'win/style/c.txt': 'backslashes' });
    for (const name of ['../evil.txt', '/etc/passwd', 'C:/Windows/evil.txt', 'nul\u0000byte.txt']) {
      await expect(tree.open(name)).rejects.toThrow(`no entry ${name}`);
    }
    await tree.close();
    expect(await peekNames(tree.path)).toEqual(['users.json', 'ok/nested/b.txt', 'win/style/c.txt']);
  });

  it('reads legacy CP437 names (no UTF-8 flag) and UTF-8 names alike', async () => {
    // "Résumé/café ÄÖÜ ñ.json" in CP437: é 0x82, Ä 0x8E, Ö 0x99, Ü 0x9A, ñ 0xA4.
    const cp437 = Buffer.from([0x52, 0x82, 0x73, 0x75, 0x6d, 0x82, 0x2f, 0x63, 0x61, 0x66, 0x82, 0x20, 0x8e, 0x99, 0x9a, 0x20, 0xa4, 0x2e, 0x6a, 0x73, 0x6f, 0x6e]);
    const tree = await openSourceTree(await zipFile([
      { name: cp437, data: 'legacy', deflate: true },
      { name: '日本語/チャット.json', data: 'unicode' },
    ]));
    expect(await readEvery(tree)).toEqual({ 'Résumé/café ÄÖÜ ñ.json': 'legacy', '日本語/チャット.json': 'unicode' });
    expect(tree.skipped).toEqual([]);
    await tree.close();
  });
});

describe('zip bombs and lying headers', () => {
  const skipsOf = async (entries: ZipEntrySpec[], limits = DEFAULT_ZIP_LIMITS): Promise<[string, string][]> => {
    const tree = await openSourceTree(await zipFile(entries), { limits });
    await tree.close();
    return tree.skipped.map((s) => [s.code, s.reason]);
  };

  it('uses the documented default limits', () => {
    expect(DEFAULT_ZIP_LIMITS).toEqual({ maxEntryBytes: 2 ** 31, maxRatio: 1000, ratioFloorBytes: 2 ** 20, maxTotalBytes: 20 * 2 ** 30, maxTotalRatio: 100 });
  });

  it('refuses an entry that expands more than 1000:1 past 1 MiB (real deflate of zeros)', async () => {
    const zeros = Buffer.alloc(4 * 2 ** 20);
    const small = Buffer.alloc(2 ** 20);
    const entries: ZipEntrySpec[] = [
      { name: 'bomb.bin', data: zeros, deflate: true },
      // 1 MiB of zeros expands just as much, but is not over the 1 MiB floor.
      { name: 'small.bin', data: small, deflate: true },
    ];
    const ratio = Math.round(zeros.length / deflateRawSync(zeros).length);
    expect(ratio).toBeGreaterThan(1000);
    expect(await skipsOf(entries)).toEqual([['zip_entry_ratio', `bomb.bin: it expands ${ratio}:1 (4.0 MiB), over the 1000:1 limit: a zip bomb; not read`]]);
  });

  it('refuses an entry declared over 2 GiB, and entries past the total', async () => {
    expect(await skipsOf([{ name: 'huge.mp4', data: 'x', method: 8, declaredSize: 3 * 2 ** 30 }])).toEqual([
      ['zip_entry_too_large', 'huge.mp4: it expands to 3.0 GiB, over the 2.0 GiB limit for one entry; not read'],
    ]);
    const three: ZipEntrySpec[] = ['a', 'b', 'c'].map((name) => ({ name, data: name.repeat(400) }));
    expect(await skipsOf(three, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1000, maxTotalRatio: 0 })).toEqual([
      ['zip_total_too_large', 'c: the entries before it already expand to 800 bytes, and the limit for this zip is 1000 bytes in total; not read'],
    ]);
    // A zip that is itself large gets a budget in proportion (here 10 × its ~1.3 kB).
    expect(await skipsOf(three, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1000, maxTotalRatio: 10 })).toEqual([]);
  });

  it('refuses encrypted, unknown-method and inconsistent entries before reading them', async () => {
    expect(
      await skipsOf([
        { name: 'secret.json', data: '[]', flags: 0x1 },
        { name: 'bzip2.json', data: '[]', method: 12 },
        { name: 'stored-lie.json', data: '[]', declaredSize: 99 },
        { name: 'past-the-end.json', data: '[]', deflate: true, compressedSize: 10_000 },
        { name: 'fine.json', data: '[]' },
      ]),
    ).toEqual([
      ['zip_entry_unsupported', 'secret.json: it is encrypted; not read'],
      ['zip_entry_unsupported', 'bzip2.json: it uses compression method 12 (only stored and deflated entries can be read); not read'],
      ['zip_entry_damaged', 'stored-lie.json: it is stored uncompressed but declares 2 bytes stored for 99 bytes of content; not read'],
      ['zip_entry_damaged', 'past-the-end.json: its data would lie past the end of the zip (the zip is truncated); not read'],
    ]);
  });

  it('stops a deflated entry at its declared size while streaming, whatever the header said', async () => {
    // 8 MiB of text declared as 100 bytes: it passes the central-directory checks, so only streaming can stop it.
    const path = await zipFile([{ name: 'liar.json', data: 'a'.repeat(8 * 2 ** 20), deflate: true, declaredSize: 100 }]);
    const tree = await openSourceTree(path);
    expect(tree.skipped).toEqual([]);
    const stream = await tree.open('liar.json');
    let received = 0;
    const error = await (async () => {
      for await (const chunk of stream) received += (chunk as Buffer).length;
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedZipError);
    expect((error as Error).message).toBe(`${path}: the zip is damaged: entry liar.json cannot be read (it expands past the 100 bytes its header declares)`);
    expect(received).toBe(0);
    await tree.close();
  });

  it('stops a deflated entry at its declared size when read whole, whatever the header said', async () => {
    const path = await zipFile([{ name: 'liar.json', data: 'a'.repeat(8 * 2 ** 20), deflate: true, declaredSize: 100 }]);
    const tree = await openSourceTree(path);
    const error = await readEntry(tree, 'liar.json').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedZipError);
    expect((error as Error).message).toBe(`${path}: the zip is damaged: entry liar.json cannot be read (it expands past the 100 bytes its header declares)`);
    await tree.close();
  });

  it.each(READERS)('fails an entry that is shorter than declared, or whose checksum is wrong, naming it (%s)', async (_how, reader) => {
    const path = await zipFile([
      { name: 'short.json', data: 'abc', deflate: true, declaredSize: 10 },
      { name: 'crc.json', data: 'abc', crc32: 12345 },
      { name: 'garbage.json', data: noise(64), method: 8, declaredSize: 500 },
    ]);
    const tree = await openSourceTree(path);
    const results = await readEvery(tree, reader);
    expect(Object.entries(results).map(([name, r]) => [name, r instanceof DamagedZipError, (r as Error).message])).toEqual([
      ['short.json', true, `${path}: the zip is damaged: entry short.json cannot be read (it ends after 3 of its 10 bytes)`],
      ['crc.json', true, `${path}: the zip is damaged: entry crc.json cannot be read (its CRC-32 checksum does not match its content)`],
      ['garbage.json', true, expect.stringMatching(new RegExp(`^.*: the zip is damaged: entry garbage.json cannot be read \\(.+\\)$`))],
    ]);
    await tree.close();
  });

  it('refuses entries whose data overlaps an earlier entry\'s (a non-recursive zip bomb), from the central directory alone', async () => {
    // The shape, scaled down: 200 central records, one local entry. Read as listed, the zip would inflate
    // its one entry 200 times; here only the first record is admitted and the others never reach an inflater.
    const day = JSON.stringify([{ type: 'message', user: 'U1', text: 'x'.repeat(50_000), ts: '1500000000.000100' }]);
    const entries: ZipEntrySpec[] = [{ name: 'general/2017-01-01.json', data: day, deflate: true }];
    for (let i = 1; i < 200; i++) entries.push({ name: `general/2017-01-${String(i + 1).padStart(3, '0')}.json`, sharesDataOf: 0 });
    const tree = await openSourceTree(await zipFile(entries));
    expect([...tree.entries.keys()]).toEqual(['general/2017-01-01.json']);
    expect(tree.skipped.length).toBe(199);
    expect(tree.skipped[0]).toEqual({
      code: 'zip_overlapping_entry',
      reason: 'general/2017-01-002.json: its data overlaps the data of general/2017-01-01.json (the shape of a zip bomb: one entry inflated again and again); not read',
      origin: { file: 'general/2017-01-002.json' },
    });
    expect(new Set(tree.skipped.map((s) => s.code))).toEqual(new Set(['zip_overlapping_entry']));
    expect((await readEntry(tree, 'general/2017-01-01.json')).toString('utf8')).toBe(day);
    await tree.close();
  });

  it('judges overlap by position: data nested in an earlier entry\'s overlaps it, adjacent entries do not', () => {
    // Nested extents are the "better zip bomb" shape (each entry's data quotes the next one's local header).
    expect([...overlappingEntries([
      { name: 'a', offset: 0, compressedSize: 1000 },
      { name: 'b', offset: 100, compressedSize: 800 },
      { name: 'c', offset: 200, compressedSize: 10 },
      { name: 'd', offset: 1030, compressedSize: 5 },
      { name: 'e', offset: 1065, compressedSize: 0 },
    ])]).toEqual([['b', 'a'], ['c', 'a']]);
    expect(overlappingEntries([{ name: 'z', offset: 500, compressedSize: 0 }, { name: 'y', offset: 0, compressedSize: 470 }]).size).toBe(0);
  });

  it.each(READERS)('fails an entry whose local header names another file than the central directory, before inflating it (%s)', async (_how, reader) => {
    const path = await zipFile([
      { name: 'users.json', data: '[]' },
      { name: 'channels.json', localName: 'other.json', data: 'x'.repeat(10_000), deflate: true },
    ]);
    const tree = await openSourceTree(path);
    expect(tree.skipped).toEqual([]);
    const results = await readEvery(tree, reader);
    expect(Object.entries(results).map(([name, r]) => [name, r instanceof DamagedZipError ? r.message : r])).toEqual([
      ['users.json', '[]'],
      ['channels.json', `${path}: the zip is damaged: entry channels.json cannot be read (its local header names another file than the central directory does)`],
    ]);
    await tree.close();
  });

  it('reads a whole entry into memory only up to a limit', async () => {
    const tree = await openSourceTree(await zipFile([{ name: 'big.json', data: 'x'.repeat(5000) }]));
    await expect(readEntry(tree, 'big.json', 4096)).rejects.toThrow('big.json holds 5000 bytes, over the 4096 bytes read into memory at once');
    expect((await readEntry(tree, 'big.json', 5000)).length).toBe(5000);
    await tree.close();
  });

  it('lets a consumer stop early without an error (the inflater is released)', async () => {
    const tree = await openSourceTree(await zipFile([{ name: 'long.txt', data: 'line\n'.repeat(100_000), deflate: true }]));
    const stream = await tree.open('long.txt');
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
    expect(await text(await tree.open('long.txt'))).toBe('line\n'.repeat(100_000));
    await tree.close();
  });
});

describe('the zip file itself', () => {
  const openFiles = (): number => readdirSync('/proc/self/fd').length;

  it.runIf(process.platform === 'linux')('is closed by close(), after whole reads, a finished stream and a stream stopped early', async () => {
    const path = await zipFile([
      { name: 'a.json', data: '[1]', deflate: true },
      { name: 'long.txt', data: 'line\n'.repeat(100_000), deflate: true },
    ]);
    const before = openFiles();
    const tree = await openSourceTree(path);
    expect((await readEntry(tree, 'a.json')).toString()).toBe('[1]');
    expect(await text(await tree.open('a.json'))).toBe('[1]');
    for await (const chunk of await tree.open('long.txt')) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(openFiles()).toBe(before + 1);
    await tree.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFiles()).toBe(before);
    await expect(tree.open('a.json')).rejects.toThrow(`${path}: the zip was closed before a.json was read`);
    expect(() => tree.readWholeSync?.('a.json')).toThrow(`${path}: the zip was closed before a.json was read`);
  });

  it.runIf(process.platform === 'linux')('is closed after a listing for detection, and after a damaged zip is refused', async () => {
    const good = await zipFile([{ name: 'users.json', data: '[]' }]);
    const damaged = await zipFile(noise(300), 'noise.zip');
    const before = openFiles();
    expect(await peekNames(good)).toEqual(['users.json']);
    await (await openSourceInput(good)).close();
    await expect(openSourceTree(damaged)).rejects.toBeInstanceOf(DamagedZipError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFiles()).toBe(before);
  });
});

describe('folders', () => {
  it('lists regular files only: links (which may point outside) are skipped with a reason, never followed', async () => {
    const outside = await tempDir();
    await writeFile(join(outside, 'secret.txt'), 'outside the export');
    await mkdir(join(outside, 'dir'));
    await writeFile(join(outside, 'dir', 'deep.txt'), 'outside too');
    const root = await tempDir();
    await mkdir(join(root, 'general'));
    await writeFile(join(root, 'users.json'), '[]');
    await writeFile(join(root, 'general', '2020-01-01.json'), '[]');
    await symlink(join(outside, 'secret.txt'), join(root, 'general', 'link.json'));
    await symlink(join(outside, 'dir'), join(root, 'linked-dir'));
    const tree = await openSourceTree(root);
    expect([...tree.entries.keys()]).toEqual(['general/2020-01-01.json', 'users.json']);
    expect(tree.skipped).toEqual([
      { code: 'not_a_file', reason: 'general/link.json: a symbolic link or special file, not a regular file; not read', origin: { file: 'general/link.json' } },
      { code: 'not_a_file', reason: 'linked-dir: a symbolic link or special file, not a regular file; not read', origin: { file: 'linked-dir' } },
    ]);
    await expect(tree.open('general/link.json')).rejects.toThrow('no file general/link.json');
  });
});

// The Slack mapper on hostile and broken exports: zips with unsafe or bomb entries, damaged zips and entries,
// records of the wrong shape, missing users and channels, invalid UTF-8, very large messages and day files, empty
// exports and things that are no export at all. (Broken JSON, an object instead of an array, records without
// `ts` and duplicated `ts` are in read-edge.test.ts.)
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConversationRecord, Message, OpenOptions, SourceExport } from '../../../src/model.js';
import { MAPPERS } from '../../../mappers/index.js';
import { DamagedZipError } from '../../../src/errors.js';
import { openSourceInput } from '../../../mappers/shared/source-input.js';
import { slackMapper } from '../../../mappers/slack/index.js';
import { buildZip, type ZipEntrySpec } from '../../helpers/zip.js';
import { removeTempDirs, tempDir, writeTree } from './export-builder.js';

const options: OpenOptions = { now: () => 0 };
const USERS = [{ id: 'U1', name: 'ann', profile: { display_name: 'Ann' } }];
const CHANNELS = [{ id: 'C1', name: 'general', created: 1577836800, members: ['U1'] }];
const DAY = 'general/2020-01-01.json';

function msg(ts: string, text: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', user: 'U1', text, ts, ...extra };
}

const json = (value: unknown): string => JSON.stringify(value);

async function zipAt(entries: ZipEntrySpec[]): Promise<string> {
  const path = join(await tempDir('slack-hostile-'), 'export.zip');
  await writeFile(path, buildZip(entries));
  return path;
}

async function records(source: SourceExport, id = 'C1'): Promise<ConversationRecord[]> {
  const out: ConversationRecord[] = [];
  for await (const record of source.records(id)) out.push(record);
  return out;
}

const messagesOf = (list: ConversationRecord[]): Message[] => list.flatMap((r) => (r.type === 'message' ? [r.message] : []));
/** Each record as one line: `message <id> <text>` or `skip <code> <reason>`. */
const lines = (list: ConversationRecord[]): string[] =>
  list.map((r) => (r.type === 'message' ? `message ${r.message.id} ${r.message.text}` : r.type === 'skip' ? `skip ${r.skip.code} ${r.skip.reason}` : 'membership'));

afterAll(removeTempDirs);

describe('hostile zips', () => {
  it('skips unsafe and bomb entries with reasons in tableSkips, and still reads the export', async () => {
    const path = await zipAt([
      { name: 'users.json', data: json(USERS) },
      { name: 'channels.json', data: json(CHANNELS) },
      { name: DAY, data: json([msg('1577836800.000100', 'hello', { files: [{ id: 'F1', name: 'big.bin' }] })]), deflate: true },
      { name: '../../../../etc/cron.d/evil', data: 'outside' },
      { name: '__uploads/F1/big.bin', data: Buffer.alloc(3 * 2 ** 20), deflate: true },
      { name: 'general/2020-01-02.json', data: json([msg('1577923200.000100', 'legacy')]), declaredSize: 5 },
    ]);
    expect(await slackMapper.detect(path)).toBe(true);
    const source = await slackMapper.open(path, options);
    expect(source.tableSkips.map((s) => [s.code, s.origin?.file])).toEqual([
      ['zip_unsafe_name', '../../../../etc/cron.d/evil'],
      ['zip_entry_ratio', '__uploads/F1/big.bin'],
      ['zip_entry_damaged', 'general/2020-01-02.json'],
    ]);
    const list = await records(source);
    // The refused upload is a file without bytes (the planner writes a line for it); nothing else is lost.
    expect(messagesOf(list).map((m) => [m.text, m.files?.map((f) => [f.id, f.open === undefined])])).toEqual([['hello', [['F1', true]]]]);
    await source.close();
  });

  it('refuses a zip that cannot be read as a whole: DamagedZipError from open, "no" from detection', async () => {
    const good = buildZip([
      { name: 'users.json', data: json(USERS) },
      { name: 'channels.json', data: json(CHANNELS) },
    ]);
    const path = await zipAt([]);
    await writeFile(path, good.subarray(0, good.length >> 1));
    await expect(slackMapper.open(path, options)).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the zip is damaged`));
    await expect(slackMapper.open(path, options)).rejects.toBeInstanceOf(DamagedZipError);
    expect(await slackMapper.detect(path)).toBe(false);
    await expect(openSourceInput(path)).rejects.toBeInstanceOf(DamagedZipError);
  });

  it('turns a damaged day file into a skip naming it, and reads the next day', async () => {
    const path = await zipAt([
      { name: 'users.json', data: json(USERS) },
      { name: 'channels.json', data: json(CHANNELS) },
      { name: DAY, data: json([msg('1577836800.000100', 'bit rot')]), crc32: 1 },
      { name: 'general/2020-01-02.json', data: json([msg('1577923200.000100', 'fine')]), deflate: true },
    ]);
    const source = await slackMapper.open(path, options);
    expect(lines(await records(source))).toEqual([
      `skip unreadable_file ${DAY}: cannot be read (${path}: the zip is damaged: entry ${DAY} cannot be read (its CRC-32 checksum does not match its content))`,
      'message 1577923200.000100 fine',
    ]);
    await source.close();
  });
});

describe('day files and tables', () => {
  it('maps records of the wrong shape and missing users or channels without throwing', async () => {
    const dir = await writeTree({
      'users.json': USERS,
      'channels.json': [{ ...CHANNELS[0], members: ['U1', 'U404'] }],
      [DAY]: [
        msg('1577836800.000001', 'from a ghost', { user: 'U404' }),
        msg('1577836800.000002', 'hi <@U404> see <#C404>'),
        msg('1577836800.000003', 'reply to a root that is not there', { thread_ts: '1577836700.000000' }),
        msg('1577836800.000004', 42),
        msg('1577836800.000005', 'user is an array', { user: ['U1'] }),
        msg('1577836800.000006', 'files is a string', { files: 'nope' }),
        msg('1577836800.000007', 'odd reactions', { reactions: [{ name: 5, users: 'U1' }, null] }),
        msg('1577836800.000008', 'odd blocks', { blocks: [null, 3, { type: 'rich_text', elements: 'x' }] }),
        msg('1577836800.000009', 'thread_ts is a number', { thread_ts: 12 }),
        msg('1577836800.000010', 'odd attachments', { attachments: [{ fields: 'x', text: 7 }] }),
        { type: 12, ts: '1577836800.000011', text: null },
        { ts: 1577836800.000012, text: 'ts is a number' },
        {},
        [],
      ],
    });
    const source = await slackMapper.open(dir, options);
    expect(source.tableSkips.map((s) => s.reason)).toEqual(['users.json has no user U404 (member of #general); shown by id']);
    expect(source.people.get('U404')).toEqual({ id: 'U404', displayName: 'U404', isBot: false });
    const list = await records(source);
    expect(lines(list)).toEqual([
      `skip missing_ts ${DAY} record 12: message has no valid ts`,
      `skip missing_ts ${DAY} record 13: message has no valid ts`,
      `skip bad_record ${DAY} record 14: is not a JSON object`,
      'message 1577836800.000001 from a ghost',
      'message 1577836800.000002 hi @U404 see #C404',
      'message 1577836800.000003 reply to a root that is not there',
      `skip empty_message ${DAY} record 4: message has no text and no files`,
      'message 1577836800.000005 user is an array',
      'message 1577836800.000006 files is a string',
      'message 1577836800.000007 odd reactions',
      'message 1577836800.000008 odd blocks',
      'message 1577836800.000009 thread_ts is a number',
      'message 1577836800.000010 odd attachments',
      `skip not_a_message ${DAY} record 11: has type 12, not "message"`,
    ]);
    const byId = new Map(messagesOf(list).map((m) => [m.id, m]));
    expect(byId.get('1577836800.000001')?.authorId).toBe('U404');
    expect(byId.get('1577836800.000002')?.fallbacks).toEqual(['unmapped_mention', 'unknown_entity']);
    // The root is missing: the reply keeps its thread id, and the planner counts the missing root.
    expect(byId.get('1577836800.000003')?.threadId).toBe('1577836700.000000');
    expect([byId.get('1577836800.000005')?.authorName, byId.get('1577836800.000005')?.asAdmin]).toEqual(['integration', true]);
    await source.close();
  });

  it('reads invalid UTF-8 with U+FFFD in place and counts it, in day files and tables', async () => {
    const day = Buffer.concat([Buffer.from('[{"type":"message","user":"U1","ts":"1577836800.000100","text":"caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' ok"}]')]);
    const users = Buffer.concat([Buffer.from('[{"id":"U1","name":"ann","profile":{"display_name":"Ann'), Buffer.from([0xc3]), Buffer.from('"}}]')]);
    const dir = await writeTree({ 'users.json': users, 'channels.json': CHANNELS, [DAY]: day });
    const source = await slackMapper.open(dir, options);
    expect(source.tableSkips).toEqual([
      { code: 'invalid_utf8', reason: 'users.json: not valid UTF-8; 1 byte sequence read as U+FFFD (\ufffd), the rest of the file is imported', origin: { file: 'users.json' } },
    ]);
    expect(source.people.get('U1')?.displayName).toBe('Ann\ufffd');
    expect(await records(source)).toEqual([
      {
        type: 'skip',
        skip: { conversationId: 'C1', code: 'invalid_utf8', reason: `${DAY}: not valid UTF-8; 2 byte sequences read as U+FFFD (\ufffd), the rest of the file is imported`, origin: { file: DAY } },
      },
      { type: 'message', message: { conversationId: 'C1', id: '1577836800.000100', authorId: 'U1', timeMs: 1577836800000, text: 'caf\ufffd\ufffd ok', origin: { file: DAY, record: 1 } } },
    ]);
    await source.close();
  });

  it('keeps a 1 MB message whole (splitting is the planner’s job)', async () => {
    const text = 'word '.repeat(200_000).trimEnd();
    const dir = await writeTree({ 'users.json': USERS, 'channels.json': CHANNELS, [DAY]: [msg('1577836800.000100', text)] });
    const source = await slackMapper.open(dir, options);
    const [message] = messagesOf(await records(source));
    expect(message?.text.length).toBe(999_999);
    expect(message?.text).toBe(text);
    await source.close();
  });

  it('reads a day file of 100 000 messages, in ts order, from a zip', async () => {
    const count = 100_000;
    // Written in reverse, so the reader has to sort.
    const day = Array.from({ length: count }, (_, i) => msg(`1577836800.${String(count - 1 - i).padStart(6, '0')}`, `m${count - 1 - i}`));
    const path = await zipAt([
      { name: 'users.json', data: json(USERS) },
      { name: 'channels.json', data: json(CHANNELS) },
      { name: DAY, data: json(day), deflate: true },
    ]);
    const source = await slackMapper.open(path, options);
    let seen = 0;
    let ordered = true;
    let previous = '';
    for await (const record of source.records('C1')) {
      if (record.type !== 'message') continue;
      ordered &&= record.message.id > previous;
      previous = record.message.id;
      seen++;
    }
    expect([seen, ordered, previous]).toEqual([count, true, '1577836800.099999']);
    await source.close();
  });
});

describe('empty exports and things that are no export', () => {
  it('opens an export with no conversations and says so, without throwing', async () => {
    for (const path of [
      await writeTree({ 'users.json': USERS, 'channels.json': [] }),
      await zipAt([{ name: 'Acme Slack export/channels.json', data: '[]' }]),
    ]) {
      expect(await slackMapper.detect(path)).toBe(true);
      const source = await slackMapper.open(path, options);
      expect(source.conversations).toEqual([]);
      expect(source.tableSkips.map((s) => [s.code, s.reason])).toEqual([
        ['empty_export', 'the export holds no conversations: channels.json, groups.json, mpims.json and dms.json list none, and there are no day files'],
      ]);
      expect(await records(source)).toEqual([]);
      await source.close();
    }
  });

  it('is claimed by no source: photos, a zip of photos, an unrelated JSON file, random bytes, an empty zip or folder', async () => {
    const photos = { 'IMG_0001.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'IMG_0002.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe1]) };
    const folder = await writeTree(photos);
    const unrelated = join(await writeTree({ 'package.json': { name: 'x', version: '1.0.0', dependencies: {} } }), 'package.json');
    const png = join(await writeTree({ 'scan.png': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') }), 'scan.png');
    const noZip = join(await writeTree({ 'export.zip': 'this is not a zip at all' }), 'export.zip');
    const paths = [folder, await zipAt(Object.entries(photos).map(([name, data]) => ({ name, data }))), unrelated, png, noZip, await zipAt([]), await tempDir()];
    for (const path of paths) {
      const claims: string[] = [];
      for (const mapper of MAPPERS) if (await mapper.detect(path)) claims.push(mapper.kind);
      expect([path, claims]).toEqual([path, []]);
    }
  });
});

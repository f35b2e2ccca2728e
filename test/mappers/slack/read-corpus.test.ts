// Reading the two real exports of the corpus end to end through slackMapper, with exact counts.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationRecord, Message, SourceExport } from '../../../src/model.js';
import { ZipDataReader } from '../../../mappers/shared/zip-read-sync.js';
import { slackMapper } from '../../../mappers/slack/index.js';
import { removeTempDirs, tempDir } from './export-builder.js';
import { FIXTURES } from './table.js';

const TESTARCHIVE = join(FIXTURES, 'testarchive.zip');
const ZULIP = join(FIXTURES, 'zulip/slack_fixtures');
const options = { now: () => 0 };

afterAll(removeTempDirs);

async function collect(source: SourceExport, id: string): Promise<ConversationRecord[]> {
  const out: ConversationRecord[] = [];
  for await (const record of source.records(id)) out.push(record);
  return out;
}

function messages(records: ConversationRecord[]): Message[] {
  return records.flatMap((r) => (r.type === 'message' ? [r.message] : []));
}

function counts(records: ConversationRecord[]): Record<string, number> {
  const out: Record<string, number> = { message: 0, membership: 0, skip: 0 };
  for (const r of records) out[r.type] = (out[r.type] ?? 0) + 1;
  return out;
}

describe('testarchive.zip (slack-export-viewer, a real 2016 export)', () => {
  let source: SourceExport | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await source?.close();
    source = undefined;
  });

  it('is detected as a Slack export', async () => {
    expect(await slackMapper.detect(TESTARCHIVE)).toBe(true);
  });

  it('reads its tables', async () => {
    source = await slackMapper.open(TESTARCHIVE, options);
    expect(source.kind).toBe('slack');
    expect(source.tableSkips).toEqual([]);
    expect([...source.people.values()].map((p) => [p.id, p.displayName, p.isBot])).toEqual([
      ['U0BMYT2FL', 'abilinski', false],
      ['U0BMS113R', 'doubledeez', false],
      ['U0BMQB6JE', 'hamza', false],
      ['U0BMM2FEH', 'heroeshannibal', false],
    ]);
    expect(source.conversations).toEqual([
      { id: 'C0JGLMMNX', name: 'enrique', kind: 'channel', createdMs: 1452837318000, memberIds: ['U0BMM2FEH', 'U0BMQB6JE', 'U0BMS113R', 'U0BMYT2FL'] },
      { id: 'C0JL6CGQ2', name: 'traveling-sailor', kind: 'channel', createdMs: 1452988822000, memberIds: ['U0BMM2FEH', 'U0BMQB6JE', 'U0BMS113R', 'U0BMYT2FL'] },
    ]);
  });

  it('maps all 158 records: exact counts per channel, bots as admin, none blank', async () => {
    source = await slackMapper.open(TESTARCHIVE, options);
    const enrique = await collect(source, 'C0JGLMMNX');
    const sailor = await collect(source, 'C0JL6CGQ2');
    // 102 + 56 records = 158: the 8 channel_join become memberships, every other record a message.
    expect(counts(enrique)).toEqual({ message: 98, membership: 4, skip: 0 });
    expect(counts(sailor)).toEqual({ message: 52, membership: 4, skip: 0 });
    const all = [...messages(enrique), ...messages(sailor)];
    // 94 bot_message + 3 bot_add records are integrations, posted as the admin under the bot's name.
    expect(messages(enrique).filter((m) => m.asAdmin).length).toBe(68);
    expect(messages(sailor).filter((m) => m.asAdmin).length).toBe(29);
    expect(new Set(all.filter((m) => m.asAdmin).map((m) => m.authorName))).toEqual(new Set(['github']));
    expect(all.filter((m) => m.text.trim() === '')).toEqual([]);
    // Time order within each channel, ids unique, times from ts.
    for (const list of [messages(enrique), messages(sailor)]) {
      expect(list.map((m) => m.timeMs)).toEqual([...list.map((m) => m.timeMs)].sort((a, b) => a - b));
      expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
    }
    expect(messages(enrique)[0]).toEqual({
      conversationId: 'C0JGLMMNX',
      id: '1452837352.000006',
      authorId: 'U0BMQB6JE',
      timeMs: 1452837352000,
      text: '@abilinski: Created an issue for a setup.py so that it can be installed to a standard place',
      fallbacks: ['unmapped_mention'],
      origin: { file: 'enrique/2016-01-14.json', record: 5 },
    });
    // The three snippet uploads of #traveling-sailor: files without bytes (Slack's exports never hold them).
    const files = messages(sailor).flatMap((m) => m.files ?? []);
    expect(files.map((f) => [f.id, f.name, f.kind, f.open === undefined])).toEqual([
      ['F0VNAKDE2', '100_cities.js', 'file', true],
      ['F0VQ4C4BT', '10_cities.js', 'file', true],
      ['F0VRWTJ6S', 'cities1000.js', 'file', true],
    ]);
    expect(files.every((f) => f.permalink?.startsWith('https://mesos-magellan.slack.com/files/') && !f.permalink.includes('t='))).toBe(true);
  });

  it('streams: tables at open, then day files in date order with at most one read ahead', async () => {
    const opened: string[] = [];
    const original = ZipDataReader.prototype.read;
    vi.spyOn(ZipDataReader.prototype, 'read').mockImplementation(function (this: ZipDataReader, name, ...rest) {
      opened.push(name);
      return original.call(this, name, ...rest);
    });
    source = await slackMapper.open(TESTARCHIVE, options);
    expect(opened).toEqual(['users.json', 'channels.json']);
    const iterator = source.records('C0JGLMMNX')[Symbol.asyncIterator]();
    const days = ['enrique/2016-01-14.json', 'enrique/2016-01-15.json', 'enrique/2016-01-16.json'];
    await iterator.next();
    // The first day file, and perhaps the next one already being read while the first is mapped.
    expect(days.slice(0, opened.length - 2)).toEqual(opened.slice(2));
    expect(opened.length - 2).toBeGreaterThanOrEqual(1);
    expect(opened.length - 2).toBeLessThanOrEqual(2);
    for (let i = 0; i < 6; i++) await iterator.next(); // the 6 records of the first day, and one more
    expect(days.slice(0, opened.length - 2)).toEqual(opened.slice(2));
    expect(opened.length - 2).toBeGreaterThanOrEqual(2);
    expect(opened.length - 2).toBeLessThanOrEqual(3);
    await iterator.return?.();
  });

  it('has a fingerprint that is stable and independent of the path', async () => {
    source = await slackMapper.open(TESTARCHIVE, options);
    const first = source.fingerprint;
    const copyDir = await tempDir('slack-copy-');
    await cp(TESTARCHIVE, join(copyDir, 'renamed.zip'));
    const copy = await slackMapper.open(join(copyDir, 'renamed.zip'), options);
    expect(copy.fingerprint).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    await copy.close();
  });
});

describe('zulip slack_fixtures (tables and random/ combined in one folder)', () => {
  // Upstream keeps channels/dms/mpims.json in slack_fixtures/ and users.json + random/ in test_slack_importer/.
  async function combined(): Promise<string> {
    const dir = await tempDir('zulip-slack-');
    for (const table of ['channels.json', 'dms.json', 'mpims.json']) await cp(join(ZULIP, table), join(dir, table));
    await cp(join(ZULIP, 'test_slack_importer/users.json'), join(dir, 'users.json'));
    await cp(join(ZULIP, 'test_slack_importer/random'), join(dir, 'random'), { recursive: true });
    return dir;
  }

  it('reads every table, with string `created` and members missing from users.json', async () => {
    const dir = await combined();
    expect(await slackMapper.detect(dir)).toBe(true);
    const source = await slackMapper.open(dir, options);
    expect(source.conversations.map((c) => [c.id, c.kind, c.name])).toEqual([
      ['C061A0WJG', 'channel', 'random'],
      ['C061A0YJG', 'channel', 'general'],
      ['C061A0YJP', 'channel', 'general1'],
      ['C061A0HJG', 'channel', 'feedback'],
      ['G9HBG2A5D', 'group_dm', 'U061A1R2R, U061A5N1G, U064KUGRJ, U061A3E0G'],
      ['G6H1Z0ZPS', 'group_dm', 'U061A1R2R, U061A5N1G, U064KUGRJ'],
      ['G6N944JPL', 'group_dm', 'U064KUGRJ, U061A3E0G'],
      ['DJ47BL849', 'dm', 'U061A1R2R, U061A5N1G'],
      ['DHX1UP7EG', 'dm', 'U061A5N1G, U064KUGRJ'],
      ['DK8HSJDHS', 'dm', 'U061A1R2R, U064KUGRJ'],
      ['DRS3PSLDK', 'dm', 'U064KUGRJ'],
    ]);
    expect(source.conversations[0]).toEqual({
      id: 'C061A0WJG',
      name: 'random',
      kind: 'channel',
      createdMs: 1433558319000,
      description: 'no purpose',
      archived: true,
      memberIds: ['U061A1R2R', 'U061A5N1G'],
    });
    expect(source.conversations[7]?.createdMs).toBe(1556638416000);
    expect(source.conversations[3]?.description).toBeUndefined();
    expect(source.tableSkips.map((s) => s.reason)).toEqual([
      'users.json has no user U061A1R2R (member of #random); shown by id',
      'users.json has no user U061A5N1G (member of #random); shown by id',
      'users.json has no user U064KUGRJ (member of #general); shown by id',
      'users.json has no user U061A3E0G (member of #feedback); shown by id',
    ]);
    expect(source.people.size).toBe(8);
    expect(source.people.get('U8X25EBAB')).toEqual({ id: 'U8X25EBAB', displayName: '汉语 हिन्दी', isBot: false });
    expect(source.people.get('U061A3E0G')).toEqual({ id: 'U061A3E0G', displayName: 'U061A3E0G', isBot: false });
    await source.close();
  });

  it('maps random/ exactly: 9 messages and 4 joins over two day files', async () => {
    const source = await slackMapper.open(await combined(), options);
    const records = await collect(source, 'C061A0WJG');
    expect(counts(records)).toEqual({ message: 9, membership: 4, skip: 0 });
    expect(records.filter((r) => r.type === 'membership').map((r) => (r.type === 'membership' ? [r.event.personId, r.event.timeMs] : []))).toEqual([
      ['U6006P1CN', 1498401043277],
      ['U8VAHEVUY', 1516454398000],
      ['U8W3QFGQ5', 1516454650000],
      ['U8X25EBAB', 1516457416000],
    ]);
    expect(messages(records).map((m) => [m.id, m.authorId, m.text])).toEqual([
      ['1498401071.279035', 'U6006P1CN', 'edfadfa'],
      ['1516454537.000093', 'U8VAHEVUY', 'This is Steve typing random stuff.'],
      ['1516457078.000065', 'U6006P1CN', '@k._ uploaded a file: <https://plan8team.slack.com/files/U6006P1CN/F8VSW87RR/dirac72.md|dirac72.md> and commented: test upload attachment'],
      ['1516457212.000035', 'U6006P1CN', 'Huh this is very useful being able to see the snippet of text files'],
      ['1516468219.000018', 'U8W3QFGQ5', "The markdown mapping is also lossy, as Zulip doesn't support two types of formatting together like bold and italic ~*_random_*~ while slack does"],
      ['1516468505.000010', 'U8W3QFGQ5', '@everyone'],
      ['1516468518.000115', 'U8W3QFGQ5', '@everyone'],
      ['1516468529.000046', 'U8W3QFGQ5', '<users/all>'],
      ['1516468530.000036', 'U8W3QFGQ5', '<users/all>'],
    ]);
    const upload = messages(records)[2];
    expect(upload?.files).toEqual([
      { id: 'F8VSW87RR', name: 'dirac72.md', kind: 'file', mimeType: 'text/plain', sizeBytes: 5755, permalink: 'https://plan8team.slack.com/files/U6006P1CN/F8VSW87RR/dirac72.md' },
    ]);
    expect(upload?.fallbacks).toEqual(['unmapped_mention']);
    // Conversations with no folder have no records.
    expect(await collect(source, 'DJ47BL849')).toEqual([]);
    await source.close();
  });
});

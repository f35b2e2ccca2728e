import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rocketchatMapper } from '../../../mappers/rocketchat/index.js';
import { messageCounts, messages, readAll, ROOT, skipLines, skips } from '../helpers.js';

const FOLDER = join(ROOT, 'fixtures/rocketchat/export');
const ZIP = join(ROOT, 'fixtures/rocketchat/export.zip');

describe.each([
  ['folder', FOLDER],
  ['zip', ZIP],
])('Rocket.Chat CSV importer layout (%s)', (_label, path) => {
  it('reads users.csv and channels.csv as they are (no header, padded cells)', async () => {
    const read = await readAll(rocketchatMapper, path);
    expect([...read.source.people.values()]).toEqual([
      { id: 'billy.bob', displayName: 'Billy Bob Jr.', email: 'billy.bob@example.com', isBot: false },
      { id: 'billy.joe', displayName: 'Billy Joe Jr.', email: 'billy.joe@example.com', isBot: false },
      { id: 'ghost.user', displayName: 'ghost.user', isBot: false },
    ]);
    expect(read.source.conversations).toEqual([
      { id: 'imported-csv-group', name: 'imported-csv-group', kind: 'private_channel', memberIds: ['billy.bob'] },
      { id: 'imported-csv-channel', name: 'imported-csv-channel', kind: 'channel', memberIds: ['billy.bob'] },
      { id: 'imported-csv-group-with-members', name: 'imported-csv-group-with-members', kind: 'private_channel', memberIds: ['billy.bob', 'billy.joe'] },
      { id: 'imported-csv-channel-with-members', name: 'imported-csv-channel-with-members', kind: 'channel', memberIds: ['billy.bob', 'billy.joe'] },
      { id: 'billy.bob/billy.joe', name: 'Billy Bob Jr., Billy Joe Jr.', kind: 'dm', memberIds: ['billy.bob', 'billy.joe'] },
    ]);
  });

  it('streams every room in time order with authors and epoch-ms times', async () => {
    const read = await readAll(rocketchatMapper, path);
    expect(messageCounts(read)).toEqual([
      ['imported-csv-group', 1],
      ['imported-csv-channel', 2],
      ['imported-csv-group-with-members', 0],
      ['imported-csv-channel-with-members', 2],
      ['billy.bob/billy.joe', 2],
    ]);
    expect(messages(read, 'billy.bob/billy.joe').map((m) => [m.id, m.authorId, m.timeMs, m.text])).toEqual([
      ['directMessages/messages.csv:1', 'billy.joe', 1479162481336, 'this is a test message'],
      ['directMessages/messages.csv:2', 'billy.bob', 1479162481654, 'this is another message, a test message'],
    ]);
    expect(messages(read, 'imported-csv-channel-with-members').map((m) => [m.authorId, m.timeMs, m.text])).toEqual([
      ['billy.joe', 1479162485000, 'Members only\nsecond line'],
      ['ghost.user', 1479162486000, 'I am not in users.csv'],
    ]);
    expect(messages(read, 'imported-csv-channel').map((m) => m.text)).toEqual(['Hello *channel*', 'Hi Bob, good to see you']);
  });

  it('skips a bad timestamp and a short row with file and line', async () => {
    const read = await readAll(rocketchatMapper, path);
    expect(skipLines(skips(read, 'imported-csv-channel-with-members'))).toEqual([
      'rocketchat_bad_time imported-csv-channel-with-members/messages.csv:4',
      'rocketchat_bad_row imported-csv-channel-with-members/messages.csv:5',
    ]);
    expect(read.source.tableSkips).toEqual([]);
  });
});

describe('Rocket.Chat fingerprint', () => {
  it('is the same for the folder and its zip (same bytes), and stable across opens', async () => {
    const a = await rocketchatMapper.open(FOLDER, { now: () => 0 });
    const b = await rocketchatMapper.open(ZIP, { now: () => 0 });
    const c = await rocketchatMapper.open(ZIP, { now: () => 0 });
    await Promise.all([a.close(), b.close(), c.close()]);
    expect(b.fingerprint).toBe(c.fingerprint);
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});

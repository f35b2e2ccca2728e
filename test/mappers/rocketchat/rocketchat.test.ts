import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('Rocket.Chat: a field over 1,000,000 characters is cut while reading', () => {
  it('a message text is a message_too_large skip, a user name spoils its users.csv row; later rows and lines intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rocketchat-cap-'));
    try {
      writeFileSync(join(dir, 'users.csv'), `huge, huge@example.com, ${'N'.repeat(1_000_001)}\nada, ada@example.com, Ada\n`);
      writeFileSync(join(dir, 'channels.csv'), 'general, ada, public, ada\n');
      mkdirSync(join(dir, 'general'));
      // 500,001 lines of "a": 1,000,002 characters, so the row after it (its line 2, 500,001 breaks and its own) is line 500,004.
      const huge = 'a\n'.repeat(500_001);
      writeFileSync(join(dir, 'general/messages.csv'), `"ada","1479162482000","before"\n"ada","1479162483000","${huge}"\n"ada","1479162484000","after"\n`);
      const read = await readAll(rocketchatMapper, dir);
      expect({
        people: [...read.source.people.keys()],
        tableSkips: read.source.tableSkips.map((s) => `${s.code} ${s.origin?.file}:${s.origin?.record} ${s.reason}`),
        skips: skips(read, 'general').map((s) => `${s.code} ${s.origin?.file}:${s.origin?.record} ${s.reason}`),
        messages: messages(read, 'general').map((m) => [m.id, m.text]),
      }).toEqual({
        people: ['ada'],
        tableSkips: ['rocketchat_bad_row users.csv:1 field 3 has 1000001 characters, over the 1000000 a CSV field may have; the row is not imported'],
        skips: ['message_too_large general/messages.csv:2 the message has 1000002 characters, over the 1000000 imported (about 250 Chat messages); not imported'],
        messages: [
          ['general/messages.csv:1', 'before'],
          ['general/messages.csv:500004', 'after'],
        ],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Rocket.Chat: damaged quoting loses no row and joins no two messages silently', () => {
  it('a quote closed mid-cell in users.csv or channels.csv is kept as text, the rows after it are read; an open quote joining rows is a skip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rocketchat-quotes-'));
    try {
      // csv-parse's trim made `"zed"@…` an error that dropped the rest of the file's chunk: ada and bob were lost.
      writeFileSync(join(dir, 'users.csv'), 'zed, "zed"@example.com, Zed\nada, ada@example.com, "Lovelace, Ada"\nbob,bob@example.com,Bob\n');
      writeFileSync(join(dir, 'channels.csv'), '"general"x, ada, public, ada\nops, bob, private, bob;ada\n');
      mkdirSync(join(dir, 'ops'));
      writeFileSync(join(dir, 'ops/messages.csv'), '"ada","1479162482000","never closed\n"bob","1479162483000","swallowed"\n"bob","1479162484000","after"\n');
      const read = await readAll(rocketchatMapper, dir);
      expect({
        people: [...read.source.people.values()].map((p) => [p.id, p.email, p.displayName]),
        conversations: read.source.conversations.map((c) => [c.id, c.kind, c.memberIds]),
        tableSkips: read.source.tableSkips,
        skips: skips(read, 'ops').map((s) => `${s.code} ${s.origin?.file}:${s.origin?.record} ${s.reason}`),
        messages: messages(read, 'ops').map((m) => [m.id, m.text]),
      }).toEqual({
        people: [
          ['zed', '"zed"@example.com', 'Zed'],
          ['ada', 'ada@example.com', 'Lovelace, Ada'],
          ['bob', 'bob@example.com', 'Bob'],
        ],
        conversations: [
          ['"general"x', 'channel', ['ada']],
          ['ops', 'private_channel', ['bob', 'ada']],
        ],
        tableSkips: [],
        skips: ['rocketchat_bad_row ops/messages.csv:1 expected 3 columns (username, timestamp, text), found 5 (a quote opened in this row and closed in a later one joins those rows into this one)'],
        messages: [['ops/messages.csv:3', 'after']],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvMapper } from '../../../mappers/csv/index.js';
import { emailResolver } from '../../../src/people.js';
import { messageCounts, messages, OPTIONS, readAll, ROOT, skipLines, skips } from '../helpers.js';

const FIXTURE = join(ROOT, 'fixtures/csv/messages.csv');
const NO_HEADER = join(ROOT, 'fixtures/csv/no-header-semicolon.csv');

describe('generic CSV: fixtures/csv/messages.csv', () => {
  it('builds people and conversations from the rows', async () => {
    const read = await readAll(csvMapper, FIXTURE);
    expect([...read.source.people.values()]).toEqual([
      { id: 'ada@example.com', displayName: 'Ada Lovelace', email: 'ada@example.com', isBot: false },
      { id: 'grace@example.com', displayName: 'Grace Hopper', email: 'grace@example.com', isBot: false },
      { id: 'Linus', displayName: 'Linus', isBot: false },
    ]);
    expect(read.source.conversations).toEqual([
      { id: 'general', name: 'general', kind: 'channel', memberIds: ['ada@example.com', 'grace@example.com', 'Linus'] },
      { id: 'ops', name: 'ops', kind: 'private_channel', memberIds: ['Linus'] },
      { id: 'ada-grace', name: 'ada-grace', kind: 'dm', memberIds: ['ada@example.com', 'grace@example.com'] },
    ]);
    expect(messageCounts(read)).toEqual([
      ['general', 4],
      ['ops', 1],
      ['ada-grace', 2],
    ]);
    expect(read.source.kind).toBe('csv');
    expect(read.source.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts each conversation by time, keeps threads, and reads every time format', async () => {
    const read = await readAll(csvMapper, FIXTURE);
    expect(messages(read, 'general').map((m) => [m.id, m.authorId, m.timeMs, m.threadId, m.origin?.record])).toEqual([
      ['m0', 'grace@example.com', 1709280000000, undefined, 12],
      ['m1', 'ada@example.com', 1709283600000, 'm1', 2],
      ['m2', 'grace@example.com', 1709283900000, 'm1', 3],
      ['m3', 'ada@example.com', 1709284200000, 'm1', 6],
    ]);
    expect(messages(read, 'ops')).toEqual([
      {
        conversationId: 'ops',
        id: 'o1',
        authorId: 'Linus',
        timeMs: 1709287200000,
        text: 'Deploy done.\nSecond line',
        origin: { file: 'messages.csv', record: 4 },
      },
    ]);
    expect(messages(read, 'ada-grace').map((m) => [m.id, m.timeMs, m.text])).toEqual([
      ['d1', 1709373600000, 'Hi Grace'],
      ['d2', 1709373660000, 'Hi Ada'],
    ]);
  });

  it('skips bad rows with file and line, and imports the rest', async () => {
    const read = await readAll(csvMapper, FIXTURE);
    expect(skipLines(read.source.tableSkips)).toEqual(['csv_bad_column_count messages.csv:10']);
    expect(read.source.tableSkips[0]?.reason).toBe('expected 9 columns, found 10');
    expect(skipLines(skips(read, 'general'))).toEqual(['csv_missing_author messages.csv:9']);
    expect(skipLines(skips(read, 'ops'))).toEqual(['csv_bad_time messages.csv:7']);
    expect(skips(read, 'ops')[0]?.reason).toBe('timestamp "not-a-time" is not ISO 8601 or epoch seconds/milliseconds');
  });

  it('applies --users and --domain through the shared resolver', async () => {
    const read = await readAll(csvMapper, FIXTURE, {
      ...OPTIONS,
      emailOf: emailResolver({ userMap: new Map([['linus', 'linus@kernel.example']]), domain: 'corp.example' }),
    });
    expect([...read.source.people.values()].map((p) => p.email)).toEqual([
      'ada@corp.example',
      'grace@corp.example',
      'linus@corp.example',
    ]);
  });
});

describe('generic CSV: layouts and options', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file without a header in the documented column order, delimiter detected', async () => {
    const read = await readAll(csvMapper, NO_HEADER);
    expect(messages(read, 'support').map((m) => [m.id, m.authorId, m.timeMs, m.text])).toEqual([
      ['L1', 'bob@example.com', 1700000000000, 'Ticket opened'],
      ['L2', 'eve@example.com', 1700000060000, 'Ticket closed'],
    ]);
    expect(read.source.conversations).toEqual([
      { id: 'support', name: 'support', kind: 'channel', memberIds: ['bob@example.com', 'eve@example.com'] },
    ]);
  });

  it('decodes the chosen encoding and uses the chosen delimiter', async () => {
    const path = join(dir, 'latin1.csv');
    const text = 'channel|user|email|time|message\ncafé|José|jose@example.com|2024-05-01T12:00:00Z|Olá, señor\n';
    await writeFile(path, Buffer.from(text, 'latin1'));
    const csv = { encoding: 'windows-1252', delimiter: '|' };
    expect(await csvMapper.detect(path, { csv })).toBe(true);
    const read = await readAll(csvMapper, path, { ...OPTIONS, csv });
    expect(read.source.conversations.map((c) => c.id)).toEqual(['café']);
    expect(messages(read, 'café').map((m) => [m.authorId, m.text, m.id])).toEqual([['jose@example.com', 'Olá, señor', 'L2']]);
    expect([...read.source.people.values()][0]?.displayName).toBe('José');
    await expect(csvMapper.open(path, { ...OPTIONS, csv: { encoding: 'klingon' } })).rejects.toThrow('unknown text encoding "klingon"');
    await expect(csvMapper.open(path, { ...OPTIONS, csv: { delimiter: '\\t' } })).rejects.toThrow(
      `--csv-delimiter must be one character other than a quote or line break, got "\\\\t" (for a tab, pass $'\\t' in bash)`,
    );
  });

  it('reads every CSV of a folder as one source', async () => {
    const read = await readAll(csvMapper, join(ROOT, 'fixtures/csv'));
    expect(messageCounts(read)).toEqual([
      ['general', 4],
      ['ops', 1],
      ['ada-grace', 2],
      ['support', 2],
    ]);
  });

  it('skips every row of a header-less file with too few columns, naming each line', async () => {
    const path = join(dir, 'short.csv');
    await writeFile(path, 'a,b,c\nd,e,f\n');
    expect(await csvMapper.detect(path)).toBe(false);
    const read = await readAll(csvMapper, path);
    expect(skipLines(read.source.tableSkips)).toEqual(['csv_bad_column_count short.csv:1', 'csv_bad_column_count short.csv:2']);
    expect(read.source.conversations).toEqual([]);
  });
});

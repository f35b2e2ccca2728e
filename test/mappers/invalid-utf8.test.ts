// Invalid UTF-8 in any reader (issue 18): the bad bytes are read as U+FFFD, the file is imported as before, and one
// invalid_utf8 problem names the file and counts exactly the invalid sequences (not a U+FFFD the file holds on
// purpose). Each case copies a fixture, breaks one message's text, and compares with the fixture read as it is.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvMapper } from '../../mappers/csv/index.js';
import { jsonMapper } from '../../mappers/json/index.js';
import { mattermostMapper } from '../../mappers/mattermost/index.js';
import { rocketchatMapper } from '../../mappers/rocketchat/index.js';
import { teamsMapper } from '../../mappers/teams/index.js';
import { telegramMapper } from '../../mappers/telegram/index.js';
import type { OpenOptions, SourceMapper, Skip } from '../../src/model.js';
import { FIXTURES, OPTIONS, readAll, type Read } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of a fixture file or folder; the path to open. */
function copy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'invalid-utf8-'));
  dirs.push(dir);
  const to = join(dir, basename(fixture));
  cpSync(join(FIXTURES, fixture), to, { recursive: true });
  return to;
}

/**
 * `word` in `file` followed by a stray 0xff byte, a U+FFFD written on purpose and a 3-byte sequence cut short
 * (E2 82, then "!"): two invalid sequences. Returns the text a reader should see in its place.
 */
function breakWord(file: string, word: string): string {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(word);
  if (at < 0 || bytes.indexOf(word, at + 1) >= 0) throw new Error(`${word} is not once in ${file}`);
  const end = at + Buffer.byteLength(word);
  writeFileSync(file, Buffer.concat([bytes.subarray(0, end), Buffer.from([0xff]), Buffer.from('\ufffd'), Buffer.from([0xe2, 0x82, 0x21]), bytes.subarray(end)]));
  return `${word}\ufffd\ufffd\ufffd!`;
}

/** Every conversation's messages as [id, text], and every skip, table-level or in a conversation. */
function seen(read: Read): { texts: [string, string][]; skips: Skip[] } {
  const texts: [string, string][] = [];
  const skips: Skip[] = [...read.source.tableSkips];
  for (const records of read.records.values()) {
    for (const record of records) {
      if (record.type === 'message') texts.push([record.message.id, record.message.text]);
      if (record.type === 'skip') skips.push(record.skip);
    }
  }
  return { texts, skips };
}

const reason = (file: string, n: number) => `${file}: not valid UTF-8; ${n} byte sequence${n === 1 ? '' : 's'} read as U+FFFD (\ufffd), the rest of the file is imported`;
const problem = (file: string, n: number): Skip => ({ code: 'invalid_utf8', reason: reason(file, n), origin: { file } });

interface Case {
  readonly mapper: SourceMapper;
  /** The fixture copied, and the path opened inside the copy ('' for the copy itself). */
  readonly fixture: string;
  readonly open?: string;
  /** The files broken (relative to the copy), the word in each, and the name the problem gives the file. */
  readonly broken: readonly { readonly file: string; readonly word: string; readonly named: string }[];
  readonly options?: OpenOptions;
}

const CASES: [string, Case][] = [
  ['CSV', { mapper: csvMapper, fixture: 'csv/messages.csv', broken: [{ file: '', word: 'Thanks Ada', named: 'messages.csv' }] }],
  [
    'Rocket.Chat (a message file and users.csv: one problem each)',
    {
      mapper: rocketchatMapper,
      fixture: 'rocketchat/export',
      broken: [
        { file: 'users.csv', word: 'Billy Joe Jr.', named: 'users.csv' },
        { file: 'imported-csv-channel/messages.csv', word: 'good to see', named: 'imported-csv-channel/messages.csv' },
      ],
    },
  ],
  ['JSON document', { mapper: jsonMapper, fixture: 'json', open: 'export.json', broken: [{ file: 'export.json', word: 'Count me in', named: 'export.json' }] }],
  ['JSON Lines', { mapper: jsonMapper, fixture: 'json', open: 'export.jsonl', broken: [{ file: 'export.jsonl', word: 'Count me in', named: 'export.jsonl' }] }],
  ['Telegram', { mapper: telegramMapper, fixture: 'telegram/ChatExport', broken: [{ file: 'result.json', word: 'the plan', named: 'result.json' }] }],
  [
    'Teams',
    {
      mapper: teamsMapper,
      fixture: 'teams/TeamsExport',
      broken: [{ file: 'teams/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/messages_aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa.json', word: 'Build #42 passed', named: 'teams/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/messages_aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa.json' }],
    },
  ],
  ['Mattermost', { mapper: mattermostMapper, fixture: 'mattermost/zulip/export.json', broken: [{ file: '', word: 'weather is so hot', named: 'export.json' }] }],
];

describe('invalid UTF-8 is read as U+FFFD and counted once per file', () => {
  it.each(CASES)('%s', async (_label, { mapper, fixture, open = '', broken, options = OPTIONS }) => {
    const root = copy(fixture);
    const before = seen(await readAll(mapper, join(root, open), options));
    const replacements = broken.map(({ file, word }) => [word, breakWord(join(root, file), word)] as const);
    const after = seen(await readAll(mapper, join(root, open), options));
    // The broken words' messages (or people) read with U+FFFD in place; everything else as before.
    const expectedTexts = before.texts.map(([id, text]) => [id, replacements.reduce((t, [word, bad]) => t.replace(word, bad), text)]);
    expect({
      texts: after.texts,
      problems: after.skips.filter((skip) => skip.code === 'invalid_utf8'),
      otherSkips: after.skips.filter((skip) => skip.code !== 'invalid_utf8'),
    }).toEqual({
      texts: expectedTexts,
      problems: broken.map(({ named }) => problem(named, 2)),
      otherSkips: before.skips,
    });
    // The case really broke a message's text (Rocket.Chat's users.csv holds no message).
    expect(after.texts).not.toEqual(before.texts);
  });
});

describe('a CSV read in another encoding than UTF-8 counts nothing', () => {
  it('--csv-encoding windows-1252: 0xff is ÿ, no problem', async () => {
    const root = copy('csv/messages.csv');
    breakWord(root, 'Thanks Ada');
    const after = seen(await readAll(csvMapper, root, { ...OPTIONS, csv: { encoding: 'windows-1252' } }));
    expect({
      problems: after.skips.filter((skip) => skip.code === 'invalid_utf8'),
      text: after.texts.find(([, text]) => text.startsWith('Thanks Ada'))?.[1],
    }).toEqual({ problems: [], text: 'Thanks Adaÿï¿½â‚!' });
  });
});

// One rule for bad input, case by case (issue 18): a bad row, record or file is a counted skip naming the file and
// line, and the run goes on; an input that cannot be read at all, or that is not the kind --from says, exits 2
// naming it and what was expected; a selection that selects nothing never ends "0 messages, exit 0".
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREAMED_DAY_BYTES } from '../../mappers/slack/day-stream.js';
import { REASONS } from '../../src/reasons.js';
import { runInProcess, validateInProcess, type InProcessResult } from '../helpers/in-process.js';
import { buildZip, type ZipEntrySpec } from '../helpers/zip.js';
import { ROOT } from '../mappers/helpers.js';

const temp = () => mkdtempSync(join(tmpdir(), 'input-faults-'));
const HEADER = 'conversation,author_name,author_email,timestamp,text\n';
const skipped = (r: InProcessResult) => (r.report?.problems ?? []).filter((p) => p.severity === 'skip').map((p) => `${p.code} ${p.where ?? '?'}: ${p.message}`);
const planned = (r: InProcessResult) => r.report?.totals.planned.messages;

function csvFile(text: string | Buffer, name = 'chat.csv'): string {
  const path = join(temp(), name);
  writeFileSync(path, text);
  return path;
}

describe('CSV rows csv-parse cannot read strictly', () => {
  it('keeps a stray quote inside a field as text', async () => {
    const r = await validateInProcess({ source: csvFile(`${HEADER}general,Ada,ada@example.com,2024-03-01T09:00:00Z,he said "hi" to me\n`) });
    expect({ code: r.code, planned: planned(r), skipped: skipped(r), errors: r.errors }).toEqual({ code: 0, planned: 1, skipped: [], errors: [] });
  });

  it('counts an unclosed quote as one skipped row naming the file and line, and keeps the rows before it', async () => {
    const text = `${HEADER}general,Ada,ada@example.com,2024-03-01T09:00:00Z,fine\ngeneral,Ada,ada@example.com,2024-03-01T09:01:00Z,"never closed\ngeneral,Ada,ada@example.com,2024-03-01T09:02:00Z,swallowed\n`;
    const r = await validateInProcess({ source: csvFile(text) });
    expect({ code: r.code, planned: planned(r), skipped: skipped(r) }).toEqual({
      code: 0,
      planned: 1,
      skipped: ['csv_bad_row chat.csv record 3: a quote opened on this line is never closed, so the rest of the file could not be read as rows'],
    });
  });

  it.each([
    ['UTF-16LE', 'utf-16le', [0xff, 0xfe]],
    ['UTF-8', 'utf-8', [0xef, 0xbb, 0xbf]],
  ])('reads a %s file with a byte-order mark as that encoding', async (_label, encoding, bom) => {
    const body = `${HEADER}général,Zoë,zoe@example.com,2024-03-01T09:00:00Z,ça va\n`;
    const r = await validateInProcess({ source: csvFile(Buffer.concat([Buffer.from(bom), Buffer.from(body, encoding as BufferEncoding)])) });
    expect({ code: r.code, planned: planned(r), spaces: r.report?.spaces.map((s) => s.name) }).toEqual({ code: 0, planned: 1, spaces: ['général'] });
  });
});

describe('a file that is not valid UTF-8', () => {
  it('validate (CSV): the bad bytes read as U+FFFD, the row planned, one invalid_utf8 warning naming the file (nothing was left out, so not a skip)', async () => {
    const reports = temp();
    const text = Buffer.concat([Buffer.from(`${HEADER}general,Ada,ada@example.com,2024-03-01T09:00:00Z,caf`), Buffer.from([0xff]), Buffer.from(' \ufffd ok\n')]);
    const r = await runInProcess(['validate', csvFile(text), '--report', reports]);
    const report = JSON.parse(readFileSync(join(reports, 'report-validate.json'), 'utf8')) as { problems: { code: string; severity: string; where?: string; message: string }[] };
    expect({
      code: r.code,
      lines: r.stdout.split('\n').filter((line) => /^(Planned|Skipped| {2}invalid_utf8)/.test(line)),
      problems: report.problems.map((p) => `${p.code} ${p.severity} ${p.where ?? '?'}: ${p.message}`),
    }).toEqual({
      code: 0,
      lines: [
        'Planned (dry run): 1 spaces, 1 messages, 0 reactions, 0 attachments, 0 history memberships planned',
        // Nothing was left out (the row is planned, with U+FFFD): a warning, not a skip.
        'Skipped: 0',
      ],
      problems: ['invalid_utf8 warning chat.csv: chat.csv: not valid UTF-8; 1 byte sequence read as U+FFFD (\ufffd), the rest of the file is imported'],
    });
  });
});

describe('--csv-delimiter and --csv-encoding values no CSV can be read with', () => {
  // Checked before detection: no file reads as CSV with them, which only said "not an export chat-import recognizes".
  it.each([
    [['--csv-delimiter', 'ab'], `chat-import: --csv-delimiter must be one character other than a quote or line break, got "ab" (for a tab, pass $'\\t' in bash)\n`],
    [['--csv-delimiter', '"'], `chat-import: --csv-delimiter must be one character other than a quote or line break, got "\\"" (for a tab, pass $'\\t' in bash)\n`],
    [['--csv-encoding', 'klingon'], 'chat-import: --csv-encoding: unknown text encoding "klingon" (use a label such as utf-8, utf-16le, windows-1252)\n'],
  ])('validate %j exits 2 naming the flag and its value', async (flags, stderr) => {
    const r = await runInProcess(['validate', join(ROOT, 'fixtures/csv/messages.csv'), '--report', temp(), ...flags]);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 2, stderr, stdout: '' });
  });
});

describe('JSON files that stop parsing part-way', () => {
  it('keeps the records before the damage and names the file in a counted skip', async () => {
    const dir = temp();
    const whole = readFileSync(join(ROOT, 'fixtures/json/export.json'), 'utf8');
    const cut = whole.slice(0, whole.indexOf('"messages"') + 400);
    writeFileSync(join(dir, 'export.json'), cut);
    const r = await validateInProcess({ source: join(dir, 'export.json') });
    expect(r.code).toBe(0);
    expect(skipped(r).filter((s) => s.startsWith('bad_json'))).toEqual([
      expect.stringMatching(/^bad_json export\.json: not valid JSON \(.+\); \d+ records were read before it, the rest of the file was not$/),
    ]);
    expect(planned(r)).toBeGreaterThan(0);
  });
});

describe('--from KIND on the wrong input', () => {
  const cases: [string, string, RegExp][] = [
    ['slack', 'fixtures/csv/messages.csv', /expected a Slack workspace export .*\(.*messages\.csv: not a folder or a \.zip file\)/],
    ['teams', 'fixtures/csv/messages.csv', /expected a Microsoft Teams export/],
    ['rocketchat', 'fixtures/teams/TeamsExport', /expected a Rocket\.Chat CSV export .*no users\.csv or channels\.csv/],
    ['csv', 'fixtures/teams/TeamsExport', /expected a \.csv\/\.tsv file .*no \.csv or \.tsv files/],
    ['json', 'fixtures/teams/TeamsExport', /expected a chat-import JSON document .*TeamsExport: a folder, not a JSON or JSON Lines file/],
    ['telegram', 'fixtures/csv/messages.csv', /expected a Telegram Desktop export.*no conversation was found \(messages\.csv: not valid JSON/],
    // chat-import's own JSON has a "messages" list too: read as one Telegram chat, every message was telegram_bad_time.
    ['telegram', 'fixtures/json/export.json', /expected a Telegram Desktop export: result\.json \(or its folder\) with chats and messages \(export\.json: no chat has a Telegram chat type \(personal_chat, bot_chat, private_group, …\) and no message a date or date_unixtime\)\.$/],
    ['slack', 'fixtures/slack/zulip/slack_fixtures/test_slack_importer/random', /these look like one channel's day files: 2017-06-25\.json, 2018-01-20\.json; point chat-import at the export's top folder/],
  ];
  it.each(cases)('--from %s on %s exits 2 saying what it expected', async (from, source, expected) => {
    const r = await validateInProcess({ source: join(ROOT, source), from });
    expect(r.code, r.errors.join('\n')).toBe(2);
    expect(r.errors.join('\n')).toContain(`is not a ${from} export: expected`);
    expect(r.errors.join('\n')).toMatch(expected);
    expect(r.errors.join('\n')).not.toContain('this is a bug');
  });
});

describe('a selection that selects nothing', () => {
  const csv = join(ROOT, 'fixtures/csv/messages.csv');
  it.each([
    [{ channels: ['nosuchchannel'] }, 'chat-import: --channels nosuchchannel matched no conversation; there are: general, ops, ada-grace.'],
    [{ excludeChannels: ['ops', 'nosuch'] }, 'chat-import: --exclude-channels nosuch matched no conversation; there are: general, ops, ada-grace.'],
  ])('%j: validate exits 1 naming the filter and the conversations there are', async (filters, message) => {
    const r = await validateInProcess({ source: csv, ...filters });
    expect({ code: r.code, errors: r.errors }).toEqual({ code: 1, errors: [message] });
  });

  it('an export with conversations but nothing to write: validate exits 1 saying what was found', async () => {
    const r = await validateInProcess({ source: csvFile(`${HEADER}general,Ada,ada@example.com,not a time,hello\n`) });
    expect({ code: r.code, errors: r.errors }).toEqual({
      code: 1,
      errors: [
        `csv_bad_time ×1 — chat.csv record 2 — ${REASONS.csv_bad_time.meaning}`,
        expect.stringMatching(/^found nothing to import in .*chat\.csv \(read as a csv export\): 1 conversations, none with a message to import; skipped: csv_bad_time 1, empty_conversation 1\.$/),
      ],
    });
  });

  it('one channel\'s day files without --from: exit 2 saying what they look like, not just "use --from"', async () => {
    const source = join(ROOT, 'fixtures/slack/zulip/slack_fixtures/test_slack_importer/random');
    const r = await validateInProcess({ source });
    expect({ code: r.code, errors: r.errors }).toEqual({
      code: 2,
      errors: [`chat-import: ${source} is not an export chat-import recognizes (tried: slack, rocketchat, teams, mattermost, telegram, json, csv). These look like one channel's day files: 2017-06-25.json, 2018-01-20.json; point chat-import at the export's top folder, the one holding channels.json and users.json.`],
    });
  });

  it('a Rocket.Chat folder without users.csv and channels.csv exits 2 naming what it found', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'general'));
    cpSync(join(ROOT, 'fixtures/rocketchat/export/imported-csv-channel/messages.csv'), join(dir, 'general/messages.csv'));
    const r = await validateInProcess({ source: dir, from: 'rocketchat' });
    expect(r.code).toBe(2);
    expect(r.errors.join('\n')).toMatch(/no users\.csv or channels\.csv at the top of the export \(found: general\/messages\.csv\)/);
    // Without --from, what the folder holds is named too, not only "use --from".
    const detected = await validateInProcess({ source: dir });
    expect({ code: detected.code, errors: detected.errors }).toEqual({
      code: 2,
      errors: [`chat-import: ${dir} is not an export chat-import recognizes (tried: slack, rocketchat, teams, mattermost, telegram, json, csv). Use --from to say what it is. It holds general/messages.csv.`],
    });
  });
});

describe('crafted zips', () => {
  const CHANNELS = JSON.stringify([{ id: 'C1', name: 'general', created: 1500000000, members: ['U1'] }]);
  const USERS = JSON.stringify([{ id: 'U1', name: 'ada', real_name: 'Ada', profile: { email: 'ada@example.com' } }]);
  const day = (text: string) => JSON.stringify([{ type: 'message', user: 'U1', text, ts: '1500000100.000100' }]);

  it('an overlapping-entry zip bomb: one day file read once, the 199 records pointing at its data skipped and counted', async () => {
    const entries: ZipEntrySpec[] = [{ name: 'channels.json', data: CHANNELS }, { name: 'users.json', data: USERS }, { name: 'general/2017-07-14.json', data: day('x'.repeat(20_000)), deflate: true }];
    for (let i = 0; i < 199; i++) entries.push({ name: `general/2018-${String(i).padStart(4, '0')}.json`, sharesDataOf: 2 });
    const zip = join(temp(), 'bomb.zip');
    writeFileSync(zip, buildZip(entries));
    const r = await validateInProcess({ source: zip });
    expect({ code: r.code, planned: planned(r), overlapping: r.report?.totals.skipped.zip_overlapping_entry, first: skipped(r)[0] }).toEqual({
      code: 0,
      planned: 1,
      overlapping: 199,
      first: 'zip_overlapping_entry general/2018-0000.json: general/2018-0000.json: its data overlaps the data of general/2017-07-14.json (the shape of a zip bomb: one entry inflated again and again); not read',
    });
  });

  it('a zip entry whose local header names another file: that file is skipped naming the zip and the entry, before inflating', async () => {
    const zip = join(temp(), 'mismatch.zip');
    const entries: ZipEntrySpec[] = [
      { name: 'channels.json', data: CHANNELS },
      { name: 'users.json', data: USERS },
      { name: 'general/2017-07-14.json', data: day('kept'), deflate: true },
      { name: 'general/2017-07-15.json', localName: 'general/evil.json', data: day('never read'), deflate: true },
    ];
    writeFileSync(zip, buildZip(entries));
    const r = await validateInProcess({ source: zip });
    expect({ code: r.code, planned: planned(r), skipped: skipped(r) }).toEqual({
      code: 0,
      planned: 1,
      skipped: [`unreadable_file general/2017-07-15.json: general/2017-07-15.json: cannot be read (${zip}: the zip is damaged: entry general/2017-07-15.json cannot be read (its local header names another file than the central directory does))`],
    });
  });
});

describe('a folder where a day file should be', () => {
  const CHANNELS = JSON.stringify([{ id: 'C1', name: 'general', created: 1500000000, members: ['U1'] }]);
  const USERS = JSON.stringify([{ id: 'U1', name: 'ada', profile: { email: 'ada@example.com' } }]);
  const DAY = JSON.stringify([{ type: 'message', user: 'U1', text: 'kept', ts: '1500000100.000100' }]);
  const expected = { code: 0, planned: 1, skipped: ['not_a_file general/2017-07-15.json: general/2017-07-15.json: a folder, where a file of that name is expected; not read'] };

  it('in an export folder: a counted not_a_file skip naming it, the other days imported', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'channels.json'), CHANNELS);
    writeFileSync(join(dir, 'users.json'), USERS);
    mkdirSync(join(dir, 'general/2017-07-15.json'), { recursive: true });
    writeFileSync(join(dir, 'general/2017-07-14.json'), DAY);
    const r = await validateInProcess({ source: dir });
    expect({ code: r.code, planned: planned(r), skipped: skipped(r) }).toEqual(expected);
  });

  it('in a zip: the same', async () => {
    const zip = join(temp(), 'export.zip');
    writeFileSync(zip, buildZip([{ name: 'channels.json', data: CHANNELS }, { name: 'users.json', data: USERS }, { name: 'general/2017-07-14.json', data: DAY }, { name: 'general/2017-07-15.json/' }]));
    const r = await validateInProcess({ source: zip });
    expect({ code: r.code, planned: planned(r), skipped: skipped(r) }).toEqual(expected);
  });
});

describe('a huge single message', () => {
  const skipsOf = (r: InProcessResult) => skipped(r).filter((s) => s.startsWith('message_too_large'));
  const over = 'a'.repeat(1_000_001);

  it('Slack: a text over 1,000,000 characters is a counted skip, checked before converting it; one at the cap is imported', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', members: ['U1'] }]));
    writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ada', profile: { email: 'ada@example.com' } }]));
    mkdirSync(join(dir, 'general'));
    writeFileSync(join(dir, 'general/2017-07-14.json'), JSON.stringify([
      { type: 'message', user: 'U1', text: over, ts: '1500000100.000100' },
      { type: 'message', user: 'U1', text: 'b'.repeat(1_000_000), ts: '1500000200.000100' },
    ]));
    const r = await validateInProcess({ source: dir });
    expect({ code: r.code, skips: skipsOf(r), imported: (planned(r) ?? 0) > 1 }).toEqual({
      code: 0,
      skips: ['message_too_large general/2017-07-14.json record 1: general/2017-07-14.json record 1: the message has 1000001 characters, over the 1000000 imported (about 250 Chat messages); not imported'],
      imported: true,
    });
  });

  it('JSON document: the string is cut while reading (memory stays bounded) and the skip names its true length; the messages around it are planned', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures/json/export.json'), 'utf8')) as { messages: Record<string, unknown>[] };
    doc.messages.splice(1, 0, { ...doc.messages[0], id: 'huge', text: 'a'.repeat(1_000_005) });
    const path = join(temp(), 'export.json');
    writeFileSync(path, JSON.stringify(doc));
    const before = await validateInProcess({ source: join(ROOT, 'fixtures/json/export.json') });
    const r = await validateInProcess({ source: path });
    expect({ code: r.code, skips: skipsOf(r), planned: planned(r) }).toEqual({
      code: before.code,
      skips: ["message_too_large export.json#messages record 2: the message's text has 1000005 characters, over the 1000000 imported (about 250 Chat messages); not imported"],
      planned: planned(before),
    });
  });

  it('Slack: a day file too large to read whole is streamed; its huge message is skipped, invalid UTF-8 counted, the others of the day are planned', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', members: ['U1'] }]));
    writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ada', profile: { email: 'ada@example.com' } }]));
    mkdirSync(join(dir, 'general'));
    const huge = 'a'.repeat(STREAMED_DAY_BYTES + 1);
    const day = JSON.stringify([
      { type: 'message', user: 'U1', text: 'first', ts: '1500000100.000100' },
      { type: 'message', user: 'U1', text: huge, ts: '1500000150.000100' },
      { type: 'message', user: 'U1', text: 'third', ts: '1500000200.000100' },
    ]);
    // One byte that is not UTF-8 in the first message's text.
    const at = day.indexOf('first') + 3;
    writeFileSync(join(dir, 'general/2017-07-14.json'), Buffer.concat([Buffer.from(day.slice(0, at)), Buffer.from([0xff]), Buffer.from(day.slice(at))]));
    const r = await validateInProcess({ source: dir });
    const warnings = (r.report?.problems ?? []).filter((p) => p.severity === 'warning').map((p) => `${p.code} ${p.where ?? '?'}: ${p.message}`);
    expect({ code: r.code, warnings, skips: skipped(r), planned: planned(r) }).toEqual({
      code: 0,
      warnings: ['invalid_utf8 general/2017-07-14.json: general/2017-07-14.json: not valid UTF-8; 1 byte sequence read as U+FFFD (\ufffd), the rest of the file is imported'],
      skips: [
        `message_too_large general/2017-07-14.json record 2: general/2017-07-14.json record 2: the message's text has ${huge.length} characters, over the 1000000 imported (about 250 Chat messages); not imported`,
      ],
      planned: 2,
    });
  });

  it('CSV: a field over the cap is cut while reading, a counted skip with its line; the rows after it are planned', async () => {
    // The quoted text spans 3 lines and has an escaped quote, so the row after it starts on line 5.
    const text = `"${'a'.repeat(999_990)}\n""quoted""\n${'b'.repeat(20)}"`;
    const r = await validateInProcess({
      source: csvFile(`${HEADER}general,Ada,ada@example.com,2024-03-01T09:00:00Z,before\ngeneral,Ada,ada@example.com,2024-03-01T09:01:00Z,${text}\ngeneral,Ada,ada@example.com,2024-03-01T09:02:00Z,after\n`),
    });
    expect({ code: r.code, skips: skipsOf(r), planned: planned(r) }).toEqual({
      code: 0,
      skips: ['message_too_large chat.csv record 3: the message has 1000020 characters, over the 1000000 imported (about 250 Chat messages); not imported'],
      planned: 2,
    });
  });

  it('CSV: a field over the cap in another column skips its row as csv_bad_row naming the column', async () => {
    const r = await validateInProcess({ source: csvFile(`${HEADER}general,${over},ada@example.com,2024-03-01T09:00:00Z,hi\ngeneral,Ada,ada@example.com,2024-03-01T09:01:00Z,small\n`) });
    expect({ code: r.code, skips: skipped(r), planned: planned(r) }).toEqual({
      code: 0,
      skips: ['csv_bad_row chat.csv record 2: column 2 (author_name) has 1000001 characters, over the 1000000 a CSV field may have; the row is not imported'],
      planned: 1,
    });
  });
});

// Table-driven conversion tests: every row of conversions.json is one Slack input and its exact expected output
// (see table.ts for the row format).
import { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Skip } from '../../../src/model.js';
import { emailResolver } from '../../../src/people.js';
import type { SlackDirectory } from '../../../mappers/slack/context.js';
import { mapRecord, newConversationState } from '../../../mappers/slack/map.js';
import { buildConversations, buildPeople } from '../../../mappers/slack/tables.js';
import { convertMessageText } from '../../../mappers/slack/text.js';
import { checkRow, inputRecords, loadFixture, loadRows, type Row, type RowContext } from './table.js';

const TABLE = join(dirname(fileURLToPath(import.meta.url)), 'conversions.json');
const DEFAULT_USERS = 'zulip/slack_fixtures/exported_messages_fixtures/users.json';

async function directoryFor(context: RowContext = {}): Promise<SlackDirectory> {
  const usersRef = context.users ?? DEFAULT_USERS;
  const users = typeof usersRef === 'string' ? ((await loadFixture(usersRef)) as unknown[]) : usersRef;
  const options = {
    emailOf: emailResolver({
      ...(context.userMap && { userMap: new Map(Object.entries(context.userMap)) }),
      ...(context.domain && { domain: context.domain }),
    }),
  };
  const skips: Skip[] = [];
  const people = buildPeople({ users, orgUsers: [] }, options, skips);
  const conversations = buildConversations(
    { users, orgUsers: [], channels: context.channels ?? [], groups: [], dms: [], mpims: [] },
    people,
    options,
    skips,
  );
  return { people, channelNames: new Map(conversations.map((c) => [c.id, c.name])) };
}

/** Records as plain JSON; a FileRef's `open` function shows as `true`. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'open' && typeof v === 'function' ? true : v)));
}

async function run(row: Row): Promise<unknown> {
  const directory = await directoryFor(row.input.context);
  const records = await inputRecords(row);
  if (row.expected.text !== undefined) {
    if (records.length !== 1) throw new Error(`${row.name}: a text row needs exactly one record`);
    return convertMessageText(records[0], directory);
  }
  const present = new Set(row.input.context?.filesPresent ?? []);
  const ctx = {
    conversationId: 'C1',
    directory,
    state: newConversationState(),
    locateFile: (id: string) => (present.has(id) ? async () => Readable.from(['bytes']) : undefined),
  };
  return plain(records.flatMap((record) => mapRecord(record, ctx)));
}

function want(row: Row): unknown {
  if (row.expected.text !== undefined) return { text: row.expected.text, fallbacks: row.expected.fallbacks ?? [] };
  return row.expected.records;
}

describe('Slack → Chat conversions (conversions.json)', () => {
  const rows = loadRows(TABLE);

  it('has uniquely named rows', () => {
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    expect(await run(row)).toEqual(want(row));
  });
});

describe('the conversion table format', () => {
  const base = { name: 'x', input: { message: { text: 'a' } }, expected: { text: 'a' } };

  it('accepts a well-formed row', () => {
    expect(checkRow(base, 0).name).toBe('x');
  });

  it.each([
    ['row', { ...base, expect: {} }, 'row 1: unknown key "expect"'],
    ['input', { ...base, input: { message: {}, users: [] } }, 'row 1 (x) input: unknown key "users"'],
    ['context', { ...base, input: { message: {}, context: { user: [] } } }, 'row 1 (x) input.context: unknown key "user"'],
    ['expected', { ...base, expected: { text: 'a', fallback: [] } }, 'row 1 (x) expected: unknown key "fallback"'],
  ])('rejects an unknown key in the %s', (_where, row, message) => {
    expect(() => checkRow(row, 0)).toThrow(message);
  });

  it('rejects a row with two inputs or no expectation', () => {
    expect(() => checkRow({ ...base, input: { message: {}, messages: [] } }, 0)).toThrow('exactly one of');
    expect(() => checkRow({ ...base, expected: {} }, 0)).toThrow('expected needs text or records');
  });
});

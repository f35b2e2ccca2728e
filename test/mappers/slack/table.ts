// Loads and checks test/mappers/slack/conversions.json: rows of {name, input, expected}. Unknown keys anywhere in
// a row are rejected, so a typo cannot silently turn a row into one that checks nothing.
//
// input:    exactly one of `message` (one Slack record), `messages` (records mapped in order with one
//           conversation state) or `fixture` (a path under fixtures/slack/, `archive.zip!entry` for a zip entry;
//           with `record` N to take the Nth record of an array), plus an optional `context`:
//           {users, channels, userMap, domain, filesPresent}. `users` is an array of users.json rows or a fixture
//           path; default: zulip's exported_messages_fixtures/users.json (John, Jane, and Jon with an email).
// expected: `text` (+ `fallbacks`, default []) checks convertMessageText on a single record; `records` checks
//           mapRecord's output for every input record (conversation "C1"; a FileRef with bytes shows `"open": true`).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSourceTree, readEntry } from '../../../mappers/shared/source-tree.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/slack');

export interface RowContext {
  readonly users?: unknown[] | string;
  readonly channels?: unknown[];
  readonly userMap?: Record<string, string>;
  readonly domain?: string;
  readonly filesPresent?: string[];
}

export interface Row {
  readonly name: string;
  readonly input: {
    readonly message?: unknown;
    readonly messages?: unknown[];
    readonly fixture?: string;
    readonly record?: number;
    readonly context?: RowContext;
  };
  readonly expected: { readonly text?: string; readonly fallbacks?: string[]; readonly records?: unknown[] };
}

const KEYS = {
  row: ['name', 'input', 'expected'],
  input: ['message', 'messages', 'fixture', 'record', 'context'],
  context: ['users', 'channels', 'userMap', 'domain', 'filesPresent'],
  expected: ['text', 'fallbacks', 'records'],
};

function onlyKeys(value: unknown, allowed: readonly string[], where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not an object`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Error(`${where}: unknown key "${key}"`);
  }
  return value as Record<string, unknown>;
}

/** Validates one row's shape; throws naming the row and the offending key. */
export function checkRow(raw: unknown, index: number): Row {
  const row = onlyKeys(raw, KEYS.row, `row ${index + 1}`);
  const where = `row ${index + 1} (${String(row.name)})`;
  if (typeof row.name !== 'string' || row.name === '') throw new Error(`row ${index + 1}: missing name`);
  const input = onlyKeys(row.input, KEYS.input, `${where} input`);
  if (input.context !== undefined) onlyKeys(input.context, KEYS.context, `${where} input.context`);
  const sources = ['message', 'messages', 'fixture'].filter((k) => input[k] !== undefined);
  if (sources.length !== 1) throw new Error(`${where}: input needs exactly one of message, messages, fixture`);
  const expected = onlyKeys(row.expected, KEYS.expected, `${where} expected`);
  const hasText = expected.text !== undefined;
  if (hasText === (expected.records !== undefined)) throw new Error(`${where}: expected needs text or records`);
  if (!hasText && expected.fallbacks !== undefined) throw new Error(`${where}: fallbacks go with text`);
  return row as unknown as Row;
}

export function loadRows(file: string): Row[] {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${file}: not an array`);
  return data.map(checkRow);
}

/** A fixture's parsed JSON: `path` under fixtures/slack, or `archive.zip!entry`. */
export async function loadFixture(ref: string): Promise<unknown> {
  const [file = '', entry] = ref.split('!');
  if (entry === undefined) return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
  const tree = await openSourceTree(join(FIXTURES, file));
  try {
    return JSON.parse((await readEntry(tree, entry)).toString('utf8'));
  } finally {
    await tree.close();
  }
}

/** The row's Slack records, in order. */
export async function inputRecords(row: Row): Promise<unknown[]> {
  const { input } = row;
  if (input.message !== undefined) return [input.message];
  if (input.messages !== undefined) return input.messages;
  const data = await loadFixture(input.fixture ?? '');
  if (input.record !== undefined) {
    if (!Array.isArray(data) || data[input.record - 1] === undefined) throw new Error(`${row.name}: no record ${input.record}`);
    return [data[input.record - 1]];
  }
  return Array.isArray(data) ? data : [data];
}

// `--users FILE`: source user → Google Workspace email. Three shapes are accepted as they are:
// - Slack's admin member-list CSV (header with username, email, userid, fullname, displayname…): every row maps
//   its Slack id, username, email, full name and display name to its email;
// - a two-column CSV (source id, name or email → Google email), with or without a header row;
// - a JSON object {"source": "email"}.
// Keys are lowercased (names and emails are matched case-insensitively by src/people.ts), except source ids,
// which are case-sensitive (Slack `U…`): a key that is not an email is stored both as written and lowercased.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { detectDelimiter } from './delimiter.js';

const SLACK_COLUMNS = ['username', 'email', 'userid'];
/** Slack member-list columns that name a person, in the order they claim a key (first claim wins). */
const SLACK_NAME_COLUMNS = ['username', 'email', 'fullname', 'displayname'];

export async function loadUserMapFile(path: string): Promise<Map<string, string>> {
  const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  if (path.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) return fromJson(text);
  return fromCsv(text);
}

function email(value: string, where: string): string {
  const trimmed = value.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(trimmed)) throw new Error(`${where}: "${value}" is not an email address`);
  return trimmed;
}

/** Adds a key that may be an id: as written, and lowercased for name/email matching. First claim wins. */
function addKey(map: Map<string, string>, key: string, value: string): void {
  const trimmed = key.trim();
  if (trimmed === '') return;
  if (!trimmed.includes('@') && !map.has(trimmed)) map.set(trimmed, value);
  const lower = trimmed.toLowerCase();
  if (!map.has(lower)) map.set(lower, value);
}

function fromJson(text: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('expected a JSON object {"source user": "google email"}');
  }
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`key "${key}": the value must be an email string`);
    addKey(map, key, email(value, `key "${key}"`));
  }
  return map;
}

function fromCsv(text: string): Map<string, string> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const rows = parse(text, {
    delimiter: detectDelimiter(firstLine),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as string[][];
  const header = (rows[0] ?? []).map((cell) => cell.toLowerCase());
  if (SLACK_COLUMNS.every((column) => header.includes(column))) return fromSlackMemberList(header, rows.slice(1));
  const map = new Map<string, string>();
  const hasHeader = rows.length > 0 && !(rows[0]?.[1] ?? '').includes('@');
  // A lone line without an email is no header of anything: most likely a mapping whose email is mistyped.
  if (hasHeader && rows.length === 1) throw new Error(`line 1: "${rows[0]?.[1] ?? ''}" is not an email address, and no line follows it (a header row needs mapping rows under it)`);
  rows.forEach((row, index) => {
    if (index === 0 && hasHeader) return;
    const where = `line ${index + 1}`;
    if (row.length < 2) throw new Error(`${where}: expected two columns (source user, google email)`);
    addKey(map, row[0] ?? '', email(row[1] ?? '', where));
  });
  return map;
}

function fromSlackMemberList(header: string[], rows: string[][]): Map<string, string> {
  const column = (name: string) => header.indexOf(name);
  const map = new Map<string, string>();
  for (const row of rows) {
    const value = (row[column('email')] ?? '').trim().toLowerCase();
    // Bots and invited-but-never-joined accounts have no email: nothing to impersonate.
    if (!value.includes('@')) continue;
    const id = (row[column('userid')] ?? '').trim();
    if (id !== '' && !map.has(id)) map.set(id, value);
    for (const name of SLACK_NAME_COLUMNS) {
      const index = column(name);
      if (index < 0) continue;
      const key = (row[index] ?? '').trim().toLowerCase();
      if (key !== '' && !map.has(key)) map.set(key, value);
    }
  }
  return map;
}

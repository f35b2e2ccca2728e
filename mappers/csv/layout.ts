// The generic CSV layout (documented in docs/sources.md): which column holds what, how a header row is told
// from data, and what a valid row needs. Pure.
import { parseTime } from '../shared/time.js';
import type { ConversationKind } from '../../src/model.js';

/** The columns, in the order a file without a header row must use. */
export const COLUMN_ORDER = [
  'conversation',
  'author_name',
  'author_email',
  'timestamp',
  'text',
  'thread_id',
  'message_id',
  'conversation_type',
  'members',
] as const;

export type Column = (typeof COLUMN_ORDER)[number];

/** Header names accepted for each column (case-insensitive, spaces and dashes read as underscores). */
const ALIASES: Record<Column, readonly string[]> = {
  conversation: ['conversation', 'conversation_id', 'channel'],
  author_name: ['author_name', 'author', 'sender', 'user'],
  author_email: ['author_email', 'email', 'sender_email'],
  timestamp: ['timestamp', 'time', 'date', 'ts'],
  text: ['text', 'message', 'body'],
  thread_id: ['thread_id', 'reply_to', 'thread'],
  message_id: ['message_id', 'id'],
  conversation_type: ['conversation_type', 'type', 'kind'],
  members: ['members'],
};

/** Without a header, a row holds the first 5 columns at least (conversation … text). */
export const MIN_COLUMNS = 5;

const KINDS: readonly ConversationKind[] = ['channel', 'private_channel', 'dm', 'group_dm'];

/** Column → index in the row. */
export type ColumnMap = Partial<Record<Column, number>>;

function normalize(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * The column map when `row` is a header row (it names conversation, timestamp and text, and an author column),
 * else undefined. Unknown header cells are ignored; the first cell naming a column wins.
 */
export function headerColumns(row: readonly string[]): ColumnMap | undefined {
  const map: ColumnMap = {};
  row.forEach((cell, index) => {
    const name = normalize(cell);
    for (const column of COLUMN_ORDER) {
      if (map[column] === undefined && ALIASES[column].includes(name)) {
        map[column] = index;
        return;
      }
    }
  });
  const complete =
    map.conversation !== undefined &&
    map.timestamp !== undefined &&
    map.text !== undefined &&
    (map.author_name !== undefined || map.author_email !== undefined);
  return complete ? map : undefined;
}

/** The column map of a header-less file whose rows have `count` cells (the documented order). */
export function positionalColumns(count: number): ColumnMap {
  const map: ColumnMap = {};
  COLUMN_ORDER.slice(0, count).forEach((column, index) => (map[column] = index));
  return map;
}

/** True when a header-less first row looks like data in the documented order. */
export function looksLikeDataRow(row: readonly string[]): boolean {
  return (
    row.length >= MIN_COLUMNS &&
    row.length <= COLUMN_ORDER.length &&
    (row[0] ?? '').trim() !== '' &&
    parseTime(row[3] ?? '') !== undefined
  );
}

export function parseKind(value: string): ConversationKind | undefined {
  const normalized = normalize(value);
  return (KINDS as readonly string[]).includes(normalized) ? (normalized as ConversationKind) : undefined;
}

/** The cell of a column, trimmed; '' when the column is absent. */
export function cell(row: readonly string[], columns: ColumnMap, column: Column): string {
  const index = columns[column];
  return index === undefined ? '' : (row[index] ?? '').trim();
}

/** The members cell split on semicolons (blank entries dropped). */
export function splitMembers(value: string): string[] {
  return value
    .split(';')
    .map((member) => member.trim())
    .filter((member) => member !== '');
}

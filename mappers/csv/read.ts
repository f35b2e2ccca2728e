// The generic CSV source: one streaming pass (csv-parse) over each file builds the people and conversation
// tables and files every row, mapped, under its conversation (shared/records.ts spills them to temp files), so
// a file where conversations interleave is never held in memory. Bad rows become skips naming file and line.
import { createReadStream } from 'node:fs';
import { messageTooLarge, type Conversation, type ConversationKind, type CsvOptions, type OpenOptions, type Skip, type SourceExport } from '../../src/model.js';
import { csvRows, fieldTooLarge } from '../shared/csv-rows.js';
import { detectDelimiter } from '../shared/delimiter.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { PeopleTable } from '../shared/people.js';
import { RecordSink } from '../shared/records.js';
import { parseTime } from '../shared/time.js';
import { checkEncoding, firstTextLine, readHead } from './decode.js';
import { decodeStream } from '../shared/text-decode.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';
import {
  cell,
  headerColumns,
  MIN_COLUMNS,
  COLUMN_ORDER,
  parseKind,
  positionalColumns,
  splitMembers,
  type ColumnMap,
} from './layout.js';

/** One CSV file of the source: its path and the name problem reports use. */
export interface CsvFile {
  readonly path: string;
  readonly name: string;
}

interface ConversationDraft {
  kind?: ConversationKind;
  readonly members: Set<string>;
  readonly authors: Set<string>;
}

export async function readCsvFiles(
  kind: string,
  files: readonly CsvFile[],
  csv: CsvOptions,
  options: OpenOptions,
): Promise<SourceExport> {
  const encoding = csv.encoding ?? 'utf-8';
  checkEncoding(encoding);
  const fingerprint = new Fingerprint(kind);
  fingerprint.note(`encoding=${encoding} delimiter=${csv.delimiter ?? 'auto'}`);
  const people = new PeopleTable(options);
  const drafts = new Map<string, ConversationDraft>();
  const tableSkips: Skip[] = [];
  const sink = await RecordSink.create();
  try {
    for (const file of files) {
      await readOneFile(file, { encoding, delimiter: csv.delimiter }, fingerprint, people, drafts, tableSkips, sink);
    }
    const conversations = [...drafts].map(([id, draft]) => finishConversation(id, draft, people));
    return await sink.finish({
      kind,
      fingerprint: fingerprint.digest(),
      people: people.map,
      conversations,
      tableSkips,
    });
  } catch (error) {
    await sink.spill.close();
    throw error;
  }
}

async function readOneFile(
  file: CsvFile,
  csv: { encoding: string; delimiter: string | undefined },
  fingerprint: Fingerprint,
  people: PeopleTable,
  drafts: Map<string, ConversationDraft>,
  tableSkips: Skip[],
  sink: RecordSink,
): Promise<void> {
  const delimiter = csv.delimiter ?? detectDelimiter(firstTextLine(await readHead(file.path, csv.encoding)));
  const bytes = fingerprint.tap(createReadStream(file.path), file.name);
  // Counts invalid UTF-8 only when the file is read as UTF-8 (--csv-encoding, or a byte-order mark, may say otherwise).
  const utf8 = new Utf8Counter();
  const text = decodeStream(bytes, csv.encoding, utf8);

  let columns: ColumnMap | undefined;
  let expected = 0;
  for await (const { record, line: startLine, error, oversized } of csvRows(text, { delimiter })) {
    const origin = { file: file.name, record: startLine };
    if (error) {
      tableSkips.push({ code: 'csv_bad_row', reason: error, origin });
      continue;
    }
    if (!columns) {
      columns = headerColumns(record);
      if (columns) {
        expected = record.length;
        continue;
      }
      columns = positionalColumns(Math.min(record.length, COLUMN_ORDER.length));
      expected = record.length;
    }
    const tableSkip = (code: Skip['code'], reason: string) => tableSkips.push({ code, reason, origin });
    if (expected < MIN_COLUMNS) {
      tableSkip('csv_bad_column_count', `expected at least ${MIN_COLUMNS} columns (${COLUMN_ORDER.slice(0, MIN_COLUMNS).join(', ')}), found ${record.length}`);
      continue;
    }
    if (record.length !== expected) {
      tableSkip('csv_bad_column_count', `expected ${expected} columns, found ${record.length}`);
      continue;
    }
    // A field cut while reading (over the cap): the message text is skipped below, as a message; any other is not
    // something this row can be imported without.
    const textColumn = columns.text;
    const cutText = oversized?.find((field) => field.column === textColumn);
    const cutOther = oversized?.find((field) => field.column !== textColumn);
    if (cutOther) {
      tableSkip('csv_bad_row', fieldTooLarge(cutOther, `column ${cutOther.column + 1}${columnName(columns, cutOther.column)}`));
      continue;
    }
    const conversationId = cell(record, columns, 'conversation');
    if (conversationId === '') {
      tableSkip('csv_missing_conversation', 'the conversation column is empty');
      continue;
    }
    const typeCell = cell(record, columns, 'conversation_type');
    const kind = typeCell === '' ? undefined : parseKind(typeCell);
    if (typeCell !== '' && !kind) {
      tableSkip('csv_bad_conversation_type', `conversation_type "${typeCell}" is not channel, private_channel, dm or group_dm`);
      continue;
    }
    let draft = drafts.get(conversationId);
    if (!draft) drafts.set(conversationId, (draft = { members: new Set(), authors: new Set() }));
    draft.kind ??= kind;
    for (const member of splitMembers(cell(record, columns, 'members'))) draft.members.add(member);

    const skip = (code: Skip['code'], reason: string) => sink.skip({ conversationId, code, reason, origin });
    const authorName = cell(record, columns, 'author_name');
    const authorEmail = cell(record, columns, 'author_email').toLowerCase();
    if (authorName === '' && authorEmail === '') {
      await skip('csv_missing_author', 'author_name and author_email are both empty');
      continue;
    }
    const stamp = cell(record, columns, 'timestamp');
    const timeMs = parseTime(stamp);
    if (timeMs === undefined) {
      await skip('csv_bad_time', `timestamp "${stamp}" is not ISO 8601 or epoch seconds/milliseconds`);
      continue;
    }
    const author = people.add({
      id: authorEmail || authorName,
      displayName: authorName || authorEmail,
      ...(authorEmail ? { email: authorEmail } : {}),
    });
    draft.authors.add(author.id);
    if (cutText) {
      await skip('message_too_large', messageTooLarge(cutText.chars));
      continue;
    }
    const id = cell(record, columns, 'message_id') || `L${startLine}`;
    const threadId = cell(record, columns, 'thread_id');
    await sink.message({
      conversationId,
      id,
      authorId: author.id,
      timeMs,
      text: textColumn === undefined ? '' : (record[textColumn] ?? ''),
      ...(threadId ? { threadId } : {}),
      origin,
    });
  }
  const invalid = invalidUtf8Skip(file.name, utf8.replaced);
  if (invalid) tableSkips.push(invalid);
}

/** ` (name)` of the column at `index`, or '' for a column the layout does not use. */
function columnName(columns: ColumnMap, index: number): string {
  const name = Object.entries(columns).find(([, at]) => at === index)?.[0];
  return name ? ` (${name})` : '';
}

/**
 * Members named by the members column: an email names the person with that email; a name names the person
 * with that id or display name; anyone else becomes a person of their own. Without a members column, the
 * people who wrote in the conversation are its members.
 */
function finishConversation(id: string, draft: ConversationDraft, people: PeopleTable): Conversation {
  const memberIds = new Set<string>();
  if (draft.members.size === 0) for (const author of draft.authors) memberIds.add(author);
  for (const member of draft.members) memberIds.add(resolveMember(member, people));
  return { id, name: id, kind: draft.kind ?? 'channel', memberIds: [...memberIds] };
}

function resolveMember(member: string, people: PeopleTable): string {
  if (member.includes('@')) {
    const email = member.toLowerCase();
    return people.add({ id: email, displayName: email, email }).id;
  }
  if (people.has(member)) return member;
  const lower = member.toLowerCase();
  for (const person of people.map.values()) if (person.displayName.toLowerCase() === lower) return person.id;
  return people.add({ id: member, displayName: member }).id;
}

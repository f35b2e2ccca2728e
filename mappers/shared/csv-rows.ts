// CSV rows streamed with csv-parse, each with the 1-based line it starts on (quoted fields may span lines), so
// problem reports can name the exact line. Blank lines are passed over. Damage never stops the file: a stray quote
// inside a field (`he said "hi" to me`) is kept as text, and a row csv-parse still cannot read (an unclosed quote
// swallows the rest of the file) comes out as a row with an `error`, for the caller to count as a skip. csv-parse
// never trims (callers trim cells; `ltrim` drops blanks before a field): its trim makes a quote closed mid-field
// (`"bob"x`) an error that, with skip_records_with_error, drops the rest of the chunk it is in (csv-parse 7.0.3),
// so the rows after it were lost without a word. A field over the cap (MAX_MESSAGE_CHARS) is cut while reading
// (csv-field-cap.ts), so memory stays bounded: the row says which fields were cut and how long they were, for the
// caller to skip it.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { MAX_MESSAGE_CHARS } from '../../src/model.js';
import { cutField, droppedLineBreaks, fieldCapStream } from './csv-field-cap.js';

export interface CsvRow {
  readonly record: string[];
  /** The line the record starts on. */
  readonly line: number;
  /** Why this row could not be read (its record is then empty). */
  readonly error?: string;
  /** Fields longer than the cap, which were cut while reading: their text in `record` is ''. */
  readonly oversized?: readonly OversizedField[];
}

export interface OversizedField {
  /** 0-based index in the record. */
  readonly column: number;
  /** The field's real length in characters. */
  readonly chars: number;
}

export interface CsvRowsOptions {
  /** One character; a comma when not given. */
  readonly delimiter?: string;
  /** Drop blanks (space, tab) before each field, so a quote after them still opens it; trimming is the caller's. */
  readonly ltrim?: boolean;
  /** The longest field read whole (tests make it small). */
  readonly cap?: number;
}

interface SkippedRow {
  readonly error: string;
  readonly raw: string;
  /** How many records csv-parse had emitted before this one: where it goes in the order. */
  readonly after: number;
}

/** Line breaks in a record's raw text (CRLF, CR or LF each count once), with those cut out of an oversized field. */
function countLineBreaks(raw: string): number {
  return (raw.match(/\r\n|\r|\n/g)?.length ?? 0) + droppedLineBreaks(raw);
}

/** The record with cut fields emptied, and which they were; the record itself when none was cut. */
function withCutFields(record: string[]): { record: string[]; oversized?: OversizedField[] } {
  let oversized: OversizedField[] | undefined;
  record.forEach((field, column) => {
    const chars = cutField(field);
    if (chars !== undefined) (oversized ??= []).push({ column, chars });
  });
  if (!oversized) return { record };
  const cut = new Set(oversized.map((field) => field.column));
  return { record: record.map((field, column) => (cut.has(column) ? '' : field)), oversized };
}

/** Rows of `source`, decoded text (decodeStream). */
export async function* csvRows(source: Readable, options: CsvRowsOptions = {}): AsyncGenerator<CsvRow> {
  const skipped: SkippedRow[] = [];
  const delimiter = options.delimiter ?? ',';
  const capper = fieldCapStream({ delimiter, cap: options.cap ?? MAX_MESSAGE_CHARS, ltrim: options.ltrim ?? false });
  const parser = parse({
    delimiter,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error: (Error & { code?: string; records?: number }) | undefined, raw: string | undefined) => {
      skipped.push({ error: explain(error), raw: raw ?? '', after: error?.records ?? 0 });
    },
  });
  source.on('error', (error) => parser.destroy(error));
  capper.on('error', (error) => parser.destroy(error));
  source.pipe(capper).pipe(parser);
  let line = 1;
  let emitted = 0;
  const skippedBefore = function* (records: number): Generator<CsvRow> {
    while (skipped.length > 0 && (skipped[0] as SkippedRow).after <= records) {
      const row = skipped.shift() as SkippedRow;
      const start = line;
      line += countLineBreaks(row.raw);
      yield { record: [], line: start, error: row.error };
    }
  };
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      yield* skippedBefore(emitted);
      emitted += 1;
      const start = line;
      line += countLineBreaks(raw);
      if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
      yield { ...withCutFields(record), line: start };
    }
    yield* skippedBefore(Number.POSITIVE_INFINITY);
  } finally {
    source.destroy();
    capper.destroy();
    parser.destroy();
  }
}

/** csv-parse's reason in words an operator can act on (its own messages name csv-parse options). */
function explain(error: (Error & { code?: string }) | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote opened on this line is never closed, so the rest of the file could not be read as rows';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is followed by more text before the next delimiter';
    default:
      return (error?.message ?? 'the row could not be read').replace(/ at line \d+.*$/s, '');
  }
}

/** Why a row is skipped when a field other than its message text was cut; `name` says which field. */
export function fieldTooLarge(field: OversizedField, name: string): string {
  return `${name} has ${field.chars} characters, over the ${MAX_MESSAGE_CHARS} a CSV field may have; the row is not imported`;
}

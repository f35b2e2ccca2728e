// CSV rows streamed with csv-parse, each with the 1-based line it starts on (quoted fields may span lines), so
// problem reports can name the exact line. Blank lines are passed over. Damage never stops the file: a stray quote
// inside a field (`he said "hi" to me`) is kept as text, and a row csv-parse still cannot read (an unclosed quote
// swallows the rest of the file) comes out as a row with an `error`, for the caller to count as a skip.
import type { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';

export interface CsvRow {
  readonly record: string[];
  /** The line the record starts on. */
  readonly line: number;
  /** Why this row could not be read (its record is then empty). */
  readonly error?: string;
}

interface SkippedRow {
  readonly error: string;
  readonly raw: string;
  /** How many records csv-parse had emitted before this one: where it goes in the order. */
  readonly after: number;
}

/** Line breaks in a record's raw text (CRLF, CR or LF each count once). */
function countLineBreaks(raw: string): number {
  return raw.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** Rows of `source` (bytes or decoded text). `options` are csv-parse's, minus what line numbering needs. */
export async function* csvRows(
  source: Readable,
  options: Omit<Options, 'raw' | 'skip_empty_lines' | 'relax_column_count' | 'info' | 'columns'> = {},
): AsyncGenerator<CsvRow> {
  const skipped: SkippedRow[] = [];
  const parser = parse({
    ...options,
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
  source.pipe(parser);
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
      yield { record, line: start };
    }
    yield* skippedBefore(Number.POSITIVE_INFINITY);
  } finally {
    source.destroy();
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

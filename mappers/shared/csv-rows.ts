// CSV rows streamed with csv-parse, each with the 1-based line it starts on (quoted fields may span lines), so
// problem reports can name the exact line. Blank lines are passed over.
import type { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';

export interface CsvRow {
  readonly record: string[];
  /** The line the record starts on. */
  readonly line: number;
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
  const parser = parse({ ...options, raw: true, relax_column_count: true, skip_empty_lines: false, bom: true });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let line = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const start = line;
      line += countLineBreaks(raw);
      if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
      yield { record, line: start };
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

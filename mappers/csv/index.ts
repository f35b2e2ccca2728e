// Generic CSV source (layout in docs/sources.md): one CSV file, or a folder of them, with a row per message.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CsvOptions, OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { detectDelimiter } from '../shared/delimiter.js';
import { InputError } from '../../src/errors.js';
import { checkDelimiter, checkEncoding, firstTextLine, readHead } from './decode.js';
import { headerColumns, looksLikeDataRow } from './layout.js';
import { readCsvFiles, type CsvFile } from './read.js';

const EXTENSIONS = ['.csv', '.tsv'];

function isCsvName(name: string): boolean {
  const lower = name.toLowerCase();
  return EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** The CSV files of a source: the file itself, or a folder's top-level .csv/.tsv files in name order. */
async function csvFiles(path: string): Promise<CsvFile[]> {
  const info = await stat(path);
  if (info.isFile()) return [{ path, name: path.split(/[\\/]/).pop() ?? path }];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && isCsvName(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => ({ path: join(path, name), name }));
}

/** True when the file's first line is our header, or header-less data in the documented column order. */
async function sniff(path: string, csv: CsvOptions): Promise<boolean> {
  const line = firstTextLine((await readHead(path, csv.encoding ?? 'utf-8', 16 * 1024)).replace(/^\ufeff/, ''));
  if (line.trim() === '') return false;
  let row: string[] | undefined;
  try {
    row = (parse(line, { delimiter: csv.delimiter ?? detectDelimiter(line), relax_quotes: true }) as string[][])[0];
  } catch {
    return false;
  }
  return row !== undefined && (headerColumns(row) !== undefined || looksLikeDataRow(row));
}

/** Reads with the delimiter and encoding of `options.csv` (auto-detected delimiter and UTF-8 by default). */
export const csvMapper: SourceMapper = {
  kind: 'csv',
  async detect(path: string, options: Pick<OpenOptions, 'csv'> = {}): Promise<boolean> {
    const csv = options.csv ?? {};
    try {
      const info = await stat(path);
      if (info.isFile()) return isCsvName(path) && (await sniff(path, csv));
      const files = await csvFiles(path);
      if (files.length === 0) return false;
      for (const file of files) if (!(await sniff(file.path, csv))) return false;
      return true;
    } catch {
      return false;
    }
  },
  async open(path: string, options: OpenOptions): Promise<SourceExport> {
    const csv = options.csv ?? {};
    if (csv.encoding) checkEncoding(csv.encoding);
    if (csv.delimiter !== undefined) checkDelimiter(csv.delimiter);
    const files = await csvFiles(path);
    if (files.length === 0) throw new InputError(`${path}: no .csv or .tsv files`);
    return readCsvFiles('csv', files, csv, options);
  },
};

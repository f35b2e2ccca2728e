// Line-by-line reading with 1-based line numbers, for JSON Lines sources (problem reports name the line). Lines are
// split on the bytes (a UTF-8 character never holds a CR or LF byte), so a line over the cap is counted and passed
// over without its bytes being kept: one huge line (a log pasted into a message) costs bounded memory.
import type { Readable } from 'node:stream';
import type { RecordOrigin, Skip } from '../../src/model.js';
import { Utf8Counter } from './utf8.js';
import { formatBytes } from './zip-limits.js';

/** The longest line read: far above any one message (1,000,000 characters are at most ~6 MB of JSON). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** A line's text, or, for a line over the cap, only its length in bytes. */
export type NumberedLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly text?: undefined; readonly bytes: number };

const LF = 0x0a;
const CR = 0x0d;

/**
 * Yields every line of a UTF-8 stream (a leading byte-order mark dropped), blank lines included. Line ends are
 * LF, CRLF or a lone CR, as Node's readline has them. Invalid UTF-8 is read as U+FFFD and counted in `utf8`
 * (a line break byte always ends a bad sequence, so line by line counts as the whole file would). A line over
 * the cap is not decoded, nor counted.
 */
export async function* readLines(source: Readable, { maxBytes = MAX_LINE_BYTES, utf8 = new Utf8Counter() } = {}): AsyncGenerator<NumberedLine> {
  let parts: Buffer[] = [];
  let bytes = 0;
  let line = 0;
  let afterCr = false;
  const keep = (chunk: Buffer, from: number, to: number, copy: boolean): void => {
    if (to <= from) return;
    bytes += to - from;
    if (bytes > maxBytes) parts = [];
    // The chunk's tail waits for the next chunk: copied, since a stream may reuse its buffer.
    else parts.push(copy ? Buffer.from(chunk.subarray(from, to)) : chunk.subarray(from, to));
  };
  const end = (): NumberedLine => {
    line += 1;
    const length = bytes;
    const kept = parts;
    parts = [];
    bytes = 0;
    if (length > maxBytes) return { line, bytes: length };
    const text = utf8.decodePiece(kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept));
    return { line, text: line === 1 && text.startsWith('\ufeff') ? text.slice(1) : text };
  };
  try {
    for await (const data of source) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
      let from = afterCr && chunk[0] === LF ? 1 : 0;
      afterCr = false;
      let lf = chunk.indexOf(LF, from);
      let cr = chunk.indexOf(CR, from);
      while (from < chunk.length) {
        if (lf !== -1 && lf < from) lf = chunk.indexOf(LF, from);
        if (cr !== -1 && cr < from) cr = chunk.indexOf(CR, from);
        const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (at === -1) {
          keep(chunk, from, chunk.length, true);
          break;
        }
        keep(chunk, from, at, false);
        yield end();
        from = at + 1;
        if (at === cr) {
          if (from === chunk.length) afterCr = true;
          else if (chunk[from] === LF) from += 1;
        }
      }
    }
    if (bytes > 0) yield end();
  } finally {
    source.destroy();
  }
}

/** The skip for a line over the cap, naming the file and line. */
export function lineTooLarge(file: string, line: { line: number; bytes: number }): Skip {
  const origin: RecordOrigin = { file, record: line.line };
  return { code: 'line_too_large', reason: `line ${line.line} holds ${formatBytes(line.bytes)}, over the ${formatBytes(MAX_LINE_BYTES)} read; not read`, origin };
}

/** The first non-blank line of a stream, read no further (for detection). */
export async function firstLine(source: Readable, maxBytes = 64 * 1024): Promise<string | undefined> {
  let text = '';
  try {
    for await (const chunk of source) {
      text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      const trimmed = text.replace(/^\ufeff/, '').replace(/^\s*\n/, '');
      const end = trimmed.indexOf('\n');
      if (end >= 0) return trimmed.slice(0, end).replace(/\r$/, '');
      if (text.length > maxBytes) return trimmed;
    }
    const trimmed = text.replace(/^\ufeff/, '').trim();
    return trimmed === '' ? undefined : trimmed;
  } finally {
    source.destroy();
  }
}

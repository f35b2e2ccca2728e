// Line-by-line reading with 1-based line numbers, for JSON Lines sources (problem reports name the line).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Yields every line of a UTF-8 stream (a leading byte-order mark dropped), blank lines included. */
export async function* readLines(source: Readable): AsyncGenerator<NumberedLine> {
  source.setEncoding('utf8');
  const reader = createInterface({ input: source, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of reader) {
      line += 1;
      const text = line === 1 && raw.startsWith('\ufeff') ? raw.slice(1) : raw;
      yield { line, text };
    }
  } finally {
    reader.close();
    source.destroy();
  }
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

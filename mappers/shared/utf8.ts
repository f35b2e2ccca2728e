// Text files that claim UTF-8 but are not (a bad export tool, a copy through a legacy code page): decoded anyway,
// every invalid byte sequence read as U+FFFD as browsers do, and the number of replacements told so it is counted.
import { Buffer, isUtf8 } from 'node:buffer';

const REPLACEMENT = '\ufffd';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

export interface DecodedText {
  readonly text: string;
  /** Invalid byte sequences replaced by U+FFFD (0 for valid UTF-8). */
  readonly replaced: number;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * The same count for a file read in chunks (a streamed day file): replacements in the decoded text, less the
 * U+FFFD written on purpose, found across chunk ends too (the last two bytes of a chunk are kept for the next).
 */
export class Utf8Counter {
  private readonly decoder = new TextDecoder('utf-8');
  private tail = Buffer.alloc(0);
  private inText = 0;
  private written = 0;

  add(chunk: Buffer): void {
    this.inText += replacementsIn(this.decoder.decode(chunk, { stream: true }));
    const joined = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    this.written += occurrences(joined, REPLACEMENT_BYTES);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - 2)));
  }

  /** Invalid byte sequences in the whole file; call once, after the last chunk. */
  end(): number {
    return this.inText + replacementsIn(this.decoder.decode()) - this.written;
  }
}

function replacementsIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) count++;
  return count;
}

export function decodeUtf8(bytes: Buffer): DecodedText {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, replaced: 0 };
  // U+FFFD written on purpose (valid UTF-8 EF BF BD) is not a replacement.
  return { text, replaced: replacementsIn(text) - occurrences(bytes, REPLACEMENT_BYTES) };
}

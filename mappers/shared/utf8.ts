// Text files that claim UTF-8 but are not (a bad export tool, a copy through a legacy code page): decoded anyway,
// every invalid byte sequence read as U+FFFD as browsers do, and the number of replacements told so it is counted
// (one invalid_utf8 problem per file, naming it: invalidUtf8Skip).
import { Buffer, isUtf8 } from 'node:buffer';
import type { Skip } from '../../src/model.js';

const REPLACEMENT = '\ufffd';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

export interface DecodedText {
  readonly text: string;
  /** Invalid byte sequences replaced by U+FFFD (0 for valid UTF-8). */
  readonly replaced: number;
}

function occurrences(haystack: Uint8Array, needle: Buffer): number {
  const bytes = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  let count = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) count++;
  return count;
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

/**
 * One file's UTF-8 decoding, counting the invalid sequences as it goes: the U+FFFD in the decoded text, less those
 * the file holds on purpose. A file streamed in chunks goes through decode() then end() (a sequence cut by a chunk
 * end waits for the next chunk, and a purposeful U+FFFD split across two chunks is still found: the last two bytes
 * of each chunk are kept); a file split on its own into self-contained pieces (lines) goes through decodePiece().
 * Use one of the two ways per counter.
 */
export class Utf8Counter {
  private readonly decoder = new TextDecoder('utf-8');
  private tail: Uint8Array = Buffer.alloc(0);
  private inText = 0;
  private written = 0;

  /** Invalid byte sequences in what was decoded so far (the whole file once end() was called). */
  get replaced(): number {
    return this.inText - this.written;
  }

  /** The text of the next chunk of the file. */
  decode(chunk: Uint8Array): string {
    const text = this.decoder.decode(chunk, { stream: true });
    const inText = replacementsIn(text);
    // A U+FFFD in the bytes completes in this chunk's text, so a chunk whose text has none holds none either.
    if (inText > 0) {
      this.inText += inText;
      const across = Buffer.concat([this.tail, chunk.subarray(0, REPLACEMENT_BYTES.length - 1)]);
      this.written += occurrences(across, REPLACEMENT_BYTES) + occurrences(chunk, REPLACEMENT_BYTES);
    }
    const keep = REPLACEMENT_BYTES.length - 1;
    this.tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.tail, chunk]).subarray(-keep);
    return text;
  }

  /** The text held back at the end of the file (a sequence cut there is one more replacement). */
  end(): string {
    const text = this.decoder.decode();
    this.inText += replacementsIn(text);
    return text;
  }

  /** The text of a piece that ends where a character may end (a line, split at its line break). */
  decodePiece(bytes: Buffer): string {
    const { text, replaced } = decodeUtf8(bytes);
    this.inText += replaced;
    return text;
  }
}

/** The problem telling that `file` was not valid UTF-8, or undefined when it was. */
export function invalidUtf8Skip(file: string, replaced: number): Skip | undefined {
  if (replaced === 0) return undefined;
  const reason = `${file}: not valid UTF-8; ${replaced} byte sequence${replaced === 1 ? '' : 's'} read as U+FFFD (\ufffd), the rest of the file is imported`;
  return { code: 'invalid_utf8', reason, origin: { file } };
}

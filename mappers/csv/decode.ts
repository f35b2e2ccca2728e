// Decoding CSV bytes to text with a chosen encoding (any WHATWG label: utf-8, utf-16le, windows-1252,
// iso-8859-1, shift_jis…), streamed; a byte-order mark (UTF-8, UTF-16LE/BE) names the encoding and is dropped.
import { open } from 'node:fs/promises';
import { InputError } from '../../src/errors.js';
import { bomEncoding } from '../shared/text-decode.js';

/** Throws a clear error for an encoding label Node does not know. */
export function checkEncoding(encoding: string): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw new InputError(`--csv-encoding: unknown text encoding "${encoding}" (use a label such as utf-8, utf-16le, windows-1252)`);
  }
}

/** Throws a clear error for a --csv-delimiter that is not one character (the reader follows quoting char by char). */
export function checkDelimiter(delimiter: string): void {
  if (delimiter.length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new InputError(`--csv-delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)} (for a tab, pass $'\\t' in bash)`);
  }
}

/** The decoded first `bytes` of a file (for sniffing the delimiter and the header). */
export async function readHead(path: string, encoding: string, bytes = 64 * 1024): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    const head = buffer.subarray(0, bytesRead);
    return new TextDecoder(bomEncoding(head) ?? encoding).decode(head);
  } finally {
    await handle.close();
  }
}

/** The first line of a text (quotes are not followed: a header row never spans lines). */
export function firstTextLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

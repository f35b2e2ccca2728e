// Decoding CSV bytes to text with a chosen encoding (any WHATWG label: utf-8, utf-16le, windows-1252,
// iso-8859-1, shift_jis…), streamed; a byte-order mark is dropped.
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';

/** Throws a clear error for an encoding label Node does not know. */
export function checkEncoding(encoding: string): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw new Error(`unknown text encoding "${encoding}" (use a label such as utf-8, utf-16le, windows-1252)`);
  }
}

export function decoder(encoding: string): Transform {
  const text = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, text.decode(chunk, { stream: true }));
    },
    flush(callback) {
      const rest = text.decode();
      callback(null, rest === '' ? undefined : rest);
    },
  });
}

/** The decoded first `bytes` of a file (for sniffing the delimiter and the header). */
export async function readHead(path: string, encoding: string, bytes = 64 * 1024): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return new TextDecoder(encoding).decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The first line of a text (quotes are not followed: a header row never spans lines). */
export function firstTextLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

// Bytes → text for the text formats we stream (CSV, JSON): a byte-order mark says which Unicode encoding the file
// is in and wins over the default (a UTF-16 CSV saved by Excel or PowerShell carries one); the mark itself is
// dropped. Without a mark the caller's encoding (UTF-8 unless --csv-encoding says otherwise) is used. A file read
// as UTF-8 goes through the caller's Utf8Counter, which counts its invalid sequences for the reader to report.
import { Transform, type Readable } from 'node:stream';
import { Utf8Counter } from './utf8.js';

/** The encoding a byte-order mark at the start of `head` announces, if any. */
export function bomEncoding(head: Uint8Array): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** What decodes a file: `utf8` when the encoding is UTF-8 under any of its labels, else a plain TextDecoder. */
function decoderFor(encoding: string, utf8: Utf8Counter): Pick<Utf8Counter, 'decode' | 'end'> {
  const decoder = new TextDecoder(encoding);
  if (decoder.encoding === 'utf-8') return utf8;
  return { decode: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}

/**
 * A bytes-in, strings-out transform decoding with the BOM's encoding, else `fallback`. UTF-8 is decoded by
 * `utf8`, so the caller reads its `replaced` count once the text was read.
 */
export function bomAwareDecoder(fallback = 'utf-8', utf8 = new Utf8Counter()): Transform {
  let decoder: Pick<Utf8Counter, 'decode' | 'end'> | undefined;
  let head = Buffer.alloc(0);
  const emit = (text: string) => (text === '' ? undefined : text);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!decoder) {
        // Wait for 3 bytes (or the end) before choosing: a chunk may end inside the mark.
        head = Buffer.concat([head, bytes]);
        if (head.length < 3) return callback();
        decoder = decoderFor(bomEncoding(head) ?? fallback, utf8);
        const text = decoder.decode(head);
        head = Buffer.alloc(0);
        return callback(null, emit(text));
      }
      callback(null, emit(decoder.decode(bytes)));
    },
    flush(callback) {
      decoder ??= decoderFor(bomEncoding(head) ?? fallback, utf8);
      const rest = (head.length > 0 ? decoder.decode(head) : '') + decoder.end();
      callback(null, emit(rest));
    },
  });
}

/**
 * `source` decoded as above; a read error of `source` (EACCES, EISDIR…) reaches the reader of the text. Invalid
 * UTF-8 is counted in `utf8` (see bomAwareDecoder).
 */
export function decodeStream(source: Readable, fallback = 'utf-8', utf8?: Utf8Counter): Readable {
  const text = bomAwareDecoder(fallback, utf8);
  source.on('error', (error) => text.destroy(error));
  return source.pipe(text);
}

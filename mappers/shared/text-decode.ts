// Bytes → text for the text formats we stream (CSV, JSON): a byte-order mark says which Unicode encoding the file
// is in and wins over the default (a UTF-16 CSV saved by Excel or PowerShell carries one); the mark itself is
// dropped. Without a mark the caller's encoding (UTF-8 unless --csv-encoding says otherwise) is used.
import { Transform, type Readable } from 'node:stream';

/** The encoding a byte-order mark at the start of `head` announces, if any. */
export function bomEncoding(head: Uint8Array): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** A bytes-in, strings-out transform decoding with the BOM's encoding, else `fallback`. */
export function bomAwareDecoder(fallback = 'utf-8'): Transform {
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer | string, _encoding, callback) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!decoder) {
        // Wait for 3 bytes (or the end) before choosing: a chunk may end inside the mark.
        head = Buffer.concat([head, bytes]);
        if (head.length < 3) return callback();
        decoder = new TextDecoder(bomEncoding(head) ?? fallback);
        const text = decoder.decode(head, { stream: true });
        head = Buffer.alloc(0);
        return callback(null, text === '' ? undefined : text);
      }
      const text = decoder.decode(bytes, { stream: true });
      callback(null, text === '' ? undefined : text);
    },
    flush(callback) {
      decoder ??= new TextDecoder(bomEncoding(head) ?? fallback);
      const rest = decoder.decode(head.length > 0 ? head : undefined);
      callback(null, rest === '' ? undefined : rest);
    },
  });
}

/** `source` decoded as above; a read error of `source` (EACCES, EISDIR…) reaches the reader of the text. */
export function decodeStream(source: Readable, fallback = 'utf-8'): Readable {
  const text = bomAwareDecoder(fallback);
  source.on('error', (error) => text.destroy(error));
  return source.pipe(text);
}

// An entry's bytes, checked as they come: never more than its declared size (a header may understate it to slip
// a bomb past zip-limits.ts; decompression stops at the first byte over), not fewer, and with the CRC-32 the zip
// recorded, so a damaged entry fails loudly instead of handing on altered text.
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { DamagedZipError } from '../../src/errors.js';
import { errorDetail } from './zip-error.js';

export interface ExpectedEntry {
  readonly zipPath: string;
  /** The entry's name, printable. */
  readonly name: string;
  readonly size: number;
  readonly crc32: number;
}

type Crc32 = (data: Buffer, value: number) => number;
// zlib.crc32 arrived in Node 20.15; on an older Node 20 the checksum is not verified (sizes still are).
export const crc32 = (zlib as { crc32?: Crc32 }).crc32;

/** Why an entry's content is not what its header declared: worded once for the streamed and the whole reads. */
export const contentMismatch = {
  tooLong: (size: number): string => `it expands past the ${size} bytes its header declares`,
  tooShort: (bytes: number, size: number): string => `it ends after ${bytes} of its ${size} bytes`,
  checksum: 'its CRC-32 checksum does not match its content',
};

export function checkedEntryStream(source: Readable, expected: ExpectedEntry): Readable {
  const damaged = (why: string): DamagedZipError => new DamagedZipError(expected.zipPath, why, expected.name);
  async function* checked(): AsyncGenerator<Buffer> {
    const chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let bytes = 0;
    let crc = 0;
    try {
      for (;;) {
        let step: IteratorResult<Buffer>;
        // Only the source's own failures (I/O, inflate) mean a damaged entry; a consumer that stops early or
        // fails is not the zip's fault, so the wrapping stays around `next()`.
        try {
          step = await chunks.next();
        } catch (error) {
          throw damaged(errorDetail(error));
        }
        if (step.done) break;
        const chunk = step.value;
        bytes += chunk.length;
        if (bytes > expected.size) throw damaged(contentMismatch.tooLong(expected.size));
        if (crc32) crc = crc32(chunk, crc);
        yield chunk;
      }
    } finally {
      // Stops decompression when we stop early (an error above, or the consumer destroying the stream).
      await chunks.return?.();
    }
    if (bytes < expected.size) throw damaged(contentMismatch.tooShort(bytes, expected.size));
    if (crc32 && crc >>> 0 !== expected.crc32 >>> 0) throw damaged(contentMismatch.checksum);
  }
  return Readable.from(checked(), { objectMode: false });
}

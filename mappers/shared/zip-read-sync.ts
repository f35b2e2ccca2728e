// A zip entry's bytes, read and checked in one synchronous call. Day files are read one after another between
// mapping steps, and through yauzl's streams each one costs several event-loop turns that mapping keeps busy:
// validating a 47,000-file zip took 90 s against 48 s for the same export unzipped. yauzl still reads the central
// directory and each entry is judged there (zip-limits.ts); this only reads what was located then: the local
// header (for where the data starts, as yauzl's readLocalFileHeader does), the data, and inflates it, with the same
// size and CRC-32 checks as the streaming path (zip-stream.ts).
import { inflateRawSync } from 'node:zlib';
import type { ZipEntryLocation } from './zip-entry-table.js';
import { DamagedZipError } from '../../src/errors.js';
import { errorDetail } from './zip-error.js';
import { REUSED_BUFFER_MAX_BYTES, reusedBufferSize } from './reused-buffer.js';
import type { ZipFileReader } from './zip-file-reader.js';
import { LOCAL_HEADER_BYTES } from './zip-limits.js';
import { nameHash } from './zip-overlap.js';
import { contentMismatch, crc32 } from './zip-stream.js';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
/** A local header naming another file than the central directory does: a crafted zip, refused before inflating. */
export const LOCAL_NAME_MISMATCH = 'its local header names another file than the central directory does';

export class ZipDataReader {
  private scratch: Buffer | undefined;
  private readonly header = Buffer.alloc(LOCAL_HEADER_BYTES);

  constructor(
    private readonly zipPath: string,
    private readonly file: ZipFileReader,
  ) {}

  /**
   * The entry's content. With `reuse`, a stored entry's bytes may sit in a buffer the next call overwrites (see
   * SourceTree.readWholeSync); a deflated entry's compressed bytes always do, and its content never.
   */
  read(name: string, location: ZipEntryLocation, reuse: boolean): Buffer {
    const damaged = (why: string): DamagedZipError => new DamagedZipError(this.zipPath, why, name);
    const { offset, compressedSize, size, deflated } = location;
    if (this.readAt(this.header, offset) < LOCAL_HEADER_BYTES) throw damaged('its local header lies past the end of the zip');
    const signature = this.header.readUInt32LE(0);
    if (signature !== LOCAL_HEADER_SIGNATURE) throw damaged(`invalid local file header signature: 0x${signature.toString(16)}`);
    const nameLength = this.header.readUInt16LE(26);
    const localName = Buffer.allocUnsafe(nameLength);
    if (this.readAt(localName, offset + LOCAL_HEADER_BYTES) < nameLength || nameHash(localName) !== location.nameHash) throw damaged(LOCAL_NAME_MISMATCH);
    const dataStart = offset + LOCAL_HEADER_BYTES + nameLength + this.header.readUInt16LE(28);
    const data = deflated || reuse ? this.scratchOf(compressedSize) : Buffer.allocUnsafe(compressedSize);
    if (this.readAt(data, dataStart) < compressedSize) throw damaged('its data runs past the end of the zip (the zip is truncated)');
    let content = data;
    if (deflated) {
      try {
        // One byte over the declared size is enough to know the header lied; inflating stops there.
        content = inflateRawSync(data, { maxOutputLength: size + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw damaged(contentMismatch.tooLong(size));
        throw damaged(errorDetail(error));
      }
    }
    if (content.length > size) throw damaged(contentMismatch.tooLong(size));
    if (content.length < size) throw damaged(contentMismatch.tooShort(content.length, size));
    if (crc32 && crc32(content, 0) >>> 0 !== location.crc32 >>> 0) throw damaged(contentMismatch.checksum);
    return content;
  }

  private readAt(target: Buffer, position: number): number {
    return this.file.readAt(target, 0, target.length, position);
  }

  private scratchOf(bytes: number): Buffer {
    if (bytes > REUSED_BUFFER_MAX_BYTES) return Buffer.allocUnsafe(bytes);
    if (!this.scratch || this.scratch.length < bytes) this.scratch = Buffer.allocUnsafeSlow(reusedBufferSize(bytes));
    return this.scratch.subarray(0, bytes);
  }
}

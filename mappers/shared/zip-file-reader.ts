// The zip file under yauzl, read with synchronous positioned reads. yauzl reads the central directory one entry at a
// time, each with its own fs.read through the thread pool: two event-loop round trips an entry, which took 1.5 s
// of waiting for a 4,900-file export and 15 s for 47,000. Here those small reads are served at once (yauzl's
// documented RandomAccessReader.read, "like fs.read", answering on the next tick), and entry data can be read the
// same way (zip-read-sync.ts). Streams of entry data are still plain file streams.
import { closeSync, createReadStream, fstatSync, openSync, read, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

function keepOpen(_fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void {
  callback(null);
}

export class ZipFileReader extends yauzl.RandomAccessReader {
  private fd: number | undefined;
  readonly size: number;

  /** Opens the file; throws the system error (ENOENT, EACCES…) when it cannot be. */
  constructor(path: string) {
    super();
    const fd = openSync(path, 'r');
    try {
      this.size = fstatSync(fd).size;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.fd = fd;
  }

  /** Up to `length` bytes at `position` into `target` from `offset`; fewer only at the end of the file. */
  readAt(target: Buffer, offset: number, length: number, position: number): number {
    if (this.fd === undefined) throw new Error('the zip file is closed');
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, target, offset + done, length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return done;
  }

  override read(target: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    let bytesRead = 0;
    let failure: Error | null = null;
    try {
      bytesRead = this.readAt(target, offset, length, position);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    // Asynchronously, as fs.read answers: yauzl may call read again from the callback.
    process.nextTick(callback, failure, bytesRead);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (this.fd === undefined) throw new Error('the zip file is closed');
    // The file is shared by every entry's stream and closed once, by close() below. A file stream that is destroyed
    // (a consumer stopping early) closes its fd whatever autoClose says, so its close is made a no-op here.
    return createReadStream('', { fd: this.fd, start, end: end - 1, autoClose: false, fs: { read, close: keepOpen } });
  }

  /** Called by yauzl once the zip is closed and no entry stream is reading any more. */
  override close(callback: (error: Error | null) => void): void {
    let failure: Error | null = null;
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    this.fd = undefined;
    process.nextTick(callback, failure);
  }
}

// Export fingerprints: a sha256 over the bytes of every file a mapper reads, taken while the first pass streams
// them (no second read). The same export gives the same fingerprint on every run; any edit changes it, so the
// checkpoint refuses to resume against a different export.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

export class Fingerprint {
  private readonly hash: Hash = createHash('sha256');

  constructor(kind: string) {
    this.hash.update(`chat-import:${kind}\u0000`);
  }

  /** Mixes a label and a value that are not file bytes (an option that changes how the export is read). */
  note(text: string): void {
    this.hash.update(`${text}\u0000`);
  }

  /** Passes `source` through unchanged while hashing it under `label` (the file's name in the export). */
  tap(source: Readable, label: string): Readable {
    this.note(label);
    const hash = this.hash;
    const through = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    source.on('error', (error) => through.destroy(error));
    return source.pipe(through);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

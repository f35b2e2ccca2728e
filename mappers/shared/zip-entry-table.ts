// Where each admitted file's data lies in the zip, kept as five numbers a file in flat arrays. yauzl's Entry for one
// file (with its raw name, extra-field and comment buffers) costs about 900 bytes, and a tree keeps it until the
// file is read, that is to the end of the run: 45 MB for the 47,000 day files of a million-message Slack export,
// held while everything else is planned. These five numbers are all that reading the file later needs.
import yauzl, { type Entry } from 'yauzl';

export interface ZipEntryLocation {
  /** Where the entry's local file header starts in the zip. */
  readonly offset: number;
  readonly compressedSize: number;
  /** Uncompressed size, as the central directory declares it. */
  readonly size: number;
  readonly crc32: number;
  /** Deflated (method 8); otherwise stored (method 0): the only two methods admitted (zip-limits.ts). */
  readonly deflated: boolean;
}

export class ZipEntryTable {
  private readonly ordinals = new Map<string, number>();
  private readonly offsets: number[] = [];
  private readonly compressedSizes: number[] = [];
  private readonly sizes: number[] = [];
  private readonly crcs: number[] = [];
  private readonly methods: number[] = [];

  add(name: string, entry: Entry): void {
    this.ordinals.set(name, this.offsets.length);
    this.offsets.push(entry.relativeOffsetOfLocalHeader);
    this.compressedSizes.push(entry.compressedSize);
    this.sizes.push(entry.uncompressedSize);
    this.crcs.push(entry.crc32);
    this.methods.push(entry.compressionMethod);
  }

  has(name: string): boolean {
    return this.ordinals.has(name);
  }

  /** The uncompressed size the central directory declares, or undefined for a name not admitted. */
  sizeOf(name: string): number | undefined {
    const at = this.ordinals.get(name);
    return at === undefined ? undefined : this.sizes[at];
  }

  locate(name: string): ZipEntryLocation | undefined {
    const at = this.ordinals.get(name);
    if (at === undefined) return undefined;
    return {
      offset: this.offsets[at] as number,
      compressedSize: this.compressedSizes[at] as number,
      size: this.sizes[at] as number,
      crc32: this.crcs[at] as number,
      deflated: this.methods[at] === 8,
    };
  }
}

/**
 * A yauzl Entry carrying only the two fields `readLocalFileHeader` reads (where the header is, how much data
 * follows), which is how yauzl's documentation describes reading an entry again later without its Entry.
 */
export function headerEntry(location: ZipEntryLocation): Entry {
  return Object.assign(new yauzl.Entry(), { relativeOffsetOfLocalHeader: location.offset, compressedSize: location.compressedSize });
}

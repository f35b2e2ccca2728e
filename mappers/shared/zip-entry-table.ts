// Where each admitted file's data lies in the zip, kept as six numbers a file in flat arrays. yauzl's Entry for one
// file (with its raw name, extra-field and comment buffers) costs about 900 bytes, and a tree keeps it until the
// file is read, that is to the end of the run: 45 MB for the 47,000 day files of a million-message Slack export,
// held while everything else is planned. These six numbers are all that reading the file later needs.
import yauzl, { type Entry } from 'yauzl';
import { nameHash } from './zip-overlap.js';

export interface ZipEntryLocation {
  /** Where the entry's local file header starts in the zip. */
  readonly offset: number;
  readonly compressedSize: number;
  /** Uncompressed size, as the central directory declares it. */
  readonly size: number;
  readonly crc32: number;
  /** Deflated (method 8); otherwise stored (method 0): the only two methods admitted (zip-limits.ts). */
  readonly deflated: boolean;
  /** The central directory's raw name, hashed: the local header must name the same file (zip-overlap.ts). */
  readonly nameHash: number;
}

export class ZipEntryTable {
  /** Name → row: while listing, every entry (to find duplicates); after `seal`, the kept files only. */
  private readonly rows = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly offsets: number[] = [];
  private readonly compressedSizes: number[] = [];
  private readonly sizes: number[] = [];
  private readonly crcs: number[] = [];
  private readonly methods: number[] = [];
  private readonly nameHashes: number[] = [];
  private sealed = false;

  add(name: string, entry: Entry): void {
    if (this.sealed) throw new Error('ZipEntryTable: add after seal');
    this.rows.set(name, this.names.length);
    this.names.push(name);
    this.offsets.push(entry.relativeOffsetOfLocalHeader);
    this.compressedSizes.push(entry.compressedSize);
    this.sizes.push(entry.uncompressedSize);
    this.crcs.push(entry.crc32);
    this.methods.push(entry.compressionMethod);
    this.nameHashes.push(nameHash(entry.fileNameRaw));
  }

  /** While listing: whether an entry of that name was already added. */
  has(name: string): boolean {
    if (this.sealed) throw new Error('ZipEntryTable: has after seal');
    return this.rows.has(name);
  }

  /**
   * Ends the listing. The files `keep` accepts become the tree's index (name → size, in central-directory order);
   * the others are forgotten, and the name list is let go.
   */
  seal(keep: (name: string) => boolean): Map<string, number> {
    const kept = new Map<string, number>();
    this.names.forEach((name, row) => {
      if (keep(name)) kept.set(name, this.sizes[row] as number);
      else this.rows.delete(name);
    });
    this.names.length = 0;
    this.sealed = true;
    return kept;
  }

  /** Where a kept file's data is, or undefined for a name not kept. Only after `seal`. */
  locate(name: string): ZipEntryLocation | undefined {
    if (!this.sealed) throw new Error('ZipEntryTable: locate before seal');
    const at = this.rows.get(name);
    if (at === undefined) return undefined;
    return {
      offset: this.offsets[at] as number,
      compressedSize: this.compressedSizes[at] as number,
      size: this.sizes[at] as number,
      crc32: this.crcs[at] as number,
      deflated: this.methods[at] === 8,
      nameHash: this.nameHashes[at] as number,
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

// What every reader of an export sees, whether it came as a .zip or as a folder (see source-tree.ts).
import type { Readable } from 'node:stream';
import type { Skip } from '../../src/model.js';

export interface TreeEntry {
  readonly name: string;
  readonly size: number;
}

export interface SourceTree {
  /** The path that was opened. */
  readonly path: string;
  readonly isZip: boolean;
  /** Every file, '/'-separated and relative to the root; folders and macOS `__MACOSX/` noise left out. */
  readonly entries: ReadonlyMap<string, TreeEntry>;
  /**
   * Entries that will never be read, each with a reason naming it: unsafe names, zip-bomb entries, damaged or
   * encrypted entries, links and special files in a folder. Mappers add them to their `tableSkips`.
   */
  readonly skipped: readonly Skip[];
  /** The entry's bytes. For a zip, the stream fails with a DamagedZipError when the data is damaged. */
  open(name: string): Promise<Readable>;
  /**
   * A folder's file, read whole and synchronously. Day files are small and read one after another: a synchronous
   * read costs microseconds, where an async one waits for several event-loop turns that mapping keeps busy.
   * With `reuse`, the bytes are read into a buffer the tree keeps for the next such call, and are only valid
   * until then (see readEntryText, the one caller that asks).
   */
  readWholeSync?(name: string, reuse?: boolean): Buffer;
  close(): Promise<void>;
}

/** Names no export tool writes on purpose: macOS resource forks and Finder metadata. */
export function isNoise(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').includes('.DS_Store');
}

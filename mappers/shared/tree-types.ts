// What every reader of an export sees, whether it came as a .zip or as a folder (see source-tree.ts).
import type { Readable } from 'node:stream';
import type { Skip } from '../../src/model.js';

export interface SourceTree {
  /** The path that was opened. */
  readonly path: string;
  readonly isZip: boolean;
  /**
   * Every file's size in bytes (uncompressed, for a zip) by name: '/'-separated and relative to the root, sorted
   * for a folder and in central-directory order for a zip; folders and macOS `__MACOSX/` noise left out.
   */
  readonly entries: ReadonlyMap<string, number>;
  /**
   * Entries that will never be read, each with a reason naming it: unsafe names, zip-bomb entries, damaged or
   * encrypted entries, links and special files in a folder. Mappers add them to their `tableSkips`.
   */
  readonly skipped: readonly Skip[];
  /** The entry's bytes. For a zip, the stream fails with a DamagedZipError when the data is damaged. */
  open(name: string): Promise<Readable>;
  /**
   * A file, read whole and synchronously (from a zip: inflated and checked, see zip-read-sync.ts). Day files are
   * small and read one after another: a synchronous read costs microseconds, where an async one waits for several
   * event-loop turns that mapping keeps busy.
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

/**
 * A folder named like a data file ("users.json/", "general/2024-01-02.json/"): where a reader expects that file,
 * so it is reported as a `not_a_file` skip instead of the file silently missing. `name` has no trailing slash.
 */
export function folderNamedLikeFile(name: string): Skip | undefined {
  if (!/\.(json|jsonl|ndjson|csv|tsv)$/i.test(name)) return undefined;
  return { code: 'not_a_file', reason: `${name}: a folder, where a file of that name is expected; not read`, origin: { file: name } };
}

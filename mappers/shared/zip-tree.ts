// A zip read in place with yauzl: the central directory is read once (names, sizes), each entry is decompressed
// only when asked for, and neither memory nor disk ever holds the whole archive. Every entry is judged on its own
// (zip-names.ts, zip-limits.ts): a bad one is skipped with a reason, and only a zip with no readable central
// directory fails as a whole, with a DamagedZipError.
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Skip } from '../../src/model.js';
import { isNoise, type SourceTree, type TreeEntry } from './tree-types.js';
import { DamagedZipError } from './zip-error.js';
import { DEFAULT_ZIP_LIMITS, refuseEntry, type ZipLimits } from './zip-limits.js';
import { decodeEntryName, normalizeName, printableName, unsafeNameReason } from './zip-names.js';
import { checkedEntryStream } from './zip-stream.js';

export interface ZipListing {
  readonly zip: ZipFile;
  /** Admitted entries by normalized name; folders end in '/'. */
  readonly entries: ReadonlyMap<string, Entry>;
  readonly skipped: readonly Skip[];
}

function detail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ENOENT, EACCES, EISDIR…: the file could not be read at all, which says nothing about its content. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

async function openZip(path: string): Promise<ZipFile> {
  try {
    // decodeStrings off: names are decoded and judged per entry (zip-names.ts). validateEntrySizes off: sizes are
    // judged per entry (zip-limits.ts) and enforced while streaming (zip-stream.ts). yauzl's own checks would fail
    // the whole zip on the first bad entry.
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    if (isSystemError(error)) throw error;
    throw new DamagedZipError(path, detail(error));
  }
}

/** Reads the central directory. The caller closes `zip`. */
export async function listZip(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipListing> {
  const zip = await openZip(path);
  const entries = new Map<string, Entry>();
  const skipped: Skip[] = [];
  const skip = (file: string, code: string, why: string): void => {
    skipped.push({ code, reason: `${file}: ${why}; not read`, origin: { file } });
  };
  let admittedBytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const decoded = decodeEntryName(entry);
      const unsafe = unsafeNameReason(decoded);
      if (unsafe !== undefined) {
        skip(printableName(decoded), 'zip_unsafe_name', unsafe);
        continue;
      }
      const name = normalizeName(decoded);
      if (name.endsWith('/')) {
        entries.set(name, entry);
        continue;
      }
      if (entries.has(name)) {
        skip(name, 'zip_duplicate_entry', 'the zip holds an earlier entry with the same name, which is the one read');
        continue;
      }
      const refusal = refuseEntry(entry, zip.fileSize, admittedBytes, limits);
      if (refusal) {
        skip(name, refusal.code, refusal.why);
        continue;
      }
      admittedBytes += entry.uncompressedSize;
      entries.set(name, entry);
    }
  } catch (error) {
    zip.close();
    if (isSystemError(error)) throw error;
    throw new DamagedZipError(path, detail(error));
  }
  return { zip, entries, skipped };
}

export async function openZipTree(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SourceTree> {
  const { zip, entries: all, skipped } = await listZip(path, limits);
  const entries = new Map<string, TreeEntry>();
  for (const [name, entry] of all) {
    if (!name.endsWith('/') && !isNoise(name)) entries.set(name, { name, size: entry.uncompressedSize });
  }
  return {
    path,
    isZip: true,
    entries,
    skipped,
    async open(name: string): Promise<Readable> {
      const entry = entries.has(name) ? all.get(name) : undefined;
      if (!entry) throw new Error(`${path}: no entry ${name}`);
      if (!zip.isOpen) throw new Error(`${path}: the zip was closed before ${name} was read`);
      let raw: Readable;
      try {
        raw = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw new DamagedZipError(path, detail(error), name);
      }
      return checkedEntryStream(raw, { zipPath: path, name, size: entry.uncompressedSize, crc32: entry.crc32 });
    },
    async close() {
      zip.close();
    },
  };
}

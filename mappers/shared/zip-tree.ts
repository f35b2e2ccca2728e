// A zip read in place with yauzl: the central directory is read once (names, sizes), each entry is decompressed
// only when asked for, and neither memory nor disk ever holds the whole archive. Every entry is judged on its own
// (zip-names.ts, zip-limits.ts): a bad one is skipped with a reason, and only a zip with no readable central
// directory fails as a whole, with a DamagedZipError.
import type { Readable } from 'node:stream';
import yauzl, { type ZipFile } from 'yauzl';
import type { Skip } from '../../src/model.js';
import { folderNamedLikeFile, isNoise, type SourceTree } from './tree-types.js';
import { headerEntry, ZipEntryTable, type ZipEntryLocation } from './zip-entry-table.js';
import { ZipFileReader } from './zip-file-reader.js';
import { nameHash, overlappingEntries, type Extent } from './zip-overlap.js';
import { LOCAL_NAME_MISMATCH, ZipDataReader } from './zip-read-sync.js';
import { DamagedZipError } from '../../src/errors.js';
import { errorDetail } from './zip-error.js';
import { DEFAULT_ZIP_LIMITS, refuseEntry, type ZipLimits } from './zip-limits.js';
import { decodeEntryName, normalizeName, printableName, unsafeNameReason } from './zip-names.js';
import { checkedEntryStream } from './zip-stream.js';

export interface ZipListing {
  /** Closed with `zip.close()`, which closes the file once no entry is being read. */
  readonly zip: ZipFile;
  readonly file: ZipFileReader;
  /** Every admitted name in central-directory order, normalized; folders end in '/'. */
  readonly names: readonly string[];
  /** Where each admitted file's data is (folders are not in it); `seal` it once listed. */
  readonly files: ZipEntryTable;
  readonly skipped: readonly Skip[];
  /** Files listed but refused after the listing (overlapping entries): not in `names`, left out when sealing. */
  readonly refused: ReadonlySet<string>;
}

/** ENOENT, EACCES, EISDIR…: the file could not be read at all, which says nothing about its content. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

async function openZip(path: string): Promise<{ zip: ZipFile; file: ZipFileReader }> {
  const file = new ZipFileReader(path); // a missing or unreadable file throws its system error here
  try {
    // decodeStrings off: names are decoded and judged per entry (zip-names.ts). validateEntrySizes off: sizes are
    // judged per entry (zip-limits.ts) and enforced while reading (zip-stream.ts, zip-read-sync.ts). yauzl's own
    // checks would fail the whole zip on the first bad entry.
    const zip = await yauzl.fromRandomAccessReaderPromise(file, file.size, { autoClose: false, decodeStrings: false, validateEntrySizes: false });
    return { zip, file };
  } catch (error) {
    file.close(() => {});
    if (isSystemError(error)) throw error;
    throw new DamagedZipError(path, errorDetail(error));
  }
}

/** Reads the central directory. The caller closes `zip`. */
export async function listZip(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipListing> {
  const { zip, file } = await openZip(path);
  const names: string[] = [];
  const files = new ZipEntryTable();
  const skipped: Skip[] = [];
  const skip = (file: string, code: Skip['code'], why: string): void => {
    skipped.push({ code, reason: `${file}: ${why}; not read`, origin: { file } });
  };
  let admittedBytes = 0;
  const extents: Extent[] = [];
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
        const misplaced = folderNamedLikeFile(name.slice(0, -1));
        if (misplaced) skipped.push(misplaced);
        names.push(name);
        continue;
      }
      if (files.has(name)) {
        skip(name, 'zip_duplicate_entry', 'the zip holds an earlier entry with the same name, which is the one read');
        continue;
      }
      const refusal = refuseEntry(entry, zip.fileSize, admittedBytes, limits);
      if (refusal) {
        skip(name, refusal.code, refusal.why);
        continue;
      }
      admittedBytes += entry.uncompressedSize;
      names.push(name);
      files.add(name, entry);
      extents.push({ name, offset: entry.relativeOffsetOfLocalHeader, compressedSize: entry.compressedSize });
    }
  } catch (error) {
    zip.close();
    if (isSystemError(error)) throw error;
    throw new DamagedZipError(path, errorDetail(error));
  }
  const overlapping = overlappingEntries(extents);
  for (const [name, owner] of overlapping) skip(name, 'zip_overlapping_entry', `its data overlaps the data of ${owner} (the shape of a zip bomb: one entry inflated again and again)`);
  const admitted = overlapping.size === 0 ? names : names.filter((name) => !overlapping.has(name));
  return { zip, file, names: admitted, files, skipped, refused: new Set(overlapping.keys()) };
}

export async function openZipTree(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SourceTree> {
  const { zip, file, files, skipped, refused } = await listZip(path, limits);
  const entries = files.seal((name) => !isNoise(name) && !refused.has(name));
  const reader = new ZipDataReader(path, file);
  const locate = (name: string): ZipEntryLocation => {
    const location = files.locate(name);
    if (!location) throw new Error(`${path}: no entry ${name}`);
    return location;
  };
  return {
    path,
    isZip: true,
    entries,
    skipped,
    async open(name: string): Promise<Readable> {
      const location = locate(name);
      if (!zip.isOpen) throw new Error(`${path}: the zip was closed before ${name} was read`);
      let raw: Readable;
      try {
        // Stored and deflated are the only methods admitted, and encrypted entries are refused (zip-limits.ts), so
        // the checks yauzl's openReadStream makes on a full Entry are already done.
        const { fileDataStart, fileName } = await zip.readLocalFileHeaderPromise(headerEntry(location));
        if (nameHash(fileName) !== location.nameHash) throw new Error(LOCAL_NAME_MISMATCH);
        const { compressedSize, size, deflated } = location;
        // The callback form: yauzl 3.4's openReadStreamLowLevelPromise calls openReadStream by mistake.
        raw = await new Promise<Readable>((resolve, reject) => {
          zip.openReadStreamLowLevel(fileDataStart, compressedSize, 0, compressedSize, deflated, size, (error, stream) => (error ? reject(error) : resolve(stream)));
        });
      } catch (error) {
        throw new DamagedZipError(path, errorDetail(error), name);
      }
      return checkedEntryStream(raw, { zipPath: path, name, size: location.size, crc32: location.crc32 });
    },
    readWholeSync(name, reuse = false) {
      if (!zip.isOpen) throw new Error(`${path}: the zip was closed before ${name} was read`);
      return reader.read(name, locate(name), reuse);
    },
    async close() {
      zip.close();
    },
  };
}

// What a zip entry must look like before anything reads it: a kind of data we can decode, sizes that fit the file,
// and no zip-bomb expansion. Checked from the central directory alone (no decompression); the same sizes are then
// enforced while streaming (zip-stream.ts), because a header can lie.
import type { Entry } from 'yauzl';

export interface ZipLimits {
  /** Largest uncompressed entry read. */
  readonly maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio for an entry above `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** Declared uncompressed total allowed: the larger of this and `maxTotalRatio` × the zip's own size. */
  readonly maxTotalBytes: number;
  readonly maxTotalRatio: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * - 2 GiB an entry: far above any real day file or table, and ten times Google Chat's 200 MB attachment limit, so
 *   nothing importable is lost; a larger entry could only fill memory or disk.
 * - 1000:1 past 1 MiB: deflate cannot exceed about 1032:1, and only on one byte repeated; JSON and text stay
 *   below 20:1, media near 1:1. Small entries are exempt (a tiny file of spaces is harmless).
 * - 20 GiB in total, or 100× the zip when the zip itself is larger: a real export with its files is mostly already
 *   compressed media, so its total stays close to the zip's size; overlapping-entry bombs declare terabytes.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 2 * GiB,
  maxRatio: 1000,
  ratioFloorBytes: MiB,
  maxTotalBytes: 20 * GiB,
  maxTotalRatio: 100,
};

/** Skip codes for entries refused here (stable: they are counted by code in the report). */
export type ZipRefusalCode =
  | 'zip_entry_unsupported'
  | 'zip_entry_damaged'
  | 'zip_entry_too_large'
  | 'zip_entry_ratio'
  | 'zip_total_too_large';

export interface ZipRefusal {
  readonly code: ZipRefusalCode;
  readonly why: string;
}

/** Bytes a local file header takes before the entry's data, at the least (no name, no extra field). */
export const LOCAL_HEADER_BYTES = 30;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/**
 * Why the entry is not read, or undefined when it may be. `admittedBytes` is the declared total of the entries
 * admitted before it, in central-directory order (so the choice is the same on every run).
 */
export function refuseEntry(entry: Entry, zipBytes: number, admittedBytes: number, limits: ZipLimits): ZipRefusal | undefined {
  const size = entry.uncompressedSize;
  if (entry.isEncrypted()) return { code: 'zip_entry_unsupported', why: 'it is encrypted' };
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return { code: 'zip_entry_unsupported', why: `it uses compression method ${entry.compressionMethod} (only stored and deflated entries can be read)` };
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== size) {
    return { code: 'zip_entry_damaged', why: `it is stored uncompressed but declares ${entry.compressedSize} bytes stored for ${size} bytes of content` };
  }
  if (entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + entry.compressedSize > zipBytes) {
    return { code: 'zip_entry_damaged', why: 'its data would lie past the end of the zip (the zip is truncated)' };
  }
  if (size > limits.maxEntryBytes) {
    return { code: 'zip_entry_too_large', why: `it expands to ${formatBytes(size)}, over the ${formatBytes(limits.maxEntryBytes)} limit for one entry` };
  }
  if (size > limits.ratioFloorBytes && size > entry.compressedSize * limits.maxRatio) {
    const ratio = Math.round(size / Math.max(entry.compressedSize, 1));
    return { code: 'zip_entry_ratio', why: `it expands ${ratio}:1 (${formatBytes(size)}), over the ${limits.maxRatio}:1 limit: a zip bomb` };
  }
  const budget = Math.max(limits.maxTotalBytes, limits.maxTotalRatio * zipBytes);
  if (admittedBytes + size > budget) {
    return { code: 'zip_total_too_large', why: `the entries before it already expand to ${formatBytes(admittedBytes)}, and the limit for this zip is ${formatBytes(budget)} in total` };
  }
  return undefined;
}

// The standard defence against non-recursive zip bombs (many central-directory entries pointing at one local entry,
// so a 200 KB zip inflates one 50 MB entry 200 times): no two entries' data may overlap. Judged from the central
// directory alone, before anything is inflated. Each entry's extent is at least its 30-byte local header plus its
// compressed data, so only real overlaps are caught (the local name and extra field only make an extent longer).
import { quickHash } from '../../src/plan/ids.js';
import { LOCAL_HEADER_BYTES } from './zip-limits.js';

export interface Extent {
  readonly name: string;
  readonly offset: number;
  readonly compressedSize: number;
}

/** The names of entries whose data starts inside an earlier-placed entry (by position in the zip); the first is kept. */
export function overlappingEntries(extents: readonly Extent[]): Map<string, string> {
  const byOffset = [...extents].sort((a, b) => a.offset - b.offset);
  const overlapping = new Map<string, string>();
  let end = -1;
  let owner = '';
  for (const extent of byOffset) {
    if (extent.offset < end) {
      overlapping.set(extent.name, owner);
      continue;
    }
    end = extent.offset + LOCAL_HEADER_BYTES + extent.compressedSize;
    owner = extent.name;
  }
  return overlapping;
}

/**
 * A name's raw bytes, hashed: the central directory's name, to compare with the local header's before reading.
 * The project's one fast hash (quickHash), over the bytes read as latin1, one character a byte.
 */
export function nameHash(raw: Uint8Array): number {
  return quickHash(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1'));
}

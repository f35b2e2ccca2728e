// A day file too large to read whole (one huge message, a log pasted into the chat) is streamed instead, record by
// record, with every string over the message cap cut while reading (shared/json-stream.ts): memory stays bounded
// by the day's ordinary messages, and the huge one is a counted skip naming its true length. Normal day files are
// read whole and parsed at once (read.ts), which is faster; only files over this size take the streamed path.
import type { Readable } from 'node:stream';
import { JsonReadError } from '../shared/input-error.js';
import { selectJson, type Oversized } from '../shared/json-stream.js';
import { Utf8Counter } from '../shared/utf8.js';
import type { ExportArchive } from './archive.js';

/** Day files over this size are streamed: far above any real day of messages, low enough to cap the memory. */
export const STREAMED_DAY_BYTES = 16 * 1024 * 1024;

export interface StreamedDay {
  readonly records: unknown[];
  /** Index in `records` → the over-cap string that record held. */
  readonly oversized: ReadonlyMap<number, Oversized>;
  /** Why the file could not be read to its end (the records before the damage are kept). */
  readonly failure?: string;
  /** The file is not an array (an object, a lone value): no records. */
  readonly notArray?: boolean;
  /** Invalid UTF-8 sequences read as U+FFFD (counted as a file read whole counts them; up to the damage, if any). */
  readonly replaced: number;
}

export async function streamDayFile(archive: ExportArchive, file: string): Promise<StreamedDay> {
  const records: unknown[] = [];
  const oversized = new Map<number, Oversized>();
  const utf8 = new Utf8Counter();
  try {
    const source = (await archive.openStream(file)) as Readable;
    for await (const { path, value, oversized: cut } of selectJson(source, (p) => p.length === 1, { utf8 })) {
      // A member of a top-level object: the file is not an array of messages.
      if (typeof path[0] !== 'number') return { records: [], oversized: new Map(), notArray: true, replaced: utf8.replaced };
      if (cut) oversized.set(records.length, cut);
      records.push(value);
    }
  } catch (error) {
    if (!(error instanceof JsonReadError)) throw error;
    return { records, oversized, failure: error.message, replaced: utf8.replaced };
  }
  // Nothing selected from a file this large: a lone value (a huge string, say) rather than an array.
  return { records, oversized, replaced: utf8.replaced, ...(records.length === 0 ? { notArray: true } : {}) };
}

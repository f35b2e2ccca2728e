// Day files are read one after another into one buffer instead of a new one each, from a folder or a zip: a
// million-message export is 50,000 files, and allocating and freeing a buffer per file fragments the C heap, which
// the process keeps (its RSS grew with the export's length). Files larger than the cap get their own buffer, so a
// one-off huge file does not stay in memory for the rest of the run.
export const REUSED_BUFFER_MAX_BYTES = 4 * 1024 * 1024;

/** The size to give a reused buffer that must hold `bytes`: room to grow, at least 64 KiB, at most the cap. */
export function reusedBufferSize(bytes: number): number {
  return Math.min(Math.max(64 * 1024, 2 * bytes), REUSED_BUFFER_MAX_BYTES);
}

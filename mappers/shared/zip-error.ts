// The one error a damaged zip raises, so the CLI can tell it from a bug (exit 2, "copy the zip again").
import type { ErrorCode } from '../../src/reasons.js';

/** What a library or system error says, to go in a DamagedZipError's parentheses. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A zip that cannot be read as a whole (no central directory: truncated, not a zip), or one damaged entry. */
export class DamagedZipError extends Error {
  readonly code: ErrorCode = 'damaged_zip';
  /** The zip's path, as given. */
  readonly path: string;
  /** The entry whose data is damaged; absent when the zip as a whole cannot be read. */
  readonly entry?: string;

  constructor(path: string, detail: string, entry?: string) {
    super(
      entry === undefined
        ? `${path}: the zip is damaged or is not a zip file (${detail}); copy or download it again`
        : `${path}: the zip is damaged: entry ${entry} cannot be read (${detail})`,
    );
    this.name = 'DamagedZipError';
    this.path = path;
    if (entry !== undefined) this.entry = entry;
  }
}

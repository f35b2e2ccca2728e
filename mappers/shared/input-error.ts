// The two ways an export can be bad, as the mappers tell the core (src/source.ts turns these into exit codes):
//   InputError       (src/errors.ts) the input cannot be read at all (wrong kind, a missing table file): exit 2,
//                    naming the file and what was expected
//   a Skip           one record, row or file is bad: counted, named by file and record, and the run goes on
// JsonReadError is what the streaming JSON reader throws; each reader turns it into a Skip for that file.
import type { RecordOrigin, Skip } from '../../src/model.js';

/** A JSON file that stopped parsing (or reading) part-way: the first `valuesRead` values were read. */
export class JsonReadError extends Error {
  constructor(
    message: string,
    /** How many values the reader had yielded before the error. */
    readonly valuesRead: number,
  ) {
    super(message);
  }
}

/** The skip for a JSON file that could not be read to its end. */
export function badJsonSkip(file: string, error: JsonReadError, origin: RecordOrigin = { file }): Skip {
  return { code: 'bad_json', reason: `${error.message}; ${error.valuesRead} records were read before it, the rest of the file was not`, origin };
}

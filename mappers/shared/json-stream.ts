// Streams selected values out of one big JSON document (stream-json tokens), so a 1 GB export is read in flat
// memory: the caller says which paths it wants (e.g. ['messages', n]) and gets each such value assembled on its
// own, with its path; everything else is skipped token by token.
// Why not stream-json's Pick + StreamArray/StreamValues: they hand back a value with its key or index but not its
// whole path, and the readers classify by path (Telegram: which chat a message is in, the JSON interchange: which
// of three top-level arrays). The walk below is that path kept on a stack; assembling stays stream-json's.
// Strings come in chunks and are cut at a cap (capped-strings.ts), and a value is assembled only within limits
// (bounded-assembler.ts): one past them is still yielded, marked `oversized` with the true size, for the reader to
// skip as too large. Memory stays bounded however large one value is.
import type { Readable } from 'node:stream';
import { parser, type Token } from 'stream-json/parser.js';
import { BoundedAssembler, DEFAULT_LIMITS, type JsonPath, type Oversized, type ValueLimits } from './bounded-assembler.js';
import { CappedStrings } from './capped-strings.js';
import { JsonReadError } from './input-error.js';
import { decodeStream } from './text-decode.js';
import type { Utf8Counter } from './utf8.js';

export type { JsonPath, Oversized } from './bounded-assembler.js';

export interface SelectOptions {
  readonly limits?: ValueLimits;
  /** Counts the file's invalid UTF-8 (read as U+FFFD), for the reader to report once the values were read. */
  readonly utf8?: Utf8Counter;
}

export interface SelectedValue {
  readonly path: JsonPath;
  readonly value: unknown;
  /** Set when the value held more than the limits allow (bounded-assembler.ts): the reader skips it. */
  readonly oversized?: Oversized;
}

type Frame = { kind: 'object'; key: string } | { kind: 'array'; index: number };

/**
 * Yields every value whose path `select` accepts (objects and arrays assembled whole; their insides are not
 * offered to `select`), in document order. Malformed JSON, or a file that cannot be read, throws a JsonReadError
 * after the values before the damage were yielded. A byte-order mark (UTF-8 or UTF-16) is honoured.
 */
export async function* selectJson(
  source: Readable,
  select: (path: JsonPath) => boolean,
  { limits = DEFAULT_LIMITS, utf8 }: SelectOptions = {},
): AsyncGenerator<SelectedValue> {
  // Keys and numbers packed as usual; strings in chunks only, so none is ever held whole past the cap.
  const tokens = parser.asStream({ packStrings: false, streamKeys: false, streamNumbers: false });
  const strings = new CappedStrings(limits.maxStringChars);
  const text = decodeStream(source, 'utf-8', utf8);
  text.on('error', (error) => tokens.destroy(error));
  text.pipe(tokens);
  let yielded = 0;
  const stack: Frame[] = [];
  const path = (): JsonPath => stack.map((frame) => (frame.kind === 'object' ? frame.key : frame.index));
  const valueEnded = (): void => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'array') top.index += 1;
  };
  let assembler: BoundedAssembler | undefined;
  let assemblingPath: JsonPath = [];
  const reading = async function* (): AsyncGenerator<Token> {
    try {
      yield* tokens as AsyncIterable<Token>;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ? `cannot be read (${(error as Error).message})` : `not valid JSON (${(error as Error).message})`;
      throw new JsonReadError(reason, yielded);
    }
  };
  try {
    for await (const streamed of reading()) {
      const token = strings.take(streamed);
      if (!token) continue;
      const cutFrom = token.name === 'stringValue' ? strings.cutFrom : undefined;
      if (assembler) {
        if (assembler.consume(token, cutFrom)) {
          yielded += 1;
          const { value, oversized } = assembler;
          yield { path: assemblingPath, value, ...(oversized ? { oversized } : {}) };
          assembler = undefined;
          valueEnded();
        }
        continue;
      }
      switch (token.name) {
        case 'keyValue': {
          const top = stack[stack.length - 1];
          if (top?.kind === 'object') top.key = String(token.value);
          break;
        }
        case 'startObject':
        case 'startArray': {
          const here = path();
          if (select(here)) {
            assembler = new BoundedAssembler(limits.maxValueChars);
            assemblingPath = here;
            assembler.consume(token, undefined);
          } else {
            stack.push(token.name === 'startObject' ? { kind: 'object', key: '' } : { kind: 'array', index: 0 });
          }
          break;
        }
        case 'endObject':
        case 'endArray':
          stack.pop();
          valueEnded();
          break;
        case 'stringValue':
        case 'numberValue':
        case 'nullValue':
        case 'trueValue':
        case 'falseValue': {
          const here = path();
          if (select(here)) {
            yielded += 1;
            const oversized: Oversized | undefined = cutFrom !== undefined ? { at: [], chars: cutFrom } : undefined;
            yield { path: here, value: scalar(token), ...(oversized ? { oversized } : {}) };
          }
          valueEnded();
          break;
        }
        default:
          break;
      }
    }
    if (assembler) throw new JsonReadError('not valid JSON (the file ends inside a value)', yielded);
  } finally {
    source.destroy();
    text.destroy();
    tokens.destroy();
  }
}

function scalar(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}

// Streams selected values out of one big JSON document (stream-json tokens), so a 1 GB export is read in flat
// memory: the caller says which paths it wants (e.g. ['messages', n]) and gets each such value assembled on its
// own, with its path; everything else is skipped token by token.
// Why not stream-json's Pick + StreamArray/StreamValues: they hand back a value with its key or index but not its
// whole path, and the readers classify by path (Telegram: which chat a message is in, the JSON interchange: which
// of three top-level arrays). The walk below is that path kept on a stack; assembling stays stream-json's.
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import { parser, type Token } from 'stream-json/parser.js';
import { JsonReadError } from './input-error.js';
import { decodeStream } from './text-decode.js';

export type JsonPath = readonly (string | number)[];

export interface SelectedValue {
  readonly path: JsonPath;
  readonly value: unknown;
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
): AsyncGenerator<SelectedValue> {
  const tokens = parser.asStream({ streamValues: false });
  const text = decodeStream(source);
  text.on('error', (error) => tokens.destroy(error));
  text.pipe(tokens);
  let yielded = 0;
  const stack: Frame[] = [];
  const path = (): JsonPath => stack.map((frame) => (frame.kind === 'object' ? frame.key : frame.index));
  const valueEnded = (): void => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'array') top.index += 1;
  };
  let assembler: Assembler | undefined;
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
    for await (const token of reading()) {
      if (assembler) {
        assembler.consume(token);
        if (assembler.done) {
          yielded += 1;
          yield { path: assemblingPath, value: assembler.current };
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
            assembler = new Assembler();
            assemblingPath = here;
            assembler.consume(token);
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
            yield { path: here, value: scalar(token) };
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

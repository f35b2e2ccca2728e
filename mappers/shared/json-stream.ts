// Streams selected values out of one big JSON document (stream-json tokens), so a 1 GB export is read in flat
// memory: the caller says which paths it wants (e.g. ['messages', n]) and gets each such value assembled on its
// own, with its path; everything else is skipped token by token.
// Why not stream-json's Pick + StreamArray/StreamValues: they hand back a value with its key or index but not its
// whole path, and the readers classify by path (Telegram: which chat a message is in, the JSON interchange: which
// of three top-level arrays). The walk below is that path kept on a stack; assembling stays stream-json's.
// Strings come in chunks and are cut at a cap (capped-strings.ts): a value holding a longer one is still yielded,
// marked `oversized` with the true length, for the reader to skip as too large.
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/assembler.js';
import { parser, type Token } from 'stream-json/parser.js';
import { MAX_MESSAGE_CHARS } from '../../src/model.js';
import { CappedStrings } from './capped-strings.js';
import { JsonReadError } from './input-error.js';
import { decodeStream } from './text-decode.js';

export type JsonPath = readonly (string | number)[];

export interface SelectedValue {
  readonly path: JsonPath;
  readonly value: unknown;
  /** The first string in the value longer than the cap: where in the value ([] for the value itself), its length. */
  readonly oversized?: Oversized;
}

export interface Oversized {
  readonly at: JsonPath;
  readonly chars: number;
}

/** The reason of a value_too_large skip: `what` (a person, a chat's name…) held an oversized string. */
export function valueTooLarge(what: string, { at, chars }: Oversized): string {
  const where = at.length > 0 ? `${what}'s ${fieldName(at)}` : what;
  return `the ${where} has ${chars} characters, over the ${MAX_MESSAGE_CHARS} read; not read`;
}

/** `text`, `Body.Content`, `text_entities[1].text`: where an oversized string was, for a skip's reason. */
export function fieldName(at: JsonPath): string {
  return at.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
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
  maxStringChars = MAX_MESSAGE_CHARS,
): AsyncGenerator<SelectedValue> {
  // Keys and numbers packed as usual; strings in chunks only, so none is ever held whole past the cap.
  const tokens = parser.asStream({ packStrings: false, streamKeys: false, streamNumbers: false });
  const strings = new CappedStrings(maxStringChars);
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
  let oversized: Oversized | undefined;
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
      if (assembler) {
        if (strings.cutFrom !== undefined && token.name === 'stringValue' && !oversized) {
          const inArray = Array.isArray(assembler.current);
          const here = inArray ? (assembler.current as unknown[]).length : (assembler.key ?? '');
          oversized = { at: [...assembler.path, here], chars: strings.cutFrom };
        }
        assembler.consume(token);
        if (assembler.done) {
          yielded += 1;
          yield { path: assemblingPath, value: assembler.current, ...(oversized ? { oversized } : {}) };
          assembler = undefined;
          oversized = undefined;
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
            const cut = token.name === 'stringValue' && strings.cutFrom !== undefined ? { oversized: { at: [], chars: strings.cutFrom } } : {};
            yield { path: here, value: scalar(token), ...cut };
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

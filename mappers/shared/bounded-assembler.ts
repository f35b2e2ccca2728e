// Assembles one selected JSON value (stream-json's Assembler) in bounded memory. A value that holds a string over
// the cap (cut while reading, capped-strings.ts), or whose strings together pass a larger budget (a huge text split
// into thousands of formatted pieces: Telegram's text arrays, Slack's blocks), is not assembled further: the rest
// of its tokens are only counted to find its end, and the value is handed back as far as it got, marked
// `oversized`, for the reader to skip as too large.
import Assembler from 'stream-json/assembler.js';
import type { Token } from 'stream-json/parser.js';
import { MAX_MESSAGE_CHARS, messageTooLarge } from '../../src/model.js';

export type JsonPath = readonly (string | number)[];

/**
 * The characters all strings of one value may hold: a message's text can be there several times over (Telegram
 * writes it as `text` and again as `text_entities`, Slack as `text` and in `blocks`), each copy under the cap.
 */
export const MAX_VALUE_CHARS = 4 * MAX_MESSAGE_CHARS;

export interface ValueLimits {
  readonly maxStringChars: number;
  readonly maxValueChars: number;
}

export const DEFAULT_LIMITS: ValueLimits = { maxStringChars: MAX_MESSAGE_CHARS, maxValueChars: MAX_VALUE_CHARS };

/** Why a value was not assembled whole. */
export interface Oversized {
  /** Where in the value the string over the cap was ([] for the value itself, or when `inAll`). */
  readonly at: JsonPath;
  /** That string's true length; with `inAll`, the characters of all the value's strings together. */
  readonly chars: number;
  readonly inAll?: true;
}

export class BoundedAssembler {
  private readonly assembler = new Assembler();
  private abandoned: { root: unknown; depth: number } | undefined;
  private chars = 0;
  oversized: Oversized | undefined;

  constructor(private readonly maxValueChars: number) {}

  /** Feeds one token (`cutFrom`: the true length of a string that was cut); true once the value is complete. */
  consume(token: Token, cutFrom: number | undefined): boolean {
    if (token.name === 'stringValue') this.chars += cutFrom ?? token.value.length;
    const abandoned = this.abandoned;
    if (abandoned) {
      if (token.name === 'startObject' || token.name === 'startArray') abandoned.depth += 1;
      else if (token.name === 'endObject' || token.name === 'endArray') abandoned.depth -= 1;
      if (abandoned.depth > 0) return false;
      if (this.oversized?.inAll) this.oversized = { ...this.oversized, chars: this.chars };
      return true;
    }
    if (token.name === 'stringValue' && cutFrom !== undefined) this.oversized = { at: this.nextPath(), chars: cutFrom };
    else if (this.chars > this.maxValueChars) this.oversized = { at: [], chars: this.chars, inAll: true };
    this.assembler.consume(token);
    if (this.assembler.done) return true;
    if (this.oversized) this.abandoned = { root: this.assembler.stack[0] ?? this.assembler.current, depth: this.assembler.depth };
    return false;
  }

  /** The value: whole, or, when it became oversized, with the fields completed before (enough to place a skip). */
  get value(): unknown {
    return this.abandoned ? this.abandoned.root : this.assembler.current;
  }

  /** The path, within the value, of the value the next token places. */
  private nextPath(): JsonPath {
    const { current, key } = this.assembler;
    return [...this.assembler.path, Array.isArray(current) ? current.length : (key ?? '')];
  }
}

/** `text`, `Body.Content`, `text_entities[1].text`: where an oversized string was, for a skip's reason. */
export function fieldName(at: JsonPath): string {
  return at.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** The reason of a skip for an oversized value; `what` is 'message', or what the record is (a person, an entry…). */
export function oversizedReason(what: string, oversized: Oversized): string {
  const { at, chars, inAll } = oversized;
  if (inAll) return `the ${what}'s strings hold ${chars} characters in all, over the ${MAX_VALUE_CHARS} read; not ${what === 'message' ? 'imported' : 'read'}`;
  if (what === 'message') return messageTooLarge(chars, fieldName(at));
  return `the ${at.length > 0 ? `${what}'s ${fieldName(at)}` : what} has ${chars} characters, over the ${MAX_MESSAGE_CHARS} read; not read`;
}

// Why this exists: csv-parse holds a whole field in memory until the field ends, so one 100 MB message text in a
// CSV cost 15 s and 800 MB before the planner could skip it as message_too_large. csv-parse's own max_record_size
// does not help: with skip_records_with_error it stops reading the chunk it is in and runs the row after the field
// into later ones (csv-parse 7.0.3), so rows are lost.
//
// This filter runs between the decoded text and csv-parse, follows csv-parse's quoting as csvRows configures it
// (quote and escape `"`, relax_quotes, one delimiter, the record delimiter that appears first, no trim) and
// cuts any field longer than `cap` characters: its first `cap` characters pass, the rest is dropped and counted,
// and a marker at the field's end tells csvRows the field's real length and how many line breaks were dropped, so
// the rows after it keep their line numbers. Everything else passes unchanged, except U+FDD0 (a noncharacter,
// which the marker starts with), which becomes U+FFFD so no input can pass for a marker.
import { Transform } from 'node:stream';

const QUOTE = '"';
const MARK_START = '\uFDD0';
const MARK_END = '\uFDD1';
/** A field csv-parse read whose end is a marker: the cut field's real length and the line breaks dropped. */
const FIELD_MARKER = /\uFDD0(\d+):(\d+)\uFDD1$/;
const MARKERS = /\uFDD0\d+:(\d+)\uFDD1/g;
const LINE_BREAKS = /\r\n|\r|\n/g;

export interface FieldCapOptions {
  /** csv-parse's delimiter: one character. */
  readonly delimiter: string;
  /** The longest field passed whole, in characters (UTF-16 code units, as String.length counts them). */
  readonly cap: number;
  /** Drop blanks (space, tab) before a field, so a quote after them opens it (`a, "b, c"`). */
  readonly ltrim?: boolean;
}

/** The real length of a field csv-parse read that ends with a marker (it was cut); undefined for any other field. */
export function cutField(field: string): number | undefined {
  if (!field.endsWith(MARK_END)) return undefined;
  const match = FIELD_MARKER.exec(field);
  return match ? Number(match[1]) : undefined;
}

/** Line breaks the filter dropped from a record, read from the markers in csv-parse's raw text of it. */
export function droppedLineBreaks(raw: string): number {
  if (!raw.includes(MARK_START)) return 0;
  let count = 0;
  for (const match of raw.matchAll(MARKERS)) count += Number(match[1]);
  return count;
}

/** Line breaks in `text` as csvRows counts them (CRLF, CR or LF each once), without an array of matches. */
function countLineBreaks(text: string): number {
  LINE_BREAKS.lastIndex = 0;
  let count = 0;
  while (LINE_BREAKS.exec(text)) count += 1;
  return count;
}

/** The state machine, text in and text out, so tests can feed it chunk by chunk. */
export class FieldCapper {
  private readonly delimiter: string;
  private readonly cap: number;
  private readonly ltrim: boolean;
  /** Characters that end a run of plain field text. */
  private readonly special: RegExp;
  private recordDelimiter: string | undefined;
  private started = false;
  private quoting = false;
  /** Characters csv-parse has put (or would have put) into the current field. */
  private fieldLength = 0;
  /** Whether csv-parse, having seen what was passed on, is inside quotes. */
  private passedQuoting = false;
  /** Line breaks dropped from the current field; undefined while it is not cut. */
  private dropped: number | undefined;
  private lastWasCR = false;
  private carry = '';
  private out: string[] = [];

  constructor(options: FieldCapOptions) {
    if (options.delimiter.length !== 1) throw new Error(`the CSV field cap needs a one-character delimiter, got ${JSON.stringify(options.delimiter)}`);
    this.delimiter = options.delimiter;
    this.cap = options.cap;
    this.ltrim = options.ltrim ?? false;
    this.special = new RegExp(`["\\r\\n${MARK_START}${options.delimiter.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');
  }

  /** The text to give csv-parse for `chunk`; with `end`, the input is over. */
  write(chunk: string, end = false): string {
    let text = this.carry + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      // csv-parse drops a byte-order mark at the start (bom: true) before reading fields.
      if (text.startsWith('\ufeff')) {
        this.out.push('\ufeff');
        text = text.slice(1);
      }
    }
    // csv-parse looks up to two characters ahead (a closing quote before CRLF): keep them for the next chunk.
    const limit = end ? text.length : text.length - 2;
    let i = 0;
    while (i < limit) i = this.step(text, i, limit);
    this.carry = text.slice(i);
    if (end) this.closeCut();
    const result = this.out.join('');
    this.out = [];
    return result;
  }

  /** Reads from `text[i]` on; returns where the next step starts. */
  private step(text: string, i: number, limit: number): number {
    if (this.quoting || this.fieldLength > 0) {
      this.special.lastIndex = i;
      const next = Math.min(this.special.exec(text)?.index ?? text.length, limit);
      if (next > i) {
        this.take(text.slice(i, next), next - i);
        return next;
      }
    }
    const char = text[i] as string;
    if (char === MARK_START) {
      this.take('\ufffd', 1);
      return i + 1;
    }
    if (this.quoting) {
      if (char !== QUOTE) {
        this.take(char, 1);
        return i + 1;
      }
      const after = text[i + 1];
      if (after === QUOTE) {
        this.take('""', 1); // an escaped quote: one character of the field
        return i + 2;
      }
      this.quoting = false;
      if (after === undefined || after === this.delimiter || this.recordDelimiterAt(text, i + 1) > 0) {
        this.take(char, 0); // the closing quote
      } else {
        this.take(char, 2); // relax_quotes: csv-parse keeps this quote and puts one back at the field's start
      }
      return i + 1;
    }
    if (this.ltrim && this.fieldLength === 0 && (char === ' ' || char === '\t')) return i + 1; // never passed on
    if (char === QUOTE && this.fieldLength === 0) {
      this.quoting = true;
      this.take(char, 0);
      return i + 1;
    }
    const recordDelimiter = this.recordDelimiterAt(text, i);
    if (recordDelimiter > 0) {
      this.endField(text.slice(i, i + recordDelimiter));
      return i + recordDelimiter;
    }
    if (char === this.delimiter) {
      this.endField(char);
      return i + 1;
    }
    this.take(char, 1);
    return i + 1;
  }

  /** csv-parse's record delimiter at `i`: the first CRLF, LF or CR outside quotes decides which it is. */
  private recordDelimiterAt(text: string, i: number): number {
    if (this.recordDelimiter === undefined) {
      if (text[i] === '\r') this.recordDelimiter = text[i + 1] === '\n' ? '\r\n' : '\r';
      else if (text[i] === '\n') this.recordDelimiter = '\n';
      else return 0;
    }
    return text.startsWith(this.recordDelimiter, i) ? this.recordDelimiter.length : 0;
  }

  /** `raw` from the input, which adds `chars` characters to the field: passed on, or dropped past the cap. */
  private take(raw: string, chars: number): void {
    if (this.dropped === undefined) {
      const room = this.cap - this.fieldLength;
      if (chars <= room) {
        this.out.push(raw);
        this.fieldLength += chars;
        this.passedQuoting = this.quoting;
        this.lastWasCR = raw.endsWith('\r');
        return;
      }
      if (raw.length === chars && room > 0) {
        // Plain text: pass what still fits, drop the rest (an escaped quote or a kept quote stays whole).
        this.take(raw.slice(0, room), room);
        raw = raw.slice(room);
        chars -= room;
      }
      this.dropped = 0;
    }
    this.fieldLength += chars;
    this.dropped += countLineBreaks(raw) - (this.lastWasCR && raw.startsWith('\n') ? 1 : 0);
    this.lastWasCR = raw.endsWith('\r');
  }

  /** The field ends at `terminator` (a delimiter or record delimiter outside quotes). */
  private endField(terminator: string): void {
    if (this.dropped !== undefined && this.lastWasCR && terminator.startsWith('\n')) this.dropped -= 1; // one CRLF
    this.closeCut();
    this.out.push(terminator);
    this.fieldLength = 0;
    this.passedQuoting = false;
    this.lastWasCR = false;
  }

  /** After a cut field: the marker, and the closing quote csv-parse did not see (unless the input never has one). */
  private closeCut(): void {
    if (this.dropped === undefined) return;
    this.out.push(`${MARK_START}${this.fieldLength}:${this.dropped}${MARK_END}`);
    if (this.passedQuoting && !this.quoting) this.out.push(QUOTE);
    this.dropped = undefined;
  }

}

/**
 * The filter as a stream: decoded text in (decodeStream, which also counts invalid UTF-8 and honours a byte-order
 * mark), text out.
 */
export function fieldCapStream(options: FieldCapOptions): Transform {
  const capper = new FieldCapper(options);
  const emit = (text: string) => (text === '' ? undefined : text);
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: true,
    transform(chunk: unknown, _encoding, callback) {
      if (typeof chunk !== 'string') return callback(new TypeError('the CSV field cap reads decoded text (see decodeStream), not bytes'));
      callback(null, emit(capper.write(chunk)));
    },
    flush(callback) {
      callback(null, emit(capper.write('', true)));
    },
  });
}

// Strings of a streamed JSON document kept only up to a cap, so one huge value (a log pasted into a message) costs
// bounded memory however long it is. stream-json's parser is asked for strings in chunks (packStrings: false);
// this puts each string back together as the usual `stringValue` token, dropping what is past the cap and counting
// how long the string really was, so the reader can skip its record naming the true length.
import type { Token } from 'stream-json/parser.js';

export class CappedStrings {
  private pieces: string[] = [];
  private kept = 0;
  private chars = 0;
  /** The true length of the last string handed back, when it was cut (else undefined). */
  cutFrom: number | undefined;

  /** Keeps at most `maxChars + 1` characters of a string, so a cut string is still over the cap when checked. */
  constructor(private readonly maxChars: number) {}

  /** The token to use instead of `token`: undefined while a string is being read, its stringValue at its end. */
  take(token: Token): Token | undefined {
    switch (token.name) {
      case 'startString':
        this.pieces = [];
        this.kept = 0;
        this.chars = 0;
        return undefined;
      case 'stringChunk': {
        this.chars += token.value.length;
        const room = this.maxChars + 1 - this.kept;
        if (room > 0) {
          const piece = token.value.length > room ? token.value.slice(0, room) : token.value;
          this.pieces.push(piece);
          this.kept += piece.length;
        }
        return undefined;
      }
      case 'endString': {
        this.cutFrom = this.chars > this.maxChars ? this.chars : undefined;
        const value = this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join('');
        this.pieces = [];
        return { name: 'stringValue', value };
      }
      default:
        return token;
    }
  }
}

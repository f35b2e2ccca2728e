// A streaming parser for multipart/related bodies (RFC 2046), the format googleapis-common uses for media
// uploads (a JSON metadata part, then the media). Parts are handed to sinks chunk by chunk, so an upload of any
// size is hashed without being held in memory. busboy and friends only speak multipart/form-data.

export interface PartSink {
  write(chunk: Buffer): void;
  end(): void;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

type State = 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';

/** The boundary parameter of a `multipart/related; boundary=…` content type, or undefined. */
export function relatedBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/related\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

export class MultipartRelatedParser {
  private readonly delimiter: Buffer;
  // A leading CRLF lets the first boundary line match the same "\r\n--boundary" delimiter as the others.
  private buf: Buffer = CRLF;
  private state: State = 'preamble';
  private sink?: PartSink;

  constructor(
    boundary: string,
    private readonly onPart: (headers: ReadonlyMap<string, string>) => PartSink,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  write(chunk: Buffer): void {
    if (this.state === 'done') return; // the epilogue is ignored
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.step()) {
      // keep stepping while progress is made
    }
  }

  end(): void {
    if (this.state !== 'done') throw new MultipartError('The multipart body ended before its closing boundary.');
  }

  /** One state transition; false when more input is needed. */
  private step(): boolean {
    switch (this.state) {
      case 'preamble': {
        const at = this.buf.indexOf(this.delimiter);
        if (at < 0) {
          this.buf = this.buf.subarray(Math.max(0, this.buf.length - this.delimiter.length + 1));
          return false;
        }
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.state = 'delimiter';
        return true;
      }
      case 'delimiter': {
        if (this.buf.length < 2) return false;
        if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
          this.state = 'done';
          return false;
        }
        const eol = this.buf.indexOf(CRLF);
        if (eol < 0) {
          if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('Malformed multipart boundary line.');
          return false;
        }
        if (this.buf.subarray(0, eol).toString('latin1').trim() !== '') throw new MultipartError('Malformed multipart boundary line.');
        this.buf = this.buf.subarray(eol + 2);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        let headerText: string;
        if (this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a) {
          headerText = '';
          this.buf = this.buf.subarray(2);
        } else {
          const end = this.buf.indexOf(HEADER_END);
          if (end < 0) {
            if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('Multipart part headers are too large.');
            return false;
          }
          headerText = this.buf.subarray(0, end).toString('latin1');
          this.buf = this.buf.subarray(end + HEADER_END.length);
        }
        const headers = new Map<string, string>();
        for (const line of headerText.split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        this.sink = this.onPart(headers);
        this.state = 'body';
        return true;
      }
      case 'body': {
        const sink = this.sink as PartSink;
        const at = this.buf.indexOf(this.delimiter);
        if (at < 0) {
          // Everything but a possible partial delimiter at the end belongs to the part.
          const safe = this.buf.length - this.delimiter.length + 1;
          if (safe > 0) {
            sink.write(this.buf.subarray(0, safe));
            this.buf = this.buf.subarray(safe);
          }
          return false;
        }
        if (at > 0) sink.write(this.buf.subarray(0, at));
        sink.end();
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.state = 'delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  }
}

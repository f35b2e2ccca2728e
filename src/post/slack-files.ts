// Downloads the files a Slack export only links to (`url_private_download` on files.slack.com), as streams that
// go straight into media.upload: nothing is held whole in memory or written to disk. The only code that talks to
// Slack. Its own retries (429 with Retry-After, 5xx, network errors), timeouts and a concurrency bound separate
// from the Chat writes. A download is checked before its first byte goes on: an HTML page where a file was
// expected (Slack's 200 "Sign in" page for a bad or expired token), 403/404, or a Content-Length other than the
// export's size is a failed fetch; the byte count is checked again as the stream ends.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { FileBytesError } from '../errors.js';
import type { LinkedFile } from '../model.js';
import type { Clock } from './clock.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';

export const SLACK_FILES_ORIGIN = 'https://files.slack.com/';

export interface SlackFilesOptions {
  /** A Slack token (`--slack-token`), sent as `Authorization: Bearer` to Slack's file host. */
  readonly token?: string;
  /** Fetch every `https://files.slack.com/` URL from here instead (same path and query). */
  readonly filesRoot?: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Downloads at the same time (each one is an open upload too). */
  readonly concurrency?: number;
  /** No byte for this long (waiting for headers or between chunks) fails the attempt. */
  readonly idleTimeoutMs?: number;
  readonly retryPolicy?: RetryPolicy;
  readonly random?: () => number;
  /** The HTTP GET, replaceable in tests. */
  readonly get?: HttpGet;
}

/** One GET: resolves with the response (headers read, body not yet), or rejects on a network error or timeout. */
export type HttpGet = (url: string, headers: Record<string, string>, idleTimeoutMs: number) => Promise<IncomingMessage>;

export const SLACK_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, maxQuotaAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;

const failed = (reason: string): FileBytesError => new FileBytesError('file_fetch_failed', `download from Slack failed: ${reason}`, reason);

/** A failure worth another attempt (the server or the network), with the server's advised wait if any. */
class Transient extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The URL to fetch: `https://files.slack.com/…` moved under `filesRoot` when one is given. */
export function resolveFileUrl(url: string, filesRoot: string | undefined): string {
  if (!filesRoot || !url.startsWith(SLACK_FILES_ORIGIN)) return url;
  return `${filesRoot.endsWith('/') ? filesRoot : `${filesRoot}/`}${url.slice(SLACK_FILES_ORIGIN.length)}`;
}

export class SlackFiles {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly idleTimeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly get: HttpGet;

  constructor(private readonly options: SlackFilesOptions) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.policy = options.retryPolicy ?? SLACK_RETRY_POLICY;
    this.get = options.get ?? nodeGet;
  }

  /**
   * The file's bytes as a stream, once a download has started and passed the checks; throws FileBytesError when
   * it cannot. A concurrency slot is held until the stream ends or is destroyed.
   */
  async open(file: LinkedFile): Promise<Readable> {
    await this.acquire();
    let handedOver = false;
    try {
      const response = await this.fetchWithRetries(file);
      const checked = response.pipe(new SizeCheck(file.sizeBytes));
      // A failure of the download reaches the reader (the upload) as an error of the stream it reads.
      response.on('error', (error) => checked.destroy(failed(`connection lost (${error.message})`)));
      response.on('aborted', () => checked.destroy(failed('connection lost')));
      checked.once('close', () => {
        response.destroy();
        this.release();
      });
      handedOver = true;
      return checked;
    } finally {
      if (!handedOver) this.release();
    }
  }

  private async fetchWithRetries(file: LinkedFile): Promise<IncomingMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetchOnce(file);
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        const delay = retryDelay(attempt, { status: error.status, googleStatus: '', ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) }, this.options.random?.() ?? Math.random(), this.policy);
        if (delay === undefined) throw failed(`${error.message}, ${attempt} attempts`);
        await this.options.clock.sleep(delay, this.options.signal);
        if (this.options.signal?.aborted) throw failed('interrupted');
      }
    }
  }

  /** One download attempt, following redirects: the response to read, or Transient / FileBytesError. */
  private async fetchOnce(file: LinkedFile): Promise<IncomingMessage> {
    let url = resolveFileUrl(file.url, this.options.filesRoot);
    const firstHost = new URL(url).host;
    for (let hop = 0; ; hop++) {
      // The token goes only to the host the export named (or its stand-in), never to where a redirect points.
      const headers: Record<string, string> = this.options.token && new URL(url).host === firstHost ? { authorization: `Bearer ${this.options.token}` } : {};
      let response: IncomingMessage;
      try {
        response = await this.get(url, headers, this.idleTimeoutMs);
      } catch (error) {
        throw new Transient(0, `no answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && hop < MAX_REDIRECTS) {
        response.resume();
        url = new URL(location, url).toString();
        continue;
      }
      if (status !== 200) {
        response.resume();
        const retryAfter = response.headers['retry-after'];
        const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
        if (status === 429 || status === 408 || status >= 500) throw new Transient(status, `HTTP ${status}`, retryAfterMs);
        throw failed(`HTTP ${status}${status === 403 || status === 401 ? ' (access denied: token missing, expired or without files:read)' : status === 404 ? ' (not found: deleted on Slack?)' : ''}`);
      }
      checkHeaders(response, file);
      return response;
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next download
    else this.active -= 1;
  }
}

/** Refuses a login page or a body of the wrong size before any of it is uploaded. */
function checkHeaders(response: IncomingMessage, file: LinkedFile): void {
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  const expectsHtml = (file.mimeType ?? '').toLowerCase().startsWith('text/html') || /\.html?$/i.test(file.name);
  if (type.startsWith('text/html') && !expectsHtml) {
    response.resume();
    throw failed('Slack answered with an HTML page instead of the file (a sign-in page: the token is missing, expired or revoked)');
  }
  const length = response.headers['content-length'];
  if (length !== undefined && file.sizeBytes !== undefined && Number(length) !== file.sizeBytes) {
    response.resume();
    throw failed(`Slack sent ${length} bytes where the export says ${file.sizeBytes}`);
  }
}

/** Passes bytes through, counting them; errors the stream when the total is not the size the export declares. */
class SizeCheck extends Transform {
  private seen = 0;
  constructor(private readonly expected: number | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.expected !== undefined && this.seen > this.expected) return done(failed(`more than the ${this.expected} bytes the export declares`));
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (this.expected !== undefined && this.seen !== this.expected) return done(failed(`${this.seen} bytes where the export says ${this.expected}`));
    done();
  }
}

/** GET with node:http(s): no buffering, a socket idle timeout both for the headers and for the body. */
function nodeGet(url: string, headers: Record<string, string>, idleTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers: { 'user-agent': 'chat-import', ...headers } }, (response) => {
      // From here the timeout guards the body: a stalled download errors the stream the upload reads.
      resolve(response);
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(Object.assign(new Error(`no data for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

// A stand-in for Slack's file host (files.slack.com), mounted at /__slack/ so that
// `--slack-files-root http://127.0.0.1:PORT/__slack/` rehearses the downloads of linked files. The emulator does
// not read exports, so files are registered first: `POST /__emulator/slack-files` with
//   {"files": [{"path": "/files-pri/T1-F1/download/a.png", "size": 1234, "token": "xoxe-…"}], "tokens": ["xoxb-…"]}
// (`path` is the URL path on files.slack.com; `token` the file's `t=` or a Bearer token accepted for it; `tokens`
// Slack tokens accepted as Bearer for every file).
// A registered file answers with deterministic bytes of its size (slackFileBytes); a request without an accepted
// token gets Slack's answer to a bad or expired token, a 200 HTML "Sign in" page; anything else is a 404.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readBody, sendJson } from './http.js';

interface HostedFile {
  readonly size: number;
  readonly token?: string;
  readonly contentType: string;
}

/** What the host answered, for tests: downloads served in full, sign-in pages, 404s. */
export interface SlackFileCounters {
  served: number;
  loginPages: number;
  notFound: number;
}

const CHUNK_BYTES = 64 * 1024;

/** One 64 KiB block derived from the path; chunk i is that block with i written into its first 8 bytes. */
function baseBlock(path: string): Buffer {
  const block = Buffer.alloc(CHUNK_BYTES);
  let seed = createHash('sha256').update(path).digest();
  for (let offset = 0; offset < CHUNK_BYTES; offset += seed.length) {
    seed.copy(block, offset);
    seed = createHash('sha256').update(seed).digest();
  }
  return block;
}

/**
 * The bytes the host serves for `path`: `size` bytes, the same every time, generated as they are read (a 1 GB
 * file costs no memory). Tests hash this to know what an upload must contain.
 */
export function slackFileBytes(path: string, size: number): Readable {
  const block = baseBlock(path);
  let index = 0;
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(CHUNK_BYTES, left)));
      if (chunk.length >= 8) chunk.writeBigUInt64BE(BigInt(index));
      index += 1;
      left -= chunk.length;
      this.push(chunk);
    },
  });
}

const LOGIN_PAGE = '<!DOCTYPE html><html lang="en"><head><title>Slack</title></head><body><h1>Sign in to your workspace</h1><form action="/signin" method="post"><input type="email" name="email"><button>Sign in</button></form></body></html>';

export class SlackFileHost {
  private readonly files = new Map<string, HostedFile>();
  private readonly tokens = new Set<string>();
  readonly counters: SlackFileCounters = { served: 0, loginPages: 0, notFound: 0 };

  register(body: unknown): number {
    const { files, tokens } = (body ?? {}) as { files?: unknown; tokens?: unknown };
    if (!Array.isArray(files) && !Array.isArray(tokens)) throw new Error('expected {"files": [{"path", "size", "token"?}], "tokens"?: [..]}');
    for (const token of Array.isArray(tokens) ? tokens : []) if (typeof token === 'string') this.tokens.add(token);
    let count = 0;
    for (const file of Array.isArray(files) ? (files as Array<Record<string, unknown>>) : []) {
      const { path, size, token, contentType } = file;
      if (typeof path !== 'string' || !path.startsWith('/') || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new Error(`each file needs "path" (starting with /) and a whole "size" (got ${JSON.stringify(file)})`);
      }
      this.files.set(path, { size, contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream', ...(typeof token === 'string' ? { token } : {}) });
      count += 1;
    }
    return count;
  }

  /** `POST /__emulator/slack-files` (register) and `GET /__emulator/slack-files` (counters). */
  async admin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') return sendJson(res, 200, { files: this.files.size, ...this.counters });
    try {
      const registered = this.register(JSON.parse((await readBody(req)).toString('utf8')) as unknown);
      sendJson(res, 200, { registered });
    } catch (error) {
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** `GET /__slack/<path>?t=…`: the file, the sign-in page, or a 404. */
  async serve(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    req.resume();
    const file = this.files.get(path);
    if (!file || req.method !== 'GET') {
      this.counters.notFound += 1;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const allowed = (file.token !== undefined && (query.get('t') === file.token || bearer === file.token)) || (bearer !== undefined && this.tokens.has(bearer));
    if (!allowed) {
      this.counters.loginPages += 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(LOGIN_PAGE) }).end(LOGIN_PAGE);
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.size });
    try {
      await pipeline(slackFileBytes(path, file.size), res);
      this.counters.served += 1;
    } catch {
      // The client went away mid-download: nothing to answer.
    }
  }
}

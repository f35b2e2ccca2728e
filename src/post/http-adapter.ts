// How gaxios (under google-auth-library and @googleapis/chat) sends a request it has already prepared.
//
// Why not its default: gaxios sends through node-fetch, whose per-request stream plumbing (a pipeline, an
// AbortController and a DOMException for every finished body) costs more CPU than the HTTP exchange itself.
// Measured on this machine, one messages.create through @googleapis/chat costs 1.1 ms of client CPU with
// node-fetch and 0.5 ms with this adapter; at 3000 messages a minute that is most of a core saved.
//
// Only plain requests take this path: a string, byte or form body and a JSON or text answer, straight to the
// server. Anything else — a streamed body (media uploads), a streamed or binary answer, a proxy or mTLS agent
// that gaxios chose from HTTPS_PROXY or the options — goes to gaxios' own adapter, unchanged.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { gaxios } from 'google-auth-library';

type Prepared = gaxios.GaxiosOptionsPrepared;
type Adapter = NonNullable<gaxios.GaxiosOptions['adapter']>;

/**
 * How long a request may take before it is abandoned and retried like a dropped connection: without them a
 * connection that is accepted but never answered stalls a migration for ever (issue 17).
 */
export interface RequestTimeouts {
  /** From asking for a socket to the TCP (and TLS) connection being up. */
  readonly connectMs: number;
  /** From sending to the whole answer having arrived (Chat calls are small JSON both ways). */
  readonly responseMs: number;
  /** A whole media upload, body included (up to 200 MB, chat-api.md). */
  readonly uploadMs: number;
}

export const DEFAULT_TIMEOUTS: RequestTimeouts = { connectMs: 10_000, responseMs: 60_000, uploadMs: 600_000 };

// Sockets stay open between calls: a migration makes thousands of calls a minute to the same host.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** The adapter for a transporter whose plain requests must finish within `timeouts`. */
export function nodeHttpAdapter(timeouts: RequestTimeouts = DEFAULT_TIMEOUTS): Adapter {
  return async (options, defaultAdapter) => {
    const body = plainBody(options);
    if (body === undefined || !isPlain(options)) return defaultAdapter(options);
    return send(options, body, timeouts) as ReturnType<typeof defaultAdapter>;
  };
}

function isPlain(options: Prepared): boolean {
  const protocol = options.url.protocol;
  const answer = options.responseType ?? 'unknown';
  return (protocol === 'https:' || protocol === 'http:') && !options.agent && (answer === 'json' || answer === 'text' || answer === 'unknown');
}

/** The body as bytes or a string; `null` for none; `undefined` when it is not a plain body (a stream, say). */
function plainBody(options: Prepared): string | Uint8Array | null | undefined {
  const body: unknown = options.body;
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) {
    if (!options.headers.has('content-type')) options.headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return body.toString();
  }
  return undefined;
}

function send(options: Prepared, body: string | Uint8Array | null, timeouts: RequestTimeouts): Promise<gaxios.GaxiosResponse> {
  const headers: Record<string, string> = {};
  options.headers.forEach((value, name) => (headers[name] = value));
  return exchange(options.url, options.method ?? 'GET', headers, body, timeouts, options.signal ?? undefined).then(({ response, bytes }) => toResponse(options, response, bytes));
}

interface Exchange {
  readonly response: http.IncomingMessage;
  /** The answer's body, decompressed. */
  readonly bytes: Buffer;
}

/** A request abandoned for taking too long: status 0 with this code, so the retry policy treats it as a reset. */
export class TimeoutError extends Error {
  constructor(readonly code: 'CONNECT_TIMEOUT' | 'RESPONSE_TIMEOUT', ms: number, url: URL) {
    super(`${code === 'CONNECT_TIMEOUT' ? 'no connection' : 'no complete answer'} from ${url.origin} within ${ms} ms`);
  }
}

/** One HTTP request and its whole answer, over the keep-alive agents, within the timeouts. */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | null, timeouts: RequestTimeouts, signal?: AbortSignal): Promise<Exchange> {
  if (body !== null) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let connectTimer: NodeJS.Timeout | undefined;
    const settle = (): void => {
      clearTimeout(responseTimer);
      clearTimeout(connectTimer);
    };
    const fail = (error: Error): void => {
      settle();
      reject(error);
    };
    const request = transport.request(url, { method, headers, agent: agents[url.protocol as 'http:' | 'https:'], ...(signal ? { signal } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        settle();
        try {
          resolve({ response, bytes: decoded(Buffer.concat(chunks), response.headers['content-encoding']) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    // One timer for the whole exchange; a second one only while a new socket connects (kept-alive ones are up).
    const responseTimer = setTimeout(() => request.destroy(new TimeoutError('RESPONSE_TIMEOUT', timeouts.responseMs, url)), timeouts.responseMs);
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => request.destroy(new TimeoutError('CONNECT_TIMEOUT', timeouts.connectMs, url)), timeouts.connectMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.on('error', fail);
    request.end(body ?? undefined);
  });
}

/** googleapis asks for gzip; Google may answer with it. */
function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(bytes);
    case 'deflate':
      return zlib.inflateSync(bytes);
    case 'br':
      return zlib.brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}

/**
 * What gaxios and its callers read of a response: status, headers, data. `bodyUsed` tells GaxiosError that
 * `data` already holds the body (it would otherwise drop it when building the error of a failed call).
 */
function toResponse(options: Prepared, response: http.IncomingMessage, bytes: Buffer): gaxios.GaxiosResponse {
  const status = response.statusCode ?? 0;
  const text = status === 204 ? '' : bytes.toString('utf8');
  let headers: Headers | undefined;
  return {
    config: options,
    status,
    statusText: response.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    // Built when read: most successful calls never look at their headers.
    get headers(): Headers {
      headers ??= headersOf(response);
      return headers;
    },
    bodyUsed: true,
    redirected: false,
    url: options.url.toString(),
    data: parse(text, options.responseType ?? 'unknown', response.headers['content-type'] ?? null),
  } as unknown as gaxios.GaxiosResponse;
}

function headersOf(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** As gaxios reads an answer: JSON when asked for or labelled so (left as text if it does not parse). */
function parse(text: string, responseType: string, contentType: string | null): unknown {
  const json = responseType === 'json' || (responseType === 'unknown' && contentType?.toLowerCase().includes('application/json'));
  if (!json) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

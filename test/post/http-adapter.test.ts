import { gaxios, OAuth2Client, type JWT } from 'google-auth-library';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient, toApiError } from '../../src/post/chat-client.js';
import { nodeHttpAdapter } from '../../src/post/http-adapter.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let root: string;
let seen: Seen[] = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end('{"name":"spaces/S/messages/client-1"}');
  };
});

const transport = () => new gaxios.Gaxios({ adapter: nodeHttpAdapter() });

describe('nodeHttpAdapter', () => {
  it('sends a JSON body and parses a JSON answer', async () => {
    const res = await transport().request({ url: `${root}v1/x`, method: 'POST', data: { text: 'héllo' } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ name: 'spaces/S/messages/client-1' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/x', body: '{"text":"héllo"}' });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength('{"text":"héllo"}')));
  });

  it('decodes a gzip answer, as Google sends when asked', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"messages":[{"name":"m1"}]}'));
    };
    expect((await transport().request({ url: `${root}v1/list` })).data).toEqual({ messages: [{ name: 'm1' }] });
  });

  it('sends a form body (the token request) with its content type', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"t","expires_in":3600}');
    };
    const res = await transport().request({ url: `${root}token`, method: 'POST', data: new URLSearchParams({ grant_type: 'g', assertion: 'a.b.c' }) });
    expect(res.data).toEqual({ access_token: 't', expires_in: 3600 });
    expect(seen[0]?.body).toBe('grant_type=g&assertion=a.b.c');
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('keeps a failed call\'s status, Google error body and Retry-After for the retry policy', async () => {
    answer = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' } }));
    };
    const error = await transport().request({ url: `${root}v1/x`, method: 'POST', data: {} }).catch((e: unknown) => e);
    const apiError = toApiError(error);
    expect({ status: apiError.status, googleStatus: apiError.googleStatus, message: apiError.message, retryAfterMs: apiError.retryAfterMs }).toEqual({
      status: 429,
      googleStatus: 'RESOURCE_EXHAUSTED',
      message: 'Quota exceeded',
      retryAfterMs: 7000,
    });
  });

  it('reports a refused connection with its system code (status 0)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const apiError = toApiError(await transport().request({ url: `http://127.0.0.1:${port}/v1/x` }).catch((e: unknown) => e));
    expect({ status: apiError.status, googleStatus: apiError.googleStatus }).toEqual({ status: 0, googleStatus: 'ECONNREFUSED' });
  });

  it('leaves a streamed body (a media upload) to gaxios\' own adapter, which sends it whole', async () => {
    const res = await transport().request({ url: `${root}upload`, method: 'POST', data: Readable.from(['part one, ', 'part two']), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(seen[0]?.body).toBe('part one, part two');
  });
});

describe('ChatClient, the two calls made per message', () => {
  const auth = () => {
    const client = new OAuth2Client();
    client.transporter = transport();
    client.setCredentials({ access_token: 'token-1', expiry_date: Date.now() + 3_600_000 });
    return client as unknown as JWT;
  };

  it('messages.create: the path, query and body Google documents, as the given user', async () => {
    await new ChatClient(root).createMessage(auth(), 'spaces/AAA', { text: 'hi', createTime: '2020-01-01T00:00:00.000Z', thread: { threadKey: 't-1' } }, 'client-abc');
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/v1/spaces/AAA/messages?messageId=client-abc&requestId=client-abc&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ text: 'hi', createTime: '2020-01-01T00:00:00.000Z', thread: { threadKey: 't-1' }, markupSyntax: 'MARKUP_SYNTAX_CHAT' });
    expect(seen[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('reactions.create: on the message, with the emoji', async () => {
    await new ChatClient(root).createReaction(auth(), 'spaces/AAA/messages/client-abc', '👍');
    expect(seen[0]?.url).toBe('/v1/spaces/AAA/messages/client-abc/reactions');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ emoji: { unicode: '👍' } });
  });

  it('a refused create is an ApiError with Google\'s status, message and advised wait', async () => {
    answer = (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 409, status: 'ALREADY_EXISTS', message: 'Message already exists', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' }] } }));
    };
    const error = await new ChatClient(root).createMessage(auth(), 'spaces/AAA', { text: 'hi' }, 'client-abc').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, googleStatus: 'ALREADY_EXISTS', message: 'Message already exists', retryAfterMs: 2500 });
  });
});

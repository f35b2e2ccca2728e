// Every request has a connect and a response timeout: a server that accepts a connection and never answers
// costs one timeout, then the call fails as an ApiError with status 0 that the retry policy retries like a reset.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client, gaxios, type JWT } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { TokenBroker } from '../../src/post/auth.js';
import { ChatClient } from '../../src/post/chat-client.js';
import { nodeHttpAdapter, type RequestTimeouts } from '../../src/post/http-adapter.js';
import { isRetryable, retryDelay } from '../../src/post/retry-policy.js';

const SHORT: RequestTimeouts = { connectMs: 1_000, responseMs: 150, uploadMs: 150 };

let server: Server;
let root: string;
/** Requests the server took and never answered (answered by `release`). */
const held: Array<{ req: IncomingMessage; res: ServerResponse }> = [];
let answerNext = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (answerNext > 0) {
      answerNext--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"name":"spaces/S/messages/client-1"}');
      return;
    }
    held.push({ req, res });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const auth = (): JWT => {
  const client = new OAuth2Client();
  client.transporter = new gaxios.Gaxios({ adapter: nodeHttpAdapter(SHORT) });
  client.setCredentials({ access_token: 'token-1', expiry_date: Date.now() + 3_600_000 });
  return client as unknown as JWT;
};

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error, 'the call should have timed out').toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('a hung server', () => {
  it('messages.create times out as status 0 RESPONSE_TIMEOUT, retried like a reset', async () => {
    const before = held.length;
    const error = await failure(new ChatClient(root, SHORT).createMessage(auth(), 'spaces/S', { text: 'hi' }, 'client-1'));
    expect({ status: error.status, googleStatus: error.googleStatus, message: error.message })
      .toEqual({ status: 0, googleStatus: 'RESPONSE_TIMEOUT', message: `no complete answer from ${root.slice(0, -1)} within 150 ms` });
    expect(held.length).toBe(before + 1);
    expect(isRetryable(error)).toBe(true);
    expect(retryDelay(1, error, 0)).toBe(1_000);
    // The retry reaches a server that answers again.
    answerNext = 1;
    expect(await new ChatClient(root, SHORT).createMessage(auth(), 'spaces/S', { text: 'hi' }, 'client-1')).toEqual({ name: 'spaces/S/messages/client-1' });
  });

  it('messages.list times out the same way', async () => {
    const error = await failure(new ChatClient(root, SHORT).listMessages(auth(), 'spaces/S'));
    expect({ status: error.status, googleStatus: error.googleStatus }).toEqual({ status: 0, googleStatus: 'RESPONSE_TIMEOUT' });
  });

  it('the token request times out as a transient ApiError, not a fatal one', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = { client_email: 'sa@p.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const error = await failure(new TokenBroker(key, root, undefined, SHORT).clientFor('ann@example.com'));
    expect({ status: error.status, googleStatus: error.googleStatus, retryable: isRetryable(error) }).toEqual({ status: 0, googleStatus: 'RESPONSE_TIMEOUT', retryable: true });
    expect(error.message).toBe(`token request to ${root}token failed: no complete answer from ${root.slice(0, -1)} within 150 ms`);
  });
});

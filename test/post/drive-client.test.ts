// The Drive client's requests as they leave it (through a stand-in for the auth client's request()): the lookup
// query, the streamed multipart body byte for byte, the domain share; and how Drive's answers become ApiErrors.
import type { JWT } from 'google-auth-library';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { DriveClient } from '../../src/post/drive.js';

interface Sent {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

/** An auth client whose request() records what it was asked to send and answers `answer` (or throws it). */
function authAnswering(answer: unknown, sent: Sent[], fail = false): JWT {
  return {
    request: async (options: { url: string; method: string; headers?: Record<string, string>; data?: string | Readable }) => {
      let body: string | undefined;
      if (typeof options.data === 'string') body = options.data;
      else if (options.data) {
        const chunks: Buffer[] = [];
        for await (const chunk of options.data) chunks.push(Buffer.from(chunk as Buffer));
        body = Buffer.concat(chunks).toString('utf8');
      }
      sent.push({ url: options.url, method: options.method, ...(options.headers ? { headers: options.headers } : {}), ...(body !== undefined ? { body } : {}) });
      if (fail) throw answer;
      return { data: answer };
    },
  } as unknown as JWT;
}

describe('DriveClient', () => {
  const client = new DriveClient('http://127.0.0.1:9/');

  it('looks a file up by its appProperties key, in the caller\'s Drive, not in the trash', async () => {
    const sent: Sent[] = [];
    const found = await client.findByKey(authAnswering({ files: [{ id: 'D1', webViewLink: 'https://drive.google.com/file/d/D1/view' }] }, sent), 'spaces/S1/file-abc');
    expect(found).toEqual({ id: 'D1', webViewLink: 'https://drive.google.com/file/d/D1/view' });
    const url = new URL(sent[0]?.url ?? '');
    expect([sent[0]?.method, url.origin + url.pathname, Object.fromEntries(url.searchParams)]).toEqual([
      'GET',
      'http://127.0.0.1:9/drive/v3/files',
      { q: "appProperties has { key='chatImportFile' and value='spaces/S1/file-abc' } and trashed = false", spaces: 'drive', pageSize: '10', fields: 'files(id,webViewLink)' },
    ]);
    expect(await client.findByKey(authAnswering({ files: [] }, []), 'k')).toBeUndefined();
  });

  it('creates a file with one multipart/related body: the metadata with its key, then the bytes as they stream', async () => {
    const sent: Sent[] = [];
    const body = Readable.from([Buffer.from('MZ first chunk, '), Buffer.from('second chunk')]);
    const created = await client.create(authAnswering({ id: 'D2', webViewLink: 'https://drive.google.com/file/d/D2/view' }, sent), { name: 'setup.exe', mimeType: 'application/x-msdownload', key: 'spaces/S1/file-abc', body });
    expect(created.id).toBe('D2');
    const request = sent[0] as Sent;
    expect([request.method, request.url]).toEqual(['POST', 'http://127.0.0.1:9/upload/drive/v3/files?uploadType=multipart&fields=id,webViewLink']);
    const boundary = /^multipart\/related; boundary=(\S+)$/.exec(request.headers?.['content-type'] ?? '')?.[1];
    expect(boundary, request.headers?.['content-type']).toBeDefined();
    expect(request.body).toBe(
      `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n` +
        '{"name":"setup.exe","mimeType":"application/x-msdownload","appProperties":{"chatImportFile":"spaces/S1/file-abc"}}' +
        `\r\n--${boundary}\r\ncontent-type: application/x-msdownload\r\n\r\nMZ first chunk, second chunk\r\n--${boundary}--\r\n`,
    );
  });

  it('shares a file with the domain by link, not discoverable', async () => {
    const sent: Sent[] = [];
    await client.shareWithDomain(authAnswering({ id: 'P1' }, sent), 'D/2', 'example.com');
    expect(sent).toEqual([{
      url: 'http://127.0.0.1:9/drive/v3/files/D%2F2/permissions?fields=id',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"domain","role":"reader","domain":"example.com","allowFileDiscovery":false}',
    }]);
  });

  it('turns Drive\'s 403 rate limits into a retryable 429, and keeps other refusals as they are', async () => {
    const answer = (reason: string) => ({ message: 'Request failed with status code 403', status: 403, response: { status: 403, data: { error: { code: 403, message: `${reason} says Drive`, errors: [{ reason }] } } } });
    const failure = async (reason: string) => client.findByKey(authAnswering(answer(reason), [], true), 'k').catch((e: unknown) => e);
    for (const reason of ['userRateLimitExceeded', 'rateLimitExceeded']) {
      const error = await failure(reason);
      expect(error instanceof ApiError && [error.status, error.googleStatus, error.message], reason).toEqual([429, 'RESOURCE_EXHAUSTED', `${reason} says Drive`]);
    }
    const denied = await failure('insufficientFilePermissions');
    expect(denied instanceof ApiError && [denied.status, denied.googleStatus]).toEqual([403, 'HTTP_403']);
  });
});

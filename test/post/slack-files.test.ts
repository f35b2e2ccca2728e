// The Slack file fetcher in process, with a scripted HTTP GET and a fake clock: what it hands on, what it refuses
// (wrong size, an HTML sign-in page, 403/404), how it retries (429 with Retry-After, 5xx), where it sends the
// token, and how many downloads it runs at once.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileBytesError } from '../../src/errors.js';
import type { LinkedFile } from '../../src/model.js';
import { resolveFileUrl, SlackFiles, type HttpGet } from '../../src/post/slack-files.js';
import { FakeClock } from '../helpers/fake-clock.js';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** A GET that answers from a script, one answer per request, and records what was asked. */
function scripted(answers: Answer[]): { get: HttpGet; requests: Array<{ url: string; headers: Record<string, string> }> } {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const get: HttpGet = async (url, headers) => {
    requests.push({ url, headers });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${url}`);
    const body = answer.body === undefined ? [] : [Buffer.from(answer.body)];
    return Object.assign(Readable.from(body), { statusCode: answer.status, headers: answer.headers ?? {} }) as unknown as IncomingMessage;
  };
  return { get, requests };
}

const FILE: LinkedFile = { url: 'https://files.slack.com/files-pri/T1-F1/download/a.pdf?t=xoxe-1-abc', name: 'a.pdf', sizeBytes: 12, mimeType: 'application/pdf', conversationId: 'C1' };

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(FileBytesError);
    return (error as FileBytesError).message;
  }
  throw new Error('expected a FileBytesError, got success');
}

function fetcher(answers: Answer[], extra: Partial<ConstructorParameters<typeof SlackFiles>[0]> = {}) {
  const clock = new FakeClock();
  const http = scripted(answers);
  return { clock, requests: http.requests, files: new SlackFiles({ clock, random: () => 0, get: http.get, ...extra }) };
}

describe('SlackFiles', () => {
  it('hands on the bytes of a download whose size matches the export', async () => {
    const { files, requests } = fetcher([{ status: 200, headers: { 'content-type': 'application/pdf', 'content-length': '12' }, body: 'hello world!' }]);
    expect(await read(await files.open(FILE))).toBe('hello world!');
    expect(requests).toEqual([{ url: FILE.url, headers: {} }]);
  });

  it('refuses a Content-Length other than the export size before passing a byte on', async () => {
    const { files } = fetcher([{ status: 200, headers: { 'content-length': '10' }, body: '0123456789' }]);
    expect(await failure(files.open(FILE))).toBe('Slack sent 10 bytes where the export says 12');
  });

  it('errors the stream when a download without Content-Length ends short or runs long', async () => {
    const short = fetcher([{ status: 200, body: 'too short' }]);
    expect(await failure(read(await short.files.open(FILE)))).toBe('9 bytes where the export says 12');
    const long = fetcher([{ status: 200, body: 'much too long here' }]);
    expect(await failure(read(await long.files.open(FILE)))).toBe('more than the 12 bytes the export declares');
  });

  it("treats Slack's HTML sign-in page as a failed fetch, but not an HTML file", async () => {
    const { files } = fetcher([{ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><h1>Sign in</h1>' }]);
    expect(await failure(files.open(FILE))).toBe('Slack answered with an HTML page instead of the file (a sign-in page: the token is missing, expired or revoked)');
    const page = fetcher([{ status: 200, headers: { 'content-type': 'text/html' }, body: '<p>hi</p>' }]);
    expect(await read(await page.files.open({ ...FILE, name: 'page.html', mimeType: 'text/html', sizeBytes: 9 }))).toBe('<p>hi</p>');
  });

  it('gives up at once on 403 and 404', async () => {
    const { files, clock } = fetcher([{ status: 404 }, { status: 403 }]);
    expect(await failure(files.open(FILE))).toBe('HTTP 404 (not found: deleted on Slack?)');
    expect(await failure(files.open(FILE))).toBe('HTTP 403 (access denied: token missing, expired or without files:read)');
    expect(clock.sleeps).toEqual([]);
  });

  it('waits out a 429 for its Retry-After, then downloads', async () => {
    const { files, clock, requests } = fetcher([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: 'hello world!' }]);
    expect(await read(await files.open(FILE))).toBe('hello world!');
    expect(clock.sleeps).toEqual([7_000]);
    expect(requests.length).toBe(2);
  });

  it('retries 5xx and network errors with backoff, then fails naming the last answer', async () => {
    const { files, clock } = fetcher([{ status: 503 }, { status: 500 }, { status: 502 }, { status: 503 }, { status: 503 }]);
    expect(await failure(files.open(FILE))).toBe('HTTP 503, 5 attempts');
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000]);
    const clock2 = new FakeClock();
    let calls = 0;
    const flaky = new SlackFiles({ clock: clock2, random: () => 0, get: async (url, headers, timeout) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return scripted([{ status: 200, body: 'hello world!' }]).get(url, headers, timeout);
    } });
    expect(await read(await flaky.open(FILE))).toBe('hello world!');
    expect(clock2.sleeps).toEqual([1_000]);
  });

  it('sends the Slack token as Bearer to the files host (or its stand-in), and not where a redirect leads', async () => {
    const { files, requests } = fetcher(
      [{ status: 302, headers: { location: '/files-pri/T1-F1/other.pdf' } }, { status: 302, headers: { location: 'https://cdn.example.net/x.pdf' } }, { status: 200, body: 'hello world!' }],
      { token: 'xoxp-1-user', filesRoot: 'http://127.0.0.1:9/__slack' },
    );
    expect(await read(await files.open(FILE))).toBe('hello world!');
    expect(requests).toEqual([
      { url: 'http://127.0.0.1:9/__slack/files-pri/T1-F1/download/a.pdf?t=xoxe-1-abc', headers: { authorization: 'Bearer xoxp-1-user' } },
      { url: 'http://127.0.0.1:9/files-pri/T1-F1/other.pdf', headers: { authorization: 'Bearer xoxp-1-user' } },
      { url: 'https://cdn.example.net/x.pdf', headers: {} },
    ]);
    expect(resolveFileUrl('https://example.com/a', 'http://x/')).toBe('https://example.com/a');
  });

  it('runs at most `concurrency` downloads at once; a slot frees when its stream is read or destroyed', async () => {
    const { files, requests } = fetcher([{ status: 200, body: 'hello world!' }, { status: 200, body: 'hello world!' }, { status: 200, body: 'hello world!' }], { concurrency: 2 });
    const first = await files.open(FILE);
    const second = await files.open(FILE);
    let thirdOpened = false;
    const third = files.open(FILE).then((s) => ((thirdOpened = true), s));
    await new Promise((resolve) => setImmediate(resolve));
    expect([requests.length, thirdOpened]).toEqual([2, false]);
    second.destroy();
    expect(await read(await third)).toBe('hello world!');
    expect(await read(first)).toBe('hello world!');
    expect(requests.length).toBe(3);
  });
});

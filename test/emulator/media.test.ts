// media.upload and attachment references: chat-api.md §3; §9 rules 33–35.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, importSpace, jwtFor, keyFor } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let space: string;
let tick = 0;
const nextTime = () => new Date(Date.UTC(2021, 0, 1) + ++tick * 1000).toISOString();

beforeAll(async () => {
  emu = await startEmulator();
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  space = (await importSpace(alice)).name as string;
});
afterAll(async () => {
  await emu.stop();
});

/** media.upload as chat-import calls it: rootUrl per call, because media.upload ignores the global one. */
const upload = (filename: string | undefined, body: string | Readable = 'hello world', parent = space, client = alice, mimeType = 'text/plain') =>
  client.media.upload({ parent, requestBody: filename === undefined ? {} : { filename }, media: { mimeType, body } }, { rootUrl: emu.url });

describe('media.upload', () => {
  it('rule 33: returns an attachmentDataRef; the message shows the attachment; the dump keeps size and SHA-256 only', async () => {
    const res = await upload('notes.txt', 'hello world');
    expect(Object.keys(res.data.attachmentDataRef ?? {}).sort()).toEqual(['attachmentUploadToken', 'resourceName']);
    const message = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'see file', createTime: nextTime(), attachment: [res.data] } });
    expect(message.data.attachment?.map((a) => [a.contentName, a.contentType, a.source])).toEqual([['notes.txt', 'text/plain', 'UPLOADED_CONTENT']]);
    expect(emu.dump().messages.find((m) => m.name === message.data.name)?.attachments).toEqual([{
      contentName: 'notes.txt', contentType: 'text/plain', sizeBytes: 11,
      sha256: createHash('sha256').update('hello world').digest('hex'),
    }]);
  });

  it('streams binary media of any chunking intact', async () => {
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 70_001), bytes.subarray(70_001)];
    const res = await upload('photo.png', Readable.from(chunks), space, alice, 'image/png');
    const message = await alice.spaces.messages.create({ parent: space, requestBody: { createTime: nextTime(), attachment: [res.data] } });
    expect(emu.dump().messages.find((m) => m.name === message.data.name)?.attachments[0]).toEqual({
      contentName: 'photo.png', contentType: 'image/png', sizeBytes: 300_000, sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('rule 33: filename is required (400)', async () => {
    await expectGoogleError(upload(undefined), 400, 'INVALID_ARGUMENT');
    await expectGoogleError(upload(''), 400, 'INVALID_ARGUMENT');
  });

  it.each([['setup.exe'], ['script.JS'], ['disk.iso']])('rule 33: refuses the blocked file %s (400)', async (filename) => {
    await expectGoogleError(upload(filename), 400, 'INVALID_ARGUMENT');
  });

  it('rule 33: a media-only upload (no metadata) and a metadata-only request are 400', async () => {
    await expectGoogleError(alice.media.upload({ parent: space, media: { mimeType: 'text/plain', body: 'x' } }, { rootUrl: emu.url }),
      400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.media.upload({ parent: space, requestBody: { filename: 'a.txt' } }, { rootUrl: emu.url }),
      400, 'INVALID_ARGUMENT');
  });

  it('rule 33: uploads over 200 MB are refused (400)', async () => {
    const mb = Buffer.alloc(1024 * 1024, 1);
    await expectGoogleError(upload('huge.bin', Readable.from((function* () {
      for (let i = 0; i < 201; i++) yield mb;
    })())), 400, 'INVALID_ARGUMENT');
  });

  it('rule 33: impersonation only in import mode (the app gets 403)', async () => {
    await expectGoogleError(upload('a.txt', 'x', space, chatAs(emu, key)), 403, 'PERMISSION_DENIED');
  });
});

describe('attachment references (rule 34)', () => {
  it('an upload can be attached once (reuse → 400)', async () => {
    const res = await upload('once.txt');
    await alice.spaces.messages.create({ parent: space, requestBody: { text: 'first', createTime: nextTime(), attachment: [res.data] } });
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'second', createTime: nextTime(), attachment: [res.data] } }),
      400, 'INVALID_ARGUMENT');
  });

  it('an upload belongs to its space (another space → 400); unknown tokens are 400', async () => {
    const other = (await importSpace(alice)).name as string;
    const res = await upload('here.txt', 'x', other);
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'x', createTime: nextTime(), attachment: [res.data] } }),
      400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'x', createTime: nextTime(),
      attachment: [{ attachmentDataRef: { resourceName: 'r', attachmentUploadToken: 'forged' } }] } }), 400, 'INVALID_ARGUMENT');
    // The refused message did not use up the upload.
    const ok = await alice.spaces.messages.create({ parent: other, requestBody: { text: 'x', createTime: nextTime(), attachment: [res.data] } });
    expect(ok.data.attachment).toHaveLength(1);
  });
});

describe('malformed uploads', () => {
  async function rawUpload(body: string, contentType = 'multipart/related; boundary=xyz') {
    const token = (await jwtFor(emu, key, 'alice@example.com').authorize()).access_token as string;
    const res = await fetch(`${emu.url}upload/v1/${space}/attachments:upload?uploadType=multipart`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body,
    });
    return [res.status, ((await res.json()) as { error?: { status: string } }).error?.status];
  }
  const part = (type: string, content: string) => `--xyz\r\ncontent-type: ${type}\r\n\r\n${content}\r\n`;

  it.each([
    ['three parts', part('application/json', '{"filename":"a.txt"}') + part('text/plain', 'a') + part('text/plain', 'b') + '--xyz--'],
    ['no closing boundary', part('application/json', '{"filename":"a.txt"}') + part('text/plain', 'a')],
    ['metadata that is not JSON', part('application/json', 'filename=a.txt') + part('text/plain', 'a') + '--xyz--'],
    ['no media part', part('application/json', '{"filename":"a.txt"}') + '--xyz--'],
  ])('answers 400 INVALID_ARGUMENT for %s', async (_what, body) => {
    expect(await rawUpload(body)).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('answers 400 without a multipart/related content type, and accepts a well-formed raw body', async () => {
    const body = part('application/json', '{"filename":"a.txt"}') + part('text/plain', 'abc') + '--xyz--';
    expect(await rawUpload(body, 'application/json')).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await rawUpload(body)).toEqual([200, undefined]);
  });
});

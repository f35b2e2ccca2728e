// Messages in import mode: chat-api.md §2 and §9 rules 18–30.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, importSpace, keyFor } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let bob: ReturnType<typeof chatAs>;
let app: ReturnType<typeof chatAs>;
let space: string;

beforeAll(async () => {
  emu = await startEmulator();
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  bob = chatAs(emu, key, 'bob@example.com');
  app = chatAs(emu, key);
  space = (await importSpace(alice, '2020-01-01T00:00:00Z')).name as string;
});
afterAll(async () => {
  await emu.stop();
});

let tick = 0;
/** A distinct historical createTime per call (createTimes must be unique in a space). */
const nextTime = () => new Date(Date.UTC(2021, 0, 1) + ++tick * 1000).toISOString();

describe('attribution', () => {
  it('rule 26: the message sender is the impersonated user, as a stable numeric users/{id}', async () => {
    const first = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'from alice', createTime: nextTime() } });
    const second = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'again', createTime: nextTime() } });
    const fromBob = await bob.spaces.messages.create({ parent: space, requestBody: { text: 'from bob', createTime: nextTime() } });
    expect(first.data.sender).toEqual({ name: expect.stringMatching(/^users\/1\d{20}$/), type: 'HUMAN' });
    expect(second.data.sender?.name).toBe(first.data.sender?.name);
    expect(fromBob.data.sender?.name).not.toBe(first.data.sender?.name);
    const dumped = emu.dump().messages.find((m) => m.name === first.data.name);
    expect(dumped).toMatchObject({ senderEmail: 'alice@example.com', sender: first.data.sender?.name, text: 'from alice' });
    // The same id comes back when alice is named by email elsewhere (here: a historical membership).
    const member = await alice.spaces.members.create({ parent: space, requestBody: {
      member: { name: 'users/alice@example.com', type: 'HUMAN' }, deleteTime: '2021-06-01T00:00:00Z' } });
    expect(member.data.member?.name).toBe(first.data.sender?.name);
  });

  it('rule 26: app-authored messages are the app\'s (BOT), and only the app can get them (rule 27)', async () => {
    const res = await app.spaces.messages.create({ parent: space, requestBody: { text: 'by the app', createTime: nextTime() } });
    expect(res.data.sender?.type).toBe('BOT');
    expect((await app.spaces.messages.get({ name: res.data.name as string })).data.text).toBe('by the app');
    await expectGoogleError(alice.spaces.messages.get({ name: res.data.name as string }), 403, 'PERMISSION_DENIED');
    const byAlice = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'alice', createTime: nextTime() } });
    await expectGoogleError(app.spaces.messages.get({ name: byAlice.data.name as string }), 403, 'PERMISSION_DENIED');
  });
});

describe('content', () => {
  it('rule 18: user authentication is text only (cardsV2 → 400)', async () => {
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'x', createTime: nextTime(), cardsV2: [{ cardId: 'c' }] } }),
      400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { createTime: nextTime() } }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 19: text is limited to 32,000 UTF-8 bytes', async () => {
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'é'.repeat(16_001), createTime: nextTime() } }),
      400, 'INVALID_ARGUMENT');
    const res = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'é'.repeat(16_000), createTime: nextTime() } });
    expect(res.data.text).toHaveLength(16_000);
  });
});

describe('createTime', () => {
  it.each([
    ['before the space createTime', '2019-12-31T23:59:59Z'],
    ['in the future', new Date(Date.now() + 3_600_000).toISOString()],
  ])('rule 20: refuses a createTime %s (400)', async (_what, createTime) => {
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'x', createTime } }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 20: createTime is unique per space at microsecond precision, deleted messages included', async () => {
    const first = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'a', createTime: '2022-02-02T10:00:00.123456Z' } });
    expect(first.data.createTime).toBe('2022-02-02T10:00:00.123456Z');
    await expectGoogleError(bob.spaces.messages.create({ parent: space, requestBody: { text: 'b', createTime: '2022-02-02T10:00:00.123456Z' } }),
      400, 'INVALID_ARGUMENT');
    // The same instant written with an offset is the same createTime.
    await expectGoogleError(bob.spaces.messages.create({ parent: space, requestBody: { text: 'b', createTime: '2022-02-02T11:00:00.123456+01:00' } }),
      400, 'INVALID_ARGUMENT');
    const next = await bob.spaces.messages.create({ parent: space, requestBody: { text: 'b', createTime: '2022-02-02T10:00:00.123457Z' } });
    expect(next.data.createTime).toBe('2022-02-02T10:00:00.123457Z');
    await alice.spaces.messages.delete({ name: first.data.name as string });
    await expectGoogleError(alice.spaces.messages.create({ parent: space, requestBody: { text: 'c', createTime: '2022-02-02T10:00:00.123456Z' } }),
      400, 'INVALID_ARGUMENT');
  });
});

describe('messageId and requestId', () => {
  it.each([
    ['without the client- prefix', 'msg-1'],
    ['with upper case', 'client-ABC'],
    ['with an underscore', 'client-a_b'],
    ['longer than 63 characters', `client-${'a'.repeat(57)}`],
  ])('rule 22: refuses a messageId %s (400)', async (_what, messageId) => {
    await expectGoogleError(alice.spaces.messages.create({ parent: space, messageId, requestBody: { text: 'x', createTime: nextTime() } }),
      400, 'INVALID_ARGUMENT');
  });

  it('rule 22: a 63-character id works, is addressable by name, and its reuse is 409 ALREADY_EXISTS (even after deletion)', async () => {
    const messageId = `client-${'b'.repeat(56)}`;
    const res = await alice.spaces.messages.create({ parent: space, messageId, requestBody: { text: 'x', createTime: nextTime() } });
    expect(res.data.clientAssignedMessageId).toBe(messageId);
    await expectGoogleError(bob.spaces.messages.create({ parent: space, messageId, requestBody: { text: 'y', createTime: nextTime() } }),
      409, 'ALREADY_EXISTS');
    await alice.spaces.messages.delete({ name: `${space}/messages/${messageId}` });
    await expectGoogleError(alice.spaces.messages.create({ parent: space, messageId, requestBody: { text: 'z', createTime: nextTime() } }),
      409, 'ALREADY_EXISTS');
  });

  it('rule 23: a repeated requestId returns the first message and creates nothing; another user gets 400', async () => {
    const before = emu.dump().messages.length;
    const first = await alice.spaces.messages.create({ parent: space, requestId: 'req-1', messageId: 'client-req-1',
      requestBody: { text: 'first', createTime: nextTime() } });
    const again = await alice.spaces.messages.create({ parent: space, requestId: 'req-1', messageId: 'client-req-1',
      requestBody: { text: 'different body', createTime: nextTime() } });
    expect(again.data.name).toBe(first.data.name);
    expect(again.data.text).toBe('first');
    expect(emu.dump().messages.length).toBe(before + 1);
    await expectGoogleError(bob.spaces.messages.create({ parent: space, requestId: 'req-1', requestBody: { text: 'x', createTime: nextTime() } }),
      400, 'INVALID_ARGUMENT');
  });
});

describe('updates and deletes', () => {
  it('rule 27: only the creating identity may update; it gets a lastUpdateTime', async () => {
    const res = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'v1', createTime: nextTime() } });
    const name = res.data.name as string;
    await expectGoogleError(bob.spaces.messages.patch({ name, updateMask: 'text', requestBody: { text: 'v2' } }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(app.spaces.messages.patch({ name, updateMask: 'text', requestBody: { text: 'v2' } }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(alice.spaces.messages.patch({ name, requestBody: { text: 'v2' } }), 400, 'INVALID_ARGUMENT');
    const updated = await alice.spaces.messages.patch({ name, updateMask: 'text', requestBody: { text: 'v2' } });
    expect(updated.data.text).toBe('v2');
    expect(updated.data.lastUpdateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('rule 27: in import mode any domain user may delete; the app only its own messages', async () => {
    const res = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'doomed', createTime: nextTime() } });
    await expectGoogleError(app.spaces.messages.delete({ name: res.data.name as string }), 403, 'PERMISSION_DENIED');
    await bob.spaces.messages.delete({ name: res.data.name as string });
    await expectGoogleError(app.spaces.messages.get({ name: res.data.name as string }), 404, 'NOT_FOUND');
  });

  it('rule 28: a message with replies needs force=true to be deleted (400 FAILED_PRECONDITION)', async () => {
    const root = await alice.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'root', createTime: nextTime(), thread: { threadKey: 'delete-me' } } });
    const reply = await bob.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'reply', createTime: nextTime(), thread: { threadKey: 'delete-me' } } });
    await expectGoogleError(alice.spaces.messages.delete({ name: root.data.name as string }), 400, 'FAILED_PRECONDITION');
    await alice.spaces.messages.delete({ name: root.data.name as string, force: true });
    const names = new Set(emu.dump().messages.map((m) => m.name));
    expect([names.has(root.data.name as string), names.has(reply.data.name as string)]).toEqual([false, false]);
  });

  it('rule 27: messages.list is impersonation only (app → 403)', async () => {
    await expectGoogleError(app.spaces.messages.list({ parent: space }), 403, 'PERMISSION_DENIED');
  });
});

describe('quotedMessageMetadata', () => {
  it('rule 30: needs the quoted message\'s current lastUpdateTime, and a root may be quoted from a new root', async () => {
    const quoted = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'quote me', createTime: nextTime() } });
    const stale = { name: quoted.data.name as string, lastUpdateTime: '2001-01-01T00:00:00Z' };
    await expectGoogleError(bob.spaces.messages.create({ parent: space, requestBody: { text: 'q', createTime: nextTime(), quotedMessageMetadata: stale } }),
      400, 'INVALID_ARGUMENT');
    const res = await bob.spaces.messages.create({ parent: space, requestBody: { text: 'q', createTime: nextTime(),
      quotedMessageMetadata: { name: quoted.data.name, lastUpdateTime: quoted.data.createTime } } });
    expect(res.data.quotedMessageMetadata?.name).toBe(quoted.data.name);
  });

  it('rule 30: a reply cannot quote a message of another thread', async () => {
    const other = await alice.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'other root', createTime: nextTime(), thread: { threadKey: 'quote-a' } } });
    const otherReply = await alice.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'other reply', createTime: nextTime(), thread: { threadKey: 'quote-a' } } });
    await alice.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'root b', createTime: nextTime(), thread: { threadKey: 'quote-b' } } });
    await expectGoogleError(bob.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'reply b', createTime: nextTime(), thread: { threadKey: 'quote-b' },
        quotedMessageMetadata: { name: otherReply.data.name, lastUpdateTime: otherReply.data.createTime } } }), 400, 'INVALID_ARGUMENT');
    const sameThread = await bob.spaces.messages.create({ parent: space, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'reply a', createTime: nextTime(), thread: { threadKey: 'quote-a' },
        quotedMessageMetadata: { name: other.data.name, lastUpdateTime: other.data.createTime } } });
    expect(sameThread.data.threadReply).toBe(true);
  });
});

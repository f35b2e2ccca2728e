// Threads: thread.threadKey with messageReplyOption (chat-api.md §2; §9 rules 24, 25).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, importSpace, keyFor } from './helpers.js';

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

const post = (threadKey: string | undefined, messageReplyOption?: string, threadName?: string) =>
  alice.spaces.messages.create({
    parent: space,
    messageReplyOption,
    requestBody: { text: 'm', createTime: nextTime(), thread: { threadKey, name: threadName } },
  });

describe('messageReplyOption', () => {
  it('rule 25: the default option starts a new thread every time and ignores the key', async () => {
    const a = await post('k-default');
    const b = await post('k-default');
    expect(a.data.thread?.name).not.toBe(b.data.thread?.name);
    expect([a.data.threadReply, b.data.threadReply]).toEqual([undefined, undefined]);
    expect(a.data.thread?.threadKey).toBeUndefined();
  });

  it('rule 25: FALLBACK starts a keyed thread, then replies in it', async () => {
    const root = await post('k-fallback', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    const reply = await post('k-fallback', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(root.data.thread).toEqual({ name: expect.stringMatching(new RegExp(`^${space}/threads/`)), threadKey: 'k-fallback' });
    expect(reply.data.thread?.name).toBe(root.data.thread?.name);
    expect([root.data.threadReply, reply.data.threadReply]).toEqual([undefined, true]);
    const dumped = emu.dump().messages.find((m) => m.name === reply.data.name);
    expect(dumped).toMatchObject({ threadName: root.data.thread?.name, threadKey: 'k-fallback', threadReply: true });
  });

  it('rule 25: OR_FAIL with an unknown thread.name is 404 NOT_FOUND; a new key starts a thread; a known name replies', async () => {
    await expectGoogleError(post(undefined, 'REPLY_MESSAGE_OR_FAIL', `${space}/threads/nope`), 404, 'NOT_FOUND');
    const root = await post('k-orfail', 'REPLY_MESSAGE_OR_FAIL');
    expect(root.data.threadReply).toBeUndefined();
    const reply = await post(undefined, 'REPLY_MESSAGE_OR_FAIL', root.data.thread?.name as string);
    expect([reply.data.thread?.name, reply.data.threadReply]).toEqual([root.data.thread?.name, true]);
  });

  it('rule 25: an unknown option is 400', async () => {
    await expectGoogleError(post('k', 'REPLY_SOMEHOW'), 400, 'INVALID_ARGUMENT');
  });

  it('rule 24: thread keys are limited to 4,000 characters', async () => {
    await expectGoogleError(post('k'.repeat(4001), 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD'), 400, 'INVALID_ARGUMENT');
    const res = await post('k'.repeat(4000), 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(res.data.thread?.threadKey).toHaveLength(4000);
  });

  it('rule 24: the deprecated threadKey query parameter works like thread.threadKey', async () => {
    const root = await post('k-query', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    const reply = await alice.spaces.messages.create({ parent: space, threadKey: 'k-query', messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      requestBody: { text: 'via query', createTime: nextTime() } });
    expect(reply.data.thread?.name).toBe(root.data.thread?.name);
  });
});

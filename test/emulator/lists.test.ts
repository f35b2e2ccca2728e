// messages.list paging, filters and ordering (chat-api.md §2; §9 rule 31), and list page sizes (rule 32).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, importSpace, keyFor } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let space: string;
let threadName: string;
/** createTimes of the 30 messages, one minute apart from 2021-01-01T00:01:00Z, posted out of order. */
const times = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2021, 0, 1) + (i + 1) * 60_000).toISOString());

beforeAll(async () => {
  emu = await startEmulator();
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  space = (await importSpace(alice)).name as string;
  // Post in a shuffled order: lists must still come back sorted by createTime.
  const order = times.map((_, i) => (i * 7) % 30);
  for (const i of order) {
    const inThread = i % 5 === 0;
    const res = await alice.spaces.messages.create({
      parent: space,
      messageId: `client-m${i}`,
      ...(inThread ? { messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' } : {}),
      requestBody: { text: `m${i}`, createTime: times[i], ...(inThread ? { thread: { threadKey: 'fives' } } : {}) },
    });
    if (inThread) threadName = res.data.thread?.name as string;
  }
});
afterAll(async () => {
  await emu.stop();
});

const texts = (data: { messages?: Array<{ text?: string | null }> }) => (data.messages ?? []).map((m) => m.text);

describe('messages.list', () => {
  it('returns 25 by default, sorted by createTime, with a token for the rest', async () => {
    const page1 = await alice.spaces.messages.list({ parent: space });
    expect(texts(page1.data)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
    const page2 = await alice.spaces.messages.list({ parent: space, pageToken: page1.data.nextPageToken as string });
    expect(texts(page2.data)).toEqual(['m25', 'm26', 'm27', 'm28', 'm29']);
    expect(page2.data.nextPageToken).toBeUndefined();
  });

  it('pages with a chosen pageSize until the end', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await alice.spaces.messages.list({ parent: space, pageSize: 7, pageToken });
      seen.push(...(texts(res.data) as string[]));
      pageToken = res.data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect([pages, seen.length, new Set(seen).size]).toEqual([5, 30, 30]);
  });

  it('rule 31: a negative pageSize is 400', async () => {
    await expectGoogleError(alice.spaces.messages.list({ parent: space, pageSize: -1 }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 31: filters on create_time > and < (exclusive), joined by AND', async () => {
    const res = await alice.spaces.messages.list({ parent: space,
      filter: `create_time > "${times[2]}" AND create_time < "2021-01-01T00:07:00+00:00"` });
    expect(texts(res.data)).toEqual(['m3', 'm4', 'm5']);
  });

  it.each([
    ['>= is not in the grammar', `create_time >= "${times[2]}"`],
    ['the timestamp must be quoted', `create_time > ${times[2]}`],
    ['OR is not in the grammar', `create_time > "${times[2]}" OR create_time < "${times[5]}"`],
    ['unknown fields', 'sender.name = "users/1"'],
  ])('rule 31: refuses a filter where %s (400)', async (_what, filter) => {
    await expectGoogleError(alice.spaces.messages.list({ parent: space, filter }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 31: filters by thread.name', async () => {
    const res = await alice.spaces.messages.list({ parent: space, filter: `thread.name = ${threadName}` });
    expect(texts(res.data)).toEqual(['m0', 'm5', 'm10', 'm15', 'm20', 'm25']);
  });

  it('rule 31: orders by create_time DESC and pages backwards', async () => {
    const page1 = await alice.spaces.messages.list({ parent: space, orderBy: 'create_time DESC', pageSize: 3 });
    expect(texts(page1.data)).toEqual(['m29', 'm28', 'm27']);
    const page2 = await alice.spaces.messages.list({ parent: space, orderBy: 'create_time DESC', pageSize: 3,
      pageToken: page1.data.nextPageToken as string });
    expect(texts(page2.data)).toEqual(['m26', 'm25', 'm24']);
    await expectGoogleError(alice.spaces.messages.list({ parent: space, orderBy: 'sender DESC' }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 31: a page token only works with the filter it came from (400)', async () => {
    const page1 = await alice.spaces.messages.list({ parent: space, pageSize: 2 });
    await expectGoogleError(alice.spaces.messages.list({ parent: space, pageSize: 2, pageToken: page1.data.nextPageToken as string,
      filter: `create_time > "${times[0]}"` }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 31: deleted messages show only with showDeleted, with a deleteTime', async () => {
    const other = (await importSpace(alice)).name as string;
    const res = await alice.spaces.messages.create({ parent: other, requestBody: { text: 'gone', createTime: '2021-05-05T00:00:00Z' } });
    await alice.spaces.messages.delete({ name: res.data.name as string });
    expect((await alice.spaces.messages.list({ parent: other })).data).toEqual({});
    const shown = await alice.spaces.messages.list({ parent: other, showDeleted: true });
    expect(shown.data.messages?.map((m) => [m.name, typeof m.deleteTime])).toEqual([[res.data.name, 'string']]);
  });

  it('an empty space lists as {}', async () => {
    const empty = (await importSpace(alice)).name as string;
    expect((await alice.spaces.messages.list({ parent: empty })).data).toEqual({});
  });
});

describe('page sizes of the other lists (rule 32)', () => {
  it('reactions.list pages by 25 by default and caps pageSize at 200', async () => {
    const message = `${space}/messages/client-m1`;
    const people = Array.from({ length: 27 }, (_, i) => `r${i}@example.com`);
    for (const p of people) {
      await chatAs(emu, key, p).spaces.messages.reactions.create({ parent: message, requestBody: { emoji: { unicode: '👍' } } });
    }
    const page1 = await alice.spaces.messages.reactions.list({ parent: message });
    expect(page1.data.reactions).toHaveLength(25);
    const page2 = await alice.spaces.messages.reactions.list({ parent: message, pageToken: page1.data.nextPageToken as string });
    expect([page2.data.reactions?.length, page2.data.nextPageToken]).toEqual([2, undefined]);
    expect((await alice.spaces.messages.reactions.list({ parent: message, pageSize: 5000 })).data.reactions).toHaveLength(27);
    await expectGoogleError(alice.spaces.messages.reactions.list({ parent: message, pageSize: -3 }), 400, 'INVALID_ARGUMENT');
  });

  it('members.list pages with pageSize and refuses a negative one', async () => {
    for (let i = 0; i < 3; i++) {
      await alice.spaces.members.create({ parent: space, requestBody: { member: { name: `users/p${i}@example.com`, type: 'HUMAN' },
        deleteTime: '2022-01-01T00:00:00Z' } });
    }
    const page1 = await alice.spaces.members.list({ parent: space, pageSize: 2 });
    const page2 = await alice.spaces.members.list({ parent: space, pageSize: 2, pageToken: page1.data.nextPageToken as string });
    expect([page1.data.memberships?.length, page2.data.memberships?.length, page2.data.nextPageToken]).toEqual([2, 1, undefined]);
    await expectGoogleError(alice.spaces.members.list({ parent: space, pageSize: -1 }), 400, 'INVALID_ARGUMENT');
  });
});

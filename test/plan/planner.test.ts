import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationRecord, Message, Person } from '../../src/model.js';
import { planConversation, type PlanEvent } from '../../src/plan/planner.js';
import type { MessageOp } from '../../src/plan/types.js';

const people = new Map<string, Person>([
  ['U1', { id: 'U1', displayName: 'Ada', email: 'ada@example.com', isBot: false }],
  ['U2', { id: 'U2', displayName: 'Bob', isBot: false }],
  ['U3', { id: 'U3', displayName: 'Cy', email: 'cy@example.com', isBot: false }],
  ['B1', { id: 'B1', displayName: 'deploybot', isBot: true }],
]);
const channel: Conversation = { id: 'C1', name: 'general', kind: 'channel', createdMs: Date.UTC(2020, 0, 1), memberIds: ['U1', 'U2'], description: 'All hands' };
const NOW = Date.UTC(2026, 0, 1);

const msg = (id: string, timeMs: number, extra: Partial<Message> = {}): ConversationRecord => ({
  type: 'message',
  message: { conversationId: 'C1', id, authorId: 'U1', timeMs, text: `text ${id}`, ...extra },
});

async function plan(records: ConversationRecord[], conversation = channel, extra: { sinceMs?: number; untilMs?: number; drive?: boolean } = {}): Promise<PlanEvent[]> {
  async function* stream() {
    yield* records;
  }
  const events: PlanEvent[] = [];
  for await (const event of planConversation(conversation, stream(), { sourceKind: 'slack', people, nowMs: NOW, ...extra })) events.push(event);
  return events;
}
const messages = (events: PlanEvent[]) => events.flatMap((e) => (e.type === 'op' && e.op.type === 'message' ? [e.op] : []));
const fallbacks = (events: PlanEvent[]) => events.flatMap((e) => (e.type === 'fallback' ? [e.kind] : []));

describe('planConversation', () => {
  const t0 = Date.UTC(2021, 5, 1, 12);

  it('creates a SPACE from a channel, with its creation time and description', async () => {
    const events = await plan([msg('1', t0)]);
    expect(events[0]).toEqual({
      type: 'space',
      space: { conversationId: 'C1', kind: 'channel', spaceType: 'SPACE', displayName: 'general', description: 'All hands', createTime: '2020-01-01T00:00:00.000Z', createTimeMs: Date.UTC(2020, 0, 1), currentMemberEmails: [] },
    });
  });

  it('turns DMs into GROUP_CHAT spaces without a display name, created no later than their first message', async () => {
    const dm: Conversation = { id: 'D1', name: 'Ada, Bob', kind: 'dm', memberIds: ['U1', 'U2'] };
    const [first] = await plan([msg('1', t0)], dm);
    expect(first).toEqual({ type: 'space', space: { conversationId: 'D1', kind: 'dm', spaceType: 'GROUP_CHAT', createTime: new Date(t0).toISOString(), createTimeMs: t0, currentMemberEmails: [] } });
  });

  it('keeps createTimes unique by nudging +1 ms without reordering', async () => {
    const ops = messages(await plan([msg('a', t0), msg('b', t0), msg('c', t0 + 1), msg('d', t0 - 5)]));
    expect(ops.map((o) => [o.sourceId, o.createTimeMs - t0])).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);
  });

  it('puts replies in their root\'s thread and counts a missing root once', async () => {
    const ops = messages(await plan([
      msg('1.0', t0, { threadId: '1.0' }),
      msg('2.0', t0 + 10, { threadId: '1.0' }),
      msg('3.0', t0 + 20, { threadId: '0.5' }),
      msg('4.0', t0 + 30, { threadId: '0.5' }),
    ]));
    expect(ops[0]?.threadKey).toBe(ops[1]?.threadKey);
    expect(ops[2]?.threadKey).toBe(ops[3]?.threadKey);
    expect(ops[0]?.threadKey).not.toBe(ops[2]?.threadKey);
    expect(fallbacks(await plan([msg('3.0', t0, { threadId: '0.5' }), msg('4.0', t0 + 1, { threadId: '0.5' })]))).toEqual(['missing_thread_root']);
  });

  // A reply's id is admitted like any other, but it starts no thread (threads.ts).
  it.each([
    ['root, then its reply', [msg('1', t0), msg('2', t0 + 1, { threadId: '1' })], []],
    ['a reply whose root is a reply elsewhere', [msg('1', t0), msg('2', t0 + 1, { threadId: '1' }), msg('3', t0 + 2, { threadId: '2' })], ['missing_thread_root']],
    ['two replies before their root', [msg('2', t0, { threadId: '1' }), msg('3', t0 + 1, { threadId: '1' }), msg('1', t0 + 2)], ['missing_thread_root']],
    ['a root repeated exactly, then a reply', [msg('1', t0), msg('1', t0), msg('2', t0 + 1, { threadId: '1' })], []],
    ['a renamed second root, then a reply to it', [msg('1', t0), msg('1', t0 + 1, { text: 'other' }), msg('2', t0 + 2, { threadId: '1~2' })], ['duplicate_id']],
  ])('counts missing thread roots: %s', async (_case, records, expected) => {
    expect(fallbacks(await plan(records))).toEqual(expected);
  });

  it('posts authors without an email and bots as the admin with an attribution line', async () => {
    const events = await plan([msg('1', t0, { authorId: 'U2' }), msg('2', t0 + 1, { authorId: 'B1', asAdmin: true, authorName: 'deploybot' })]);
    const ops = messages(events);
    expect(ops[0]?.sender).toEqual({ displayName: 'Bob', fallbackReason: 'no_email' });
    expect(ops[0]?.text).toBe('_Originally posted by Bob_\ntext 1');
    expect(ops[1]?.text).toBe('_Originally posted by deploybot_\ntext 2');
    expect(fallbacks(events)).toEqual(['author_no_email', 'author_bot']);
  });

  it('splits text over the byte limit into parts in the same thread with consecutive createTimes', async () => {
    const ops = messages(await plan([msg('1', t0, { text: 'x'.repeat(70_000) })]));
    expect(ops.map((o) => [o.part, o.parts, o.text.length, o.createTimeMs - t0])).toEqual([[1, 3, 31_488, 0], [2, 3, 31_488, 1], [3, 3, 7_024, 2]]);
    expect(new Set(ops.map((o) => o.threadKey)).size).toBe(1);
    expect(new Set(ops.map((o) => o.messageId)).size).toBe(3);
  });

  it('plans reactions as their users, skipping unmapped users and custom emoji', async () => {
    const events = await plan([msg('1', t0, { reactions: [{ unicode: '👍', personIds: ['U1', 'U2', 'U3', 'U1'] }, { customName: 'partyparrot', personIds: ['U1'] }] })]);
    const reactions = events.flatMap((e) => (e.type === 'op' && e.op.type === 'reaction' ? [e.op.user.email] : []));
    expect(reactions).toEqual(['ada@example.com', 'cy@example.com']);
    expect(events.flatMap((e) => (e.type === 'skip' ? [e.skip.code] : []))).toEqual(['reaction_unmapped_user', 'reaction_custom_emoji', 'member_unmapped_user']);
  });

  it('turns a join and a leave into a historical membership and lists current members for after completion', async () => {
    const events = await plan([
      { type: 'membership', event: { conversationId: 'C1', personId: 'U3', type: 'join', timeMs: t0 } },
      msg('1', t0 + 5),
      { type: 'membership', event: { conversationId: 'C1', personId: 'U3', type: 'leave', timeMs: t0 + 100 } },
    ]);
    const memberships = events.flatMap((e) => (e.type === 'op' && e.op.type === 'membership' ? [e.op] : []));
    expect(memberships).toEqual([{ type: 'membership', email: 'cy@example.com', createTime: new Date(t0).toISOString(), deleteTime: new Date(t0 + 100).toISOString() }]);
    expect(events.at(-1)).toEqual({ type: 'members', emails: ['ada@example.com'] });
    expect(events.flatMap((e) => (e.type === 'skip' ? [e.skip.code] : []))).toEqual(['member_unmapped_user']);
  });

  it('applies --since/--until without changing ids or createTimes of what remains', async () => {
    const records = [msg('a', t0), msg('b', t0), msg('c', t0 + 1)];
    const all = messages(await plan(records));
    const later = messages(await plan(records, channel, { sinceMs: t0 + 1 }));
    expect(later.map((o) => [o.messageId, o.createTimeMs])).toEqual([[all[2]?.messageId, all[2]?.createTimeMs]]);
  });

  it('skips empty messages and empty conversations with a reason', async () => {
    const events = await plan([msg('1', t0, { text: '' })]);
    expect(events.flatMap((e) => (e.type === 'skip' ? [e.skip.code] : []))).toEqual(['empty_message', 'nothing_to_import']);
    const empty = await plan([]);
    expect(empty).toEqual([{ type: 'skip', skip: { conversationId: 'C1', code: 'empty_conversation', reason: 'conversation general has no messages to import' } }]);
  });

  it('turns files without bytes into a readable line and counts them', async () => {
    const events = await plan([msg('1', t0, { text: 'see', files: [{ id: 'F1', name: 'plan.pdf', permalink: 'https://x.slack.com/files/F1' }] })]);
    expect(messages(events)[0]?.text).toBe('see\n📎 plan.pdf (file not in the export) https://x.slack.com/files/F1');
    expect(fallbacks(events)).toEqual(['file_without_bytes']);
  });

  it('with --drive, plans files too big or blocked for Chat for Drive (only those, on the first part), counted', async () => {
    const open = async () => Readable.from([]);
    const files = [
      { id: 'F1', name: 'movie.mp4', sizeBytes: 200 * 1024 * 1024 + 1, open, permalink: 'https://x.slack.com/files/F1' },
      { id: 'F2', name: 'setup.exe', sizeBytes: 10, open },
      { id: 'F3', name: 'notes.txt', sizeBytes: 10, open },
      { id: 'F4', name: 'gone.exe' }, // no bytes: nothing to put on Drive
    ];
    const withDrive = await plan([msg('1', t0, { text: 'x'.repeat(40_000), files })], channel, { drive: true });
    const [first, second] = messages(withDrive);
    expect([first?.files.map((f) => f.name), first?.driveFiles?.map((f) => f.name), second?.files, second?.driveFiles]).toEqual([['notes.txt'], ['movie.mp4', 'setup.exe'], [], undefined]);
    expect(fallbacks(withDrive)).toEqual(['file_via_drive', 'file_via_drive', 'file_without_bytes', 'message_split']);
    const without = await plan([msg('1', t0, { text: 'see', files })]);
    expect([messages(without)[0]?.text, messages(without)[0]?.driveFiles]).toEqual([
      "see\n📎 movie.mp4 (larger than Google Chat's 200 MB limit) https://x.slack.com/files/F1\n📎 setup.exe (file type blocked by Google Chat)\n📎 gone.exe (file not in the export)",
      undefined,
    ]);
  });

  it('never plans a message the API would reject (no blocking problems on valid input)', async () => {
    const events = await plan([msg('1', Date.UTC(1999, 0, 1)), msg('2', t0)]);
    expect(events.filter((e) => e.type === 'problem')).toEqual([]);
    const ops: MessageOp[] = messages(events);
    expect(ops[0]?.createTime).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('duplicated source ids', () => {
  const t0 = Date.UTC(2021, 5, 1, 12);
  it('skips an exact duplicate record and keeps two different messages that share an id', async () => {
    const events = await plan([msg('1', t0), msg('1', t0), msg('1', t0 + 1, { text: 'another' })]);
    const ops = messages(events);
    expect(ops.map((o) => [o.sourceId, o.text])).toEqual([['1', 'text 1'], ['1~2', 'another']]);
    expect(new Set(ops.map((o) => o.messageId)).size).toBe(2);
    expect(events.flatMap((e) => (e.type === 'skip' ? [e.skip.code] : []))).toEqual(['duplicate_record', 'member_unmapped_user']);
    expect(fallbacks(events)).toEqual(['duplicate_id']);
  });
});

describe('a poisoned message time', () => {
  const t0 = Date.UTC(2023, 2, 1, 9);
  const skipsOf = (events: PlanEvent[]) => events.flatMap((e) => (e.type === 'skip' ? [`${e.skip.code}: ${e.skip.reason}`] : []));

  it.each([
    ['year 9999', Date.UTC(9999, 0, 1), 'future_time: message time 9999-01-01T00:00:00.000Z is in the future'],
    ['NaN', Number.NaN, 'invalid_time: the message has no valid time'],
    ['beyond what a Date holds', 1e20, 'invalid_time: the message has no valid time'],
  ])('(%s) skips only its own record; the valid messages around it keep their own times', async (_label, poisoned, expected) => {
    const events = await plan([msg('a', t0), msg('bad', poisoned), msg('b', t0 + 60_000), msg('c', t0 + 120_000)]);
    expect(skipsOf(events)).toEqual([expected, 'member_unmapped_user: member Bob has no Workspace email']);
    expect(messages(events).map((o) => [o.sourceId, o.createTime])).toEqual([
      ['a', '2023-03-01T09:00:00.000Z'],
      ['b', '2023-03-01T09:01:00.000Z'],
      ['c', '2023-03-01T09:02:00.000Z'],
    ]);
  });

  it('as the first record does not set the space\'s createTime to now', async () => {
    const dm: Conversation = { id: 'D1', name: 'Ada, Bob', kind: 'dm', memberIds: ['U1', 'U2'] };
    const events = await plan([msg('bad', Date.UTC(9999, 0, 1)), msg('a', t0)], dm);
    expect(events.flatMap((e) => (e.type === 'space' ? [e.space.createTime] : []))).toEqual(['2023-03-01T09:00:00.000Z']);
    expect(messages(events).map((o) => o.sourceId)).toEqual(['a']);
  });
});

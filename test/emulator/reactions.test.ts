// Reactions in import mode: chat-api.md §4; §9 rule 36.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, importSpace, keyFor } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let bob: ReturnType<typeof chatAs>;
let space: string;
let message: string;

beforeAll(async () => {
  emu = await startEmulator();
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  bob = chatAs(emu, key, 'bob@example.com');
  space = (await importSpace(alice)).name as string;
  message = (await alice.spaces.messages.create({ parent: space, messageId: 'client-target',
    requestBody: { text: 'react to me', createTime: '2021-01-01T00:00:00Z' } })).data.name as string;
});
afterAll(async () => {
  await emu.stop();
});

const react = (client: typeof alice, emoji: Record<string, unknown>, parent = message) =>
  client.spaces.messages.reactions.create({ parent, requestBody: { emoji } });

describe('reactions.create', () => {
  it('rule 36: is written as the impersonated user', async () => {
    const res = await react(bob, { unicode: '🎉' });
    expect(res.data).toMatchObject({ user: { type: 'HUMAN' }, emoji: { unicode: '🎉' } });
    expect(res.data.name).toMatch(new RegExp(`^${message}/reactions/`));
    expect(emu.dump().reactions.find((r) => r.name === res.data.name)).toEqual({
      name: res.data.name, message, userEmail: 'bob@example.com', unicode: '🎉',
    });
  });

  it('rule 36: needs exactly one of unicode and customEmoji (400)', async () => {
    await expectGoogleError(react(alice, { unicode: '🙂', customEmoji: { uid: 'x' } }), 400, 'INVALID_ARGUMENT');
    await expectGoogleError(react(alice, {}), 400, 'INVALID_ARGUMENT');
    const res = await react(alice, { customEmoji: { uid: 'party-parrot' } });
    expect(res.data.emoji).toEqual({ customEmoji: { uid: 'party-parrot' } });
  });

  it.each([['a Slack shortcode', ':thumbsup:'], ['a word', 'smile'], ['a digit', '1']])('refuses %s as unicode (400)', async (_what, unicode) => {
    await expectGoogleError(react(alice, { unicode }), 400, 'INVALID_ARGUMENT');
  });

  it.each([['a skin-tone sequence', '👍🏽'], ['a ZWJ family', '👨‍👩‍👧'], ['a flag', '🇫🇷'], ['a keycap', '1️⃣']])('accepts %s', async (_what, unicode) => {
    expect((await react(alice, { unicode })).data.emoji?.unicode).toBe(unicode);
  });

  it('rule 36: the same user, emoji and message twice is 409 ALREADY_EXISTS; another user is fine', async () => {
    const before = emu.counters().byMethodStatus['spaces.messages.reactions.create'] ?? {};
    const stored = emu.stored().reactions;
    await react(alice, { unicode: '👀' });
    await expectGoogleError(react(alice, { unicode: '👀' }), 409, 'ALREADY_EXISTS');
    expect((await react(bob, { unicode: '👀' })).data.emoji?.unicode).toBe('👀');
    // What the benchmarks read: answers per method and status, and the stored counts (the dump's, without the dump).
    const after = emu.counters().byMethodStatus['spaces.messages.reactions.create'] ?? {};
    expect([(after['200'] ?? 0) - (before['200'] ?? 0), (after['409'] ?? 0) - (before['409'] ?? 0)]).toEqual([2, 1]);
    expect(emu.stored().reactions).toBe(stored + 2);
    const dump = emu.dump();
    expect(emu.stored()).toEqual({ spaces: dump.spaces.length, messages: dump.messages.length, reactions: dump.reactions.length, memberships: dump.memberships.length, attachments: 0 });
  });

  it('rule 36: impersonation only (the app gets 403)', async () => {
    await expectGoogleError(react(chatAs(emu, key), { unicode: '🙂' }), 403, 'PERMISSION_DENIED');
  });

  it('answers 404 NOT_FOUND for a missing or deleted message, and resolves client ids', async () => {
    await expectGoogleError(react(alice, { unicode: '🙂' }, `${space}/messages/nope.nope`), 404, 'NOT_FOUND');
    const doomed = await alice.spaces.messages.create({ parent: space, requestBody: { text: 'x', createTime: '2021-01-02T00:00:00Z' } });
    await alice.spaces.messages.delete({ name: doomed.data.name as string });
    await expectGoogleError(react(alice, { unicode: '🙂' }, doomed.data.name as string), 404, 'NOT_FOUND');
    const viaClientId = await react(alice, { unicode: '🚀' }, `${space}/messages/client-target`);
    expect(viaClientId.data.name).toMatch(new RegExp(`^${message}/reactions/`));
  });
});

describe('reading and removing reactions', () => {
  it('messages carry emojiReactionSummaries; reactions.list filters by emoji and user', async () => {
    const other = (await alice.spaces.messages.create({ parent: space, requestBody: { text: 'y', createTime: '2021-01-03T00:00:00Z' } })).data.name as string;
    await react(alice, { unicode: '❤️' }, other);
    const bobId = (await react(bob, { unicode: '❤️' }, other)).data.user?.name as string;
    await react(bob, { unicode: '😂' }, other);
    const listed = await alice.spaces.messages.list({ parent: space, filter: 'create_time > "2021-01-02T12:00:00Z"' });
    expect(listed.data.messages?.[0]?.emojiReactionSummaries).toEqual([
      { emoji: { unicode: '❤️' }, reactionCount: 2 },
      { emoji: { unicode: '😂' }, reactionCount: 1 },
    ]);
    const hearts = await alice.spaces.messages.reactions.list({ parent: other, filter: 'emoji.unicode = "❤️"' });
    expect(hearts.data.reactions).toHaveLength(2);
    const bobs = await alice.spaces.messages.reactions.list({ parent: other,
      filter: `(emoji.unicode = "❤️" OR emoji.unicode = "😂") AND user.name = "${bobId}"` });
    expect(bobs.data.reactions).toHaveLength(2);
    await expectGoogleError(alice.spaces.messages.reactions.list({ parent: other, filter: 'emoji.unicode = "❤️" OR user.name = "users/1"' }),
      400, 'INVALID_ARGUMENT');
  });

  it('only the reactor can remove a reaction', async () => {
    const res = await react(bob, { unicode: '🔥' });
    await expectGoogleError(alice.spaces.messages.reactions.delete({ name: res.data.name as string }), 403, 'PERMISSION_DENIED');
    await bob.spaces.messages.reactions.delete({ name: res.data.name as string });
    expect(emu.dump().reactions.some((r) => r.name === res.data.name)).toBe(false);
  });
});

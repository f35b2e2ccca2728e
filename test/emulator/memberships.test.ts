// Memberships in import mode: chat-api.md §5; §9 rules 37–42.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { chatAs, expectGoogleError, IMPORT, importSpace, keyFor, scope } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let space: string;

beforeAll(async () => {
  emu = await startEmulator({ refusedUsers: ['gone@example.com'], grantedScopes: [IMPORT, scope('chat.memberships')] });
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  space = (await importSpace(alice, '2020-01-01T00:00:00Z')).name as string;
});
afterAll(async () => {
  await emu.stop();
});

const add = (requestBody: Record<string, unknown>, parent = space, client = alice) => client.spaces.members.create({ parent, requestBody });
const human = (who: string) => ({ name: `users/${who}`, type: 'HUMAN' });

describe('historical memberships (import mode)', () => {
  it('rule 37: deleteTime is required (400); createTime defaults to deleteTime − 1 µs', async () => {
    await expectGoogleError(add({ member: human('u1@example.com') }), 400, 'INVALID_ARGUMENT');
    const res = await add({ member: human('u1@example.com'), deleteTime: '2021-03-01T00:00:00Z' });
    expect(res.data).toMatchObject({ createTime: '2021-02-28T23:59:59.999999Z', deleteTime: '2021-03-01T00:00:00Z', role: 'ROLE_MEMBER' });
    expect(res.data.member?.name).toMatch(/^users\/1\d{20}$/);
    expect(res.data.name).toBe(`${space}/members/${(res.data.member?.name as string).slice('users/'.length)}`);
  });

  it.each([
    ['deleteTime before the space createTime', { deleteTime: '2019-06-01T00:00:00Z' }],
    ['deleteTime equal to the space createTime', { deleteTime: '2020-01-01T00:00:00Z' }],
    ['deleteTime in the future', { deleteTime: new Date(Date.now() + 3_600_000).toISOString() }],
    ['createTime after deleteTime', { createTime: '2021-05-02T00:00:00Z', deleteTime: '2021-05-01T00:00:00Z' }],
    ['createTime equal to deleteTime', { createTime: '2021-05-01T00:00:00Z', deleteTime: '2021-05-01T00:00:00Z' }],
    ['createTime before the space createTime', { createTime: '2019-05-01T00:00:00Z', deleteTime: '2021-05-01T00:00:00Z' }],
  ])('rule 37: refuses %s (400)', async (_what, times) => {
    await expectGoogleError(add({ member: human('u2@example.com'), ...times }), 400, 'INVALID_ARGUMENT');
  });

  it('rule 37: accepts an explicit createTime at the space createTime', async () => {
    const res = await add({ member: human('u3@example.com'), createTime: '2020-01-01T00:00:00Z', deleteTime: '2021-05-01T00:00:00Z' });
    expect(res.data.createTime).toBe('2020-01-01T00:00:00Z');
    expect(emu.dump().memberships.find((m) => m.name === res.data.name)).toEqual({
      name: res.data.name, space, memberEmail: 'u3@example.com', role: 'ROLE_MEMBER',
      createTime: '2020-01-01T00:00:00Z', deleteTime: '2021-05-01T00:00:00Z', historical: true,
    });
  });

  it('rule 39: a second membership for the same person is 409 ALREADY_EXISTS', async () => {
    await add({ member: human('dup@example.com'), deleteTime: '2021-01-01T00:00:00Z' });
    await expectGoogleError(add({ member: human('dup@example.com'), deleteTime: '2021-02-01T00:00:00Z' }), 409, 'ALREADY_EXISTS');
  });

  it('rule 5: impersonation only (the app gets 403)', async () => {
    const app = chatAs(emu, key); // no subject: app authentication
    await expectGoogleError(add({ member: human('u4@example.com'), deleteTime: '2021-01-01T00:00:00Z' }, space, app), 403, 'PERMISSION_DENIED');
  });
});

describe('member names (rule 38)', () => {
  const deleteTime = '2021-01-01T00:00:00Z';

  it.each([
    ['users/app as HUMAN', { member: { name: 'users/app', type: 'HUMAN' } }],
    ['another bot', { member: { name: 'users/123456', type: 'BOT' } }],
    ['a group email', { groupMember: { name: 'groups/team@example.com' } }],
    ['both member and groupMember', { member: human('x@example.com'), groupMember: { name: 'groups/abc' } }],
    ['neither member nor groupMember', {}],
    ['a name without users/', { member: { name: 'x@example.com', type: 'HUMAN' } }],
  ])('refuses %s (400)', async (_what, body) => {
    await expectGoogleError(add({ ...body, deleteTime }), 400, 'INVALID_ARGUMENT');
  });

  it('refuses a group in a GROUP_CHAT (400) and accepts it in a SPACE', async () => {
    const chatSpace = (await importSpace(alice, '2020-01-01T00:00:00Z', 'GROUP_CHAT')).name as string;
    await expectGoogleError(add({ groupMember: { name: 'groups/abc123' }, deleteTime }, chatSpace), 400, 'INVALID_ARGUMENT');
    const res = await add({ groupMember: { name: 'groups/abc123' }, deleteTime });
    expect(res.data.groupMember).toEqual({ name: 'groups/abc123' });
  });

  it('answers 404 for a user the directory does not have, and resolves known numeric ids', async () => {
    await expectGoogleError(add({ member: human('gone@example.com'), deleteTime }), 404, 'NOT_FOUND');
    await expectGoogleError(add({ member: human('999999999999999999999'), deleteTime }), 404, 'NOT_FOUND');
    const byEmail = await add({ member: human('numeric@example.com'), deleteTime }, (await importSpace(alice)).name as string);
    const byId = await add({ member: { name: byEmail.data.member?.name, type: 'HUMAN' }, deleteTime });
    expect(byId.data.member?.name).toBe(byEmail.data.member?.name);
  });

  it('refuses people outside the organization unless the space allows external users (400 FAILED_PRECONDITION)', async () => {
    await expectGoogleError(add({ member: human('guest@partner.org'), deleteTime }), 400, 'FAILED_PRECONDITION');
    const external = await alice.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: 'External', importMode: true,
      externalUserAllowed: true, createTime: '2020-01-01T00:00:00Z' } });
    expect((await add({ member: human('guest@partner.org'), deleteTime }, external.data.name as string)).data.member?.type).toBe('HUMAN');
  });
});

describe('after completeImport (rules 40, 41)', () => {
  it('historical memberships disappear from lists and deletes; current members are added without times', async () => {
    const done = (await importSpace(alice, '2020-01-01T00:00:00Z')).name as string;
    const old = await add({ member: human('left@example.com'), deleteTime: '2021-01-01T00:00:00Z' }, done);
    expect((await alice.spaces.members.list({ parent: done })).data.memberships?.map((m) => m.name)).toEqual([old.data.name]);
    await alice.spaces.completeImport({ name: done });
    const manager = chatAs(emu, key, 'alice@example.com', [scope('chat.memberships')]);
    const listed = await manager.spaces.members.list({ parent: done });
    expect(listed.data.memberships?.map((m) => m.role)).toEqual(['ROLE_MANAGER']);
    await expectGoogleError(manager.spaces.members.delete({ name: old.data.name as string }), 404, 'NOT_FOUND');
    await expectGoogleError(add({ member: human('now@example.com'), deleteTime: '2021-01-01T00:00:00Z' }, done), 400, 'INVALID_ARGUMENT');
    const current = await add({ member: human('left@example.com') }, done);
    expect(current.data.deleteTime).toBeUndefined();
    const dumped = emu.dump().memberships.filter((m) => m.space === done).map((m) => [m.memberEmail, m.role, m.historical]);
    expect(dumped).toEqual([
      ['left@example.com', 'ROLE_MEMBER', true],
      ['alice@example.com', 'ROLE_MANAGER', false],
      ['left@example.com', 'ROLE_MEMBER', false],
    ]);
  });

  it('members.list filters by role and member.type', async () => {
    const done = (await importSpace(alice, '2020-01-01T00:00:00Z')).name as string;
    await alice.spaces.completeImport({ name: done });
    await add({ member: human('m1@example.com') }, done);
    const manager = chatAs(emu, key, 'alice@example.com', [scope('chat.memberships')]);
    const managers = await manager.spaces.members.list({ parent: done, filter: 'role = "ROLE_MANAGER"' });
    expect(managers.data.memberships).toHaveLength(1);
    const humans = await manager.spaces.members.list({ parent: done, filter: 'member.type = "HUMAN" AND role != "ROLE_MANAGER"' });
    expect(humans.data.memberships).toHaveLength(1);
    await expectGoogleError(manager.spaces.members.list({ parent: done, filter: 'email = "x"' }), 400, 'INVALID_ARGUMENT');
  });
});

// Spaces in import mode: chat-api.md §1 and §9 rules 6–17.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { BOT, chatAs, expectGoogleError, IMPORT, importSpace, keyFor, scope, uniqueName } from './helpers.js';

const GRANTED = [IMPORT, BOT, scope('chat.spaces'), scope('chat.messages'), scope('chat.memberships')];
let emu: RunningEmulator;
let key: ServiceAccountKey;
let alice: ReturnType<typeof chatAs>;
let bob: ReturnType<typeof chatAs>;
let app: ReturnType<typeof chatAs>;

beforeAll(async () => {
  emu = await startEmulator({ grantedScopes: GRANTED });
  key = keyFor(emu);
  alice = chatAs(emu, key, 'alice@example.com');
  bob = chatAs(emu, key, 'bob@example.com');
  app = chatAs(emu, key);
});
afterAll(async () => {
  await emu.stop();
});

describe('spaces.create in import mode', () => {
  it('rule 7: refuses app authentication (403) and accepts impersonation with chat.import', async () => {
    await expectGoogleError(app.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: uniqueName(), importMode: true } }),
      403, 'PERMISSION_DENIED');
    const res = await alice.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: 'Team', importMode: true } });
    expect(res.data).toMatchObject({ spaceType: 'SPACE', displayName: 'Team', importMode: true });
  });

  it('rule 5: refuses a user token without chat.import (403)', async () => {
    const noImport = chatAs(emu, key, 'alice@example.com', [scope('chat.spaces')]);
    await expectGoogleError(noImport.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: uniqueName(), importMode: true } }),
      403, 'PERMISSION_DENIED');
  });

  it.each([['DIRECT_MESSAGE'], ['ROOM'], [undefined]])('rule 7: refuses spaceType %s (400)', async (spaceType) => {
    await expectGoogleError(alice.spaces.create({ requestBody: { spaceType, displayName: uniqueName(), importMode: true } }),
      400, 'INVALID_ARGUMENT');
  });

  it('rule 7: accepts GROUP_CHAT without a display name', async () => {
    const res = await alice.spaces.create({ requestBody: { spaceType: 'GROUP_CHAT', importMode: true } });
    expect(res.data.spaceType).toBe('GROUP_CHAT');
  });

  it('rule 8: a SPACE needs a 1–128 character displayName', async () => {
    await expectGoogleError(alice.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true } }), 400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true, displayName: 'x'.repeat(129) } }),
      400, 'INVALID_ARGUMENT');
    const res = await alice.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true, displayName: 'é'.repeat(128) } });
    expect(res.data.displayName).toBe('é'.repeat(128));
  });

  it('rule 8: display names are unique in the organization (409)', async () => {
    const displayName = uniqueName('Unique');
    await alice.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true, displayName } });
    await expectGoogleError(bob.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true, displayName } }), 409, 'ALREADY_EXISTS');
  });

  it.each([
    ['before 2000-01-01', '1999-12-31T23:59:59Z'],
    ['in the future', new Date(Date.now() + 3_600_000).toISOString()],
    ['not RFC 3339', '2020-01-01 10:00'],
  ])('rule 9: refuses a createTime %s (400)', async (_what, createTime) => {
    await expectGoogleError(alice.spaces.create({ requestBody: { spaceType: 'SPACE', importMode: true, displayName: uniqueName(), createTime } }),
      400, 'INVALID_ARGUMENT');
  });

  it('rule 9: accepts createTime 2000-01-01T00:00:00Z and echoes it', async () => {
    const res = await alice.spaces.create({
      requestBody: { spaceType: 'SPACE', importMode: true, displayName: uniqueName(), createTime: '2000-01-01T00:00:00Z' },
    });
    expect(res.data.createTime).toBe('2000-01-01T00:00:00Z');
  });

  it('rule 9: createTime is input only in import mode (400 otherwise)', async () => {
    const regular = chatAs(emu, key, 'alice@example.com', [scope('chat.spaces')]);
    await expectGoogleError(regular.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: uniqueName(), createTime: '2020-01-01T00:00:00Z' } }),
      400, 'INVALID_ARGUMENT');
    const res = await regular.spaces.create({ requestBody: { spaceType: 'SPACE', displayName: uniqueName() } });
    expect(res.data.importMode).toBeUndefined();
  });

  it('rule 10: creates no memberships', async () => {
    const space = await importSpace(alice);
    expect((await alice.spaces.members.list({ parent: space.name as string })).data).toEqual({});
    expect(emu.dump().memberships.filter((m) => m.space === space.name)).toEqual([]);
  });

  it('rule 13: the same requestId returns the same space to the same user and is refused to another (400)', async () => {
    const requestBody = { spaceType: 'SPACE', importMode: true, displayName: uniqueName() };
    const first = await alice.spaces.create({ requestId: 'req-space-1', requestBody });
    const again = await alice.spaces.create({ requestId: 'req-space-1', requestBody: { ...requestBody, displayName: 'changed' } });
    expect(again.data.name).toBe(first.data.name);
    await expectGoogleError(bob.spaces.create({ requestId: 'req-space-1', requestBody }), 400, 'INVALID_ARGUMENT');
    expect(emu.dump().spaces.filter((s) => s.displayName === requestBody.displayName)).toHaveLength(1);
  });
});

describe('spaces.get, list, patch, delete', () => {
  it('rule 5: in import mode spaces.get is app auth only', async () => {
    const space = await importSpace(alice);
    await expectGoogleError(alice.spaces.get({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    const res = await app.spaces.get({ name: space.name as string });
    expect(res.data).toMatchObject({ name: space.name, importMode: true, importModeExpireTime: space.importModeExpireTime });
  });

  it('rule 6: another project (service account) cannot reach the space (403)', async () => {
    const space = await importSpace(alice);
    const otherKey = keyFor(emu, 'other@another-project.iam.gserviceaccount.com');
    await expectGoogleError(chatAs(emu, otherKey).spaces.get({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(chatAs(emu, otherKey, 'alice@example.com').spaces.messages.create({ parent: space.name as string, requestBody: { text: 'x' } }),
      403, 'PERMISSION_DENIED');
  });

  it('rule 12: a deleted space answers 403, one that never existed 404', async () => {
    const space = await importSpace(alice);
    await bob.spaces.delete({ name: space.name as string });
    await expectGoogleError(app.spaces.get({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(app.spaces.get({ name: 'spaces/AAAAnever000' }), 404, 'NOT_FOUND');
    expect(emu.dump().spaces.find((s) => s.name === space.name)?.deleted).toBe(true);
  });

  it('rule 16: spaces.list never shows import-mode spaces; after completion the new manager sees it', async () => {
    const carol = chatAs(emu, key, 'carol@example.com');
    const carolReads = chatAs(emu, key, 'carol@example.com', [scope('chat.spaces')]);
    const space = await importSpace(carol);
    expect((await carolReads.spaces.list({})).data).toEqual({});
    await expectGoogleError(carol.spaces.list({}), 403, 'PERMISSION_DENIED');
    await carol.spaces.completeImport({ name: space.name as string });
    expect((await carolReads.spaces.list({})).data.spaces?.map((s) => s.name)).toEqual([space.name]);
  });

  it('rule 17: access settings cannot change in import mode (400); the display name can', async () => {
    const space = await importSpace(alice);
    await expectGoogleError(alice.spaces.patch({ name: space.name as string, updateMask: 'access_settings.audience',
      requestBody: { accessSettings: { audience: 'audiences/default' } } }), 400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.spaces.patch({ name: space.name as string, requestBody: { displayName: 'x' } }), 400, 'INVALID_ARGUMENT');
    const displayName = uniqueName('Renamed');
    const res = await alice.spaces.patch({ name: space.name as string, updateMask: 'display_name', requestBody: { displayName } });
    expect(res.data.displayName).toBe(displayName);
  });
});

describe('spaces.completeImport', () => {
  it('rule 15: needs impersonation (403 for the app), then ends import mode and makes the caller manager', async () => {
    const space = await importSpace(alice);
    await expectGoogleError(app.spaces.completeImport({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    const res = await bob.spaces.completeImport({ name: space.name as string });
    expect(res.data.space?.name).toBe(space.name);
    expect(res.data.space?.importMode).toBeUndefined();
    expect(res.data.space?.importModeExpireTime).toBeUndefined();
    const members = emu.dump().memberships.filter((m) => m.space === space.name);
    expect(members.map((m) => [m.memberEmail, m.role, m.historical])).toEqual([['bob@example.com', 'ROLE_MANAGER', false]]);
  });

  it('rule 15: a second completeImport is 400 FAILED_PRECONDITION', async () => {
    const space = await importSpace(alice);
    await alice.spaces.completeImport({ name: space.name as string });
    await expectGoogleError(alice.spaces.completeImport({ name: space.name as string }), 400, 'FAILED_PRECONDITION');
  });

  it('rule 15: afterwards the space is a regular space: createTime is refused, plain scopes and membership are needed', async () => {
    const space = await importSpace(alice);
    await alice.spaces.completeImport({ name: space.name as string });
    const aliceMessages = chatAs(emu, key, 'alice@example.com', [scope('chat.messages')]);
    await expectGoogleError(aliceMessages.spaces.messages.create({ parent: space.name as string,
      requestBody: { text: 'late', createTime: '2021-01-01T00:00:00Z' } }), 400, 'INVALID_ARGUMENT');
    await expectGoogleError(alice.spaces.messages.create({ parent: space.name as string, requestBody: { text: 'x' } }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(chatAs(emu, key, 'bob@example.com', [scope('chat.messages')]).spaces.messages.create({
      parent: space.name as string, requestBody: { text: 'not a member' } }), 403, 'PERMISSION_DENIED');
    const res = await aliceMessages.spaces.messages.create({ parent: space.name as string, requestBody: { text: 'now' } });
    expect(res.data.text).toBe('now');
  });
});

describe('the import deadline (injected clock)', () => {
  let clockEmu: RunningEmulator;
  let now = Date.UTC(2025, 0, 1);
  let clockKey: ServiceAccountKey;

  beforeAll(async () => {
    clockEmu = await startEmulator({ now: () => now });
    clockKey = keyFor(clockEmu);
  });
  afterAll(async () => {
    await clockEmu.stop();
  });

  it('rule 10: importModeExpireTime is the create call + 90 days, whatever the historical createTime', async () => {
    const dave = chatAs(clockEmu, clockKey, 'dave@example.com');
    const space = await importSpace(dave, '2010-05-05T00:00:00Z');
    expect(space.importModeExpireTime).toBe('2025-04-01T00:00:00Z');
  });

  it('rule 11: after the deadline the space is gone: get and completeImport answer 403', async () => {
    now = Date.UTC(2025, 0, 1);
    const dave = chatAs(clockEmu, clockKey, 'dave@example.com');
    const space = await importSpace(dave);
    now += 90 * 86_400_000 - 1;
    expect((await chatAs(clockEmu, clockKey).spaces.get({ name: space.name as string })).data.importMode).toBe(true);
    now += 1;
    await expectGoogleError(chatAs(clockEmu, clockKey).spaces.get({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    await expectGoogleError(dave.spaces.completeImport({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    expect(clockEmu.dump().spaces.find((s) => s.name === space.name)?.deleted).toBe(true);
  });

  it('rule 41: after completion chat.import adds members only for a manager, and only until create + 90 days', async () => {
    now = Date.UTC(2025, 6, 1);
    const dave = chatAs(clockEmu, clockKey, 'dave@example.com');
    const erin = chatAs(clockEmu, clockKey, 'erin@example.com');
    const space = await importSpace(dave, '2024-01-01T00:00:00Z');
    await dave.spaces.completeImport({ name: space.name as string });
    const add = (client: typeof dave, who: string) =>
      client.spaces.members.create({ parent: space.name as string, requestBody: { member: { name: `users/${who}`, type: 'HUMAN' } } });
    await expectGoogleError(add(erin, 'frank@example.com'), 403, 'PERMISSION_DENIED');
    expect((await add(dave, 'frank@example.com')).data.role).toBe('ROLE_MEMBER');
    now += 90 * 86_400_000;
    await expectGoogleError(add(dave, 'gina@example.com'), 403, 'PERMISSION_DENIED');
  });
});

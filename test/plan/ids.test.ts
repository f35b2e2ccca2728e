import { describe, expect, it } from 'vitest';
import { clashRequestIdFor, legacySpaceRequestIdFor, messageIdFor, spaceRequestIdFor, threadKeyFor } from '../../src/plan/ids.js';
import { MESSAGE_ID_MAX_LENGTH, MESSAGE_ID_PATTERN } from '../../src/plan/rules.js';

describe('deterministic ids', () => {
  it('gives the same message id on every run and a different one per part, conversation and source', () => {
    const id = messageIdFor('slack', 'C1', '1498401043.277604', 1);
    expect(id).toBe(messageIdFor('slack', 'C1', '1498401043.277604', 1));
    expect(id).toMatch(MESSAGE_ID_PATTERN);
    expect(id.length).toBe(47);
    expect(id.length).toBeLessThanOrEqual(MESSAGE_ID_MAX_LENGTH);
    const others = [
      messageIdFor('slack', 'C1', '1498401043.277604', 2),
      messageIdFor('slack', 'C2', '1498401043.277604', 1),
      messageIdFor('csv', 'C1', '1498401043.277604', 1),
      messageIdFor('slack', 'C11', '498401043.277604', 1),
    ];
    expect(new Set([id, ...others]).size).toBe(5);
  });

  it('makes thread keys per conversation and UUID-shaped space request ids', () => {
    expect(threadKeyFor('slack', 'C1', '1.2')).toBe(threadKeyFor('slack', 'C1', '1.2'));
    expect(threadKeyFor('slack', 'C1', '1.2')).not.toBe(threadKeyFor('slack', 'C2', '1.2'));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;
    const slack = { sourceKind: 'slack', workspaceId: 'T1' };
    expect(spaceRequestIdFor(slack, 'C1')).toMatch(uuid);
    expect(clashRequestIdFor(spaceRequestIdFor(slack, 'C1'), 1)).toMatch(uuid);
    expect(legacySpaceRequestIdFor('nonce', 'C1')).toMatch(uuid);
    const others = [
      spaceRequestIdFor({ sourceKind: 'slack', workspaceId: 'T2' }, 'C1'),
      spaceRequestIdFor({ ...slack, migrationId: 'second' }, 'C1'),
      spaceRequestIdFor({ sourceKind: 'slack' }, 'C1'),
      spaceRequestIdFor(slack, 'C2'),
      clashRequestIdFor(spaceRequestIdFor(slack, 'C1'), 1),
      clashRequestIdFor(spaceRequestIdFor(slack, 'C1'), 2),
    ];
    expect(new Set([spaceRequestIdFor(slack, 'C1'), ...others]).size).toBe(7);
  });

  // Golden values: a change to any of these re-keys every message, thread or space, and a migration resumed across
  // the change would write everything a second time. Change them only with a migration path for old imports.
  it('keeps the exact ids of fixed inputs', () => {
    expect(messageIdFor('slack', 'C0BMHLSS4', '1458244530.000002', 1)).toBe('client-b24926261f550e132c63fc70581156e8678e0635');
    expect(threadKeyFor('slack', 'C0BMHLSS4', '1458244530.000002')).toBe('t-debdaff35a457f3c14f3221687fb0446');
    expect(spaceRequestIdFor({ sourceKind: 'slack', workspaceId: 'T0BMHLSRH' }, 'C0BMHLSS4')).toBe('f517f289-d54e-420a-a923-697ee9a95975');
    expect(spaceRequestIdFor({ sourceKind: 'csv' }, 'general')).toBe('422ae9ee-e886-43db-a23b-3ba1a7605ce6');
    expect(spaceRequestIdFor({ sourceKind: 'slack', workspaceId: 'T0BMHLSRH', migrationId: 'second' }, 'C0BMHLSS4')).toBe('d3ed80e0-5ebb-44e3-a3f4-71e700e06bdf');
    expect(clashRequestIdFor('f517f289-d54e-420a-a923-697ee9a95975', 1)).toBe('de0cd4a7-2cf0-4866-a017-46a7f2a1acbc');
  });
});

describe('quickHash', () => {
  it('is stable and tells apart texts and where the parts split', async () => {
    const { quickHash } = await import('../../src/plan/ids.js');
    expect(quickHash('U1', 'hello')).toBe(quickHash('U1', 'hello'));
    expect(new Set([quickHash('U1', 'hello'), quickHash('U1', 'hellp'), quickHash('U1h', 'ello'), quickHash('U2', 'hello'), quickHash('')]).size).toBe(5);
    expect(Number.isSafeInteger(quickHash('x'.repeat(10_000)))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { messageIdFor, spaceRequestIdFor, threadKeyFor } from '../../src/plan/ids.js';
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
    expect(spaceRequestIdFor('nonce', 'C1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(spaceRequestIdFor('nonce', 'C1')).not.toBe(spaceRequestIdFor('other', 'C1'));
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

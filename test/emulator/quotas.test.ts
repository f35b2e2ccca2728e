// Quotas (chat-api.md §7; §9 rules 14, 35, 42, 43): sliding windows of 60 s / timeScale, 429 RESOURCE_EXHAUSTED
// with RetryInfo and Retry-After, the refused request not executed.
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { SlidingWindow, QuotaWindows } from '../../src/emulator/quotas.js';
import { chatAs, expectGoogleError, importSpace, keyFor } from './helpers.js';

describe('SlidingWindow (fake clock)', () => {
  it('admits `limit` requests per window and reports the exact wait for the next slot', () => {
    const w = new SlidingWindow(2, 1000);
    const steps: Array<[number, number]> = [];
    for (const t of [0, 10, 20, 999, 1000, 1005, 1010]) {
      const wait = w.waitMs(t);
      if (wait === 0) w.record(t);
      steps.push([t, wait]);
    }
    expect(steps).toEqual([[0, 0], [10, 0], [20, 980], [999, 1], [1000, 0], [1005, 5], [1010, 0]]);
  });

  it('a limit of 0 refuses everything for a whole window', () => {
    expect(new SlidingWindow(0, 500).waitMs(0)).toBe(500);
  });

  it('QuotaWindows charges all windows or none', () => {
    const book = new QuotaWindows(1000);
    const a = { key: 'a', limit: 1 };
    const b = { key: 'b', limit: 5 };
    expect(book.charge([a, b], 0)).toBeUndefined();
    expect(book.charge([a, b], 100)).toEqual({ waitMs: 900, key: 'a' });
    // b was not charged by the refused request: 4 more fit.
    for (let i = 0; i < 4; i++) expect(book.charge([b], 200)).toBeUndefined();
    expect(book.charge([b], 200)).toEqual({ waitMs: 800, key: 'b' });
    expect(book.charge([{ key: 'c', limit: Infinity }], 0)).toBeUndefined();
  });
});

describe('quotas over HTTP', () => {
  let tick = 0;
  const nextTime = () => new Date(Date.UTC(2021, 0, 1) + ++tick * 1000).toISOString();
  const running: RunningEmulator[] = [];

  /**
   * A fresh emulator where a quota "minute" lasts one second (timeScale 60) on a clock the test moves: the windows
   * fill and drain only when the test says so, however slow the machine.
   */
  let quotaMs = 0;
  async function fresh(options: EmulatorOptions) {
    quotaMs = 0;
    const emu = await startEmulator({ timeScale: 60, quotaClock: () => quotaMs, ...options });
    running.push(emu);
    const key = keyFor(emu);
    return { emu, key, alice: chatAs(emu, key, 'alice@example.com') };
  }
  afterAll(async () => {
    await Promise.all(running.map((e) => e.stop()));
  });

  it('rule 43: the 4th write to one space in a window is 429 with RetryInfo and Retry-After, and is not executed', async () => {
    const { emu, alice } = await fresh({ quotas: { perSpaceWrites: 3 } });
    const space = (await importSpace(alice)).name as string;
    for (let i = 0; i < 3; i++) await alice.spaces.messages.create({ parent: space, requestBody: { text: `ok ${i}`, createTime: nextTime() } });
    const error = await expectGoogleError(alice.spaces.messages.create({ parent: space, messageId: 'client-refused',
      requestBody: { text: 'too many', createTime: nextTime() } }), 429, 'RESOURCE_EXHAUSTED');
    const response = (error as { response: { headers: Headers; data: { error: { details: Array<Record<string, string>> } } } }).response;
    expect(response.headers.get('retry-after')).toBe('1');
    const retryInfo = response.data.error.details[0] as Record<string, string>;
    expect(retryInfo['@type']).toBe('type.googleapis.com/google.rpc.RetryInfo');
    expect(response.data.error.details[1]).toMatchObject({ reason: 'RATE_LIMIT_EXCEEDED', metadata: { quota_limit: 'perSpaceWrites' } });
    // The three writes were at quota time 0: the window (1 s) has room again at exactly 1 s.
    expect(retryInfo['retryDelay']).toBe('1.000s');
    expect(emu.dump().messages.map((m) => m.text)).toEqual(['ok 0', 'ok 1', 'ok 2']);
    expect(emu.counters()).toMatchObject({ rateLimited: 1, byStatus: { '200': 5, '429': 1 } });
    // 1 ms before the advertised delay it is still refused; at the delay the same write goes through.
    quotaMs = 999;
    await expectGoogleError(alice.spaces.messages.create({ parent: space, messageId: 'client-refused', requestBody: { text: 'early', createTime: nextTime() } }), 429, 'RESOURCE_EXHAUSTED');
    quotaMs = 1000;
    const res = await alice.spaces.messages.create({ parent: space, messageId: 'client-refused', requestBody: { text: 'later', createTime: nextTime() } });
    expect(res.data.clientAssignedMessageId).toBe('client-refused');
  });

  it('rule 43: per-project message writes count across spaces', async () => {
    const { alice } = await fresh({ quotas: { messageWrites: 5 } });
    const s1 = (await importSpace(alice)).name as string;
    const s2 = (await importSpace(alice)).name as string;
    for (const parent of [s1, s1, s1, s2, s2]) await alice.spaces.messages.create({ parent, requestBody: { text: 'x', createTime: nextTime() } });
    await expectGoogleError(alice.spaces.messages.create({ parent: s2, requestBody: { text: 'x', createTime: nextTime() } }), 429, 'RESOURCE_EXHAUSTED');
  });

  it('rule 14: space creation is limited per project', async () => {
    const { alice } = await fresh({ quotas: { spaceCreates: 2 } });
    await importSpace(alice);
    await importSpace(alice);
    await expectGoogleError(importSpace(alice), 429, 'RESOURCE_EXHAUSTED');
  });

  it('reads have their own quota (and gaxios retries GETs on 429 unless told not to)', async () => {
    const { emu, key, alice } = await fresh({ quotas: { reads: 2 } });
    const space = (await importSpace(alice)).name as string;
    const app = chatAs(emu, key);
    await app.spaces.get({ name: space });
    await app.spaces.get({ name: space });
    await expectGoogleError(app.spaces.get({ name: space }, { retry: false }), 429, 'RESOURCE_EXHAUSTED');
  });

  it('Retry-After can be switched off', async () => {
    const { alice } = await fresh({ retryAfter: false, quotas: { spaceCreates: 1 } });
    await importSpace(alice);
    const error = await expectGoogleError(importSpace(alice), 429, 'RESOURCE_EXHAUSTED');
    expect((error as { response: { headers: Headers } }).response.headers.get('retry-after')).toBeNull();
  });
});

// Fault injection (chat-api.md §9 rule 45): seeded 500/503 before a write, and lost responses after committing one.
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { chatAs, importSpace, keyFor } from './helpers.js';

const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

/** A fresh emulator with the given fault rates, and a client impersonating alice. */
async function withFaults(options: EmulatorOptions) {
  const emu = await startEmulator(options);
  running.push(emu);
  const key = keyFor(emu);
  return { emu, alice: chatAs(emu, key, 'alice@example.com') };
}

interface Outcome { status?: number; google?: string; code?: string }

async function outcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return { status: 200 };
  } catch (e) {
    const err = e as { response?: { status: number; data: { error: { status: string } } } };
    return err.response ? { status: err.response.status, google: err.response.data.error.status } : { code: 'network' };
  }
}

describe('failRate', () => {
  it('answers every write with 500 INTERNAL or 503 UNAVAILABLE before doing it; reads are untouched', async () => {
    const { emu, alice } = await withFaults({ failRate: 1, seed: 7 });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome(alice.spaces.create({ requestBody: { spaceType: 'GROUP_CHAT', importMode: true } })));
    expect(results.every((r) => (r.status === 500 && r.google === 'INTERNAL') || (r.status === 503 && r.google === 'UNAVAILABLE'))).toBe(true);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([500, 503]));
    expect(emu.dump().spaces).toEqual([]);
    expect(emu.counters().injectedFailures).toBe(6);
    expect(await outcome(chatAs(emu, keyFor(emu)).spaces.list({}))).toEqual({ status: 200 });
  });

  it('is repeatable with the same seed', async () => {
    const run = async () => {
      const { alice } = await withFaults({ failRate: 0.5, seed: 42 });
      const statuses = [];
      for (let i = 0; i < 16; i++) statuses.push((await outcome(alice.spaces.create({ requestBody: { spaceType: 'GROUP_CHAT', importMode: true } }))).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(0);
  });
});

describe('lostResponseRate', () => {
  it('commits the write, then drops the connection; retrying with the same requestId creates nothing new', async () => {
    const { emu, alice } = await withFaults({ lostResponseRate: 0.5, seed: 3 });
    // Space creation is a write too: retry it the same way.
    let space: string | undefined;
    while (!space) {
      try {
        space = (await alice.spaces.create({ requestId: 'space-req', requestBody: { spaceType: 'GROUP_CHAT', importMode: true,
          createTime: '2020-01-01T00:00:00Z' } })).data.name as string;
      } catch {
        // lost: try again with the same requestId
      }
    }
    let lost = 0;
    for (let i = 0; i < 10; i++) {
      for (;;) {
        const result = await outcome(alice.spaces.messages.create({ parent: space, requestId: `req-${i}`, messageId: `client-${i}`,
          requestBody: { text: `m${i}`, createTime: new Date(Date.UTC(2021, 0, 1, 0, i)).toISOString() } }));
        if (result.status === 200) break;
        expect(result).toEqual({ code: 'network' });
        lost++;
      }
    }
    expect(lost).toBeGreaterThan(0);
    expect(emu.dump().spaces).toHaveLength(1);
    expect(emu.dump().messages.map((m) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(emu.counters().lostResponses).toBeGreaterThanOrEqual(lost);
  });

  it('without a requestId the retry of a lost create meets 409 ALREADY_EXISTS on its messageId', async () => {
    const { emu, alice } = await withFaults({ lostResponseRate: 1, seed: 1 });
    // Every write loses its answer, space creation included: find the space in the dump.
    expect(await outcome(importSpace(alice))).toEqual({ code: 'network' });
    const space = emu.dump().spaces[0]?.name as string;
    expect(await outcome(alice.spaces.messages.create({ parent: space, messageId: 'client-x', requestBody: { text: 'x' } }))).toEqual({ code: 'network' });
    expect(emu.dump().messages.map((m) => m.clientAssignedMessageId)).toEqual(['client-x']);
    // A second attempt is refused before it runs, so its answer is not lost.
    expect(await outcome(alice.spaces.messages.create({ parent: space, messageId: 'client-x', requestBody: { text: 'x' } })))
      .toEqual({ status: 409, google: 'ALREADY_EXISTS' });
  });
});

// Outage windows (outages.ts): "down" drops every API/token request unanswered, "hang" holds them until the
// window ends; they open after N committed writes and close by an injected clock, so nothing here sleeps.
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type OutageClock, type OutageStatus, type RunningEmulator } from '../../src/emulator/index.js';
import { chatAs, importSpace, keyFor } from './helpers.js';

const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

/** Time that moves only when told; `advance` fires the timers that fall due. */
class FakeOutageClock implements OutageClock {
  private current = 1_000_000;
  private timers: Array<{ at: number; fire: () => void }> = [];
  now(): number {
    return this.current;
  }
  after(ms: number, fire: () => void): () => void {
    const timer = { at: this.current + ms, fire };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }
  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((t) => t.at <= this.current);
    this.timers = this.timers.filter((t) => t.at > this.current);
    for (const t of due) t.fire();
  }
}

async function setup(options: Parameters<typeof startEmulator>[0] = {}) {
  const clock = new FakeOutageClock();
  const lines: string[] = [];
  const emu = await startEmulator({ outageClock: clock, onOutage: (l) => lines.push(l), ...options });
  running.push(emu);
  const alice = chatAs(emu, keyFor(emu), 'alice@example.com');
  return { emu, clock, lines, alice };
}

/** 'ok', or how the request failed: 'network' when the socket was dropped unanswered. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (e) {
    const status = (e as { response?: { status?: number } }).response?.status;
    return status ? String(status) : 'network';
  }
}

async function faults(emu: RunningEmulator): Promise<OutageStatus[]> {
  return ((await (await fetch(`${emu.url}__emulator/faults`)).json()) as { faults: OutageStatus[] }).faults;
}

async function post(emu: RunningEmulator, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${emu.url}__emulator/faults`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('down', () => {
  it('opens after N more committed writes, drops API and token requests unanswered, and closes after forMs', async () => {
    const { emu, clock, lines, alice } = await setup();
    const space = await importSpace(alice); // 1 committed write
    expect(await post(emu, { kind: 'down', afterWrites: 2, forMs: 40_000 })).toEqual({
      status: 200, json: { kind: 'down', afterWrites: 2, forMs: 40_000, state: 'waiting', opensAtWrite: 3, requests: 0 },
    });
    const write = (i: number) => alice.spaces.messages.create({ parent: space.name as string, requestBody: { text: `m${i}`, createTime: new Date(Date.UTC(2021, 0, 1, 0, i)).toISOString() } });
    expect([await outcome(write(1)), await outcome(write(2))]).toEqual(['ok', 'ok']);
    expect(lines).toEqual(['fault: down for 40000 ms from now (after 3 committed writes)']);
    // Reads, writes and the token endpoint all fail the same way; the inspection endpoints keep answering.
    expect(await outcome(write(3))).toBe('network');
    // (plain fetch for the read: the client library would retry a GET by itself)
    expect(await outcome(fetch(`${emu.url}v1/${space.name as string}`))).toBe('network');
    expect(await outcome(fetch(`${emu.url}token`, { method: 'POST', body: 'grant_type=x' }))).toBe('network');
    expect((await faults(emu)).map((f) => [f.state, f.openedAt, f.closesAt, f.requests])).toEqual([['open', 1_000_000, 1_040_000, 3]]);
    expect(emu.counters().outageRequests).toBe(3);

    clock.advance(39_999);
    expect(await outcome(write(4))).toBe('network');
    clock.advance(1);
    expect(await outcome(write(5))).toBe('ok');
    expect(emu.dump().messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm5']);
    expect(lines[1]).toBe('fault: down window over (4 requests dropped)');
    expect((await faults(emu)).map((f) => f.state)).toEqual(['over']);
  });

  it('with afterWrites 0 opens at once; windows given at start come from the options', async () => {
    const { emu, clock, alice } = await setup({ outages: [{ kind: 'down', afterWrites: 0, forMs: 5 }] });
    expect(await outcome(fetch(`${emu.url}v1/spaces`, { method: 'POST', body: '{}' }))).toBe('network');
    clock.advance(5);
    expect(await outcome(importSpace(alice))).toBe('ok');
    expect(emu.outages().map((f) => [f.kind, f.state, f.requests])).toEqual([['down', 'over', 1]]);
  });
});

describe('hang', () => {
  it('accepts requests and never answers them until the window ends, then drops their connections', async () => {
    const { emu, clock, lines, alice } = await setup();
    const space = await importSpace(alice);
    emu.scheduleOutage({ kind: 'hang', afterWrites: 0, forMs: 30_000 });
    let settled = false;
    const held = outcome(alice.spaces.messages.create({ parent: space.name as string, requestBody: { text: 'held', createTime: '2021-01-01T00:00:00Z' } }))
      .finally(() => (settled = true));
    // Wait for the request to arrive (observed through the inspection endpoint, which still answers).
    while ((await faults(emu))[0]?.requests !== 1) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    clock.advance(30_000);
    expect(await held).toBe('network');
    expect(lines).toEqual(['fault: hanging for 30000 ms from now (after 1 committed writes)', 'fault: hang window over (1 requests held, then dropped)']);
    expect(emu.dump().messages).toEqual([]);
    expect(await outcome(alice.spaces.messages.create({ parent: space.name as string, requestBody: { text: 'after', createTime: '2021-01-01T00:00:00Z' } }))).toBe('ok');
  });
});

describe('POST /__emulator/faults', () => {
  it('refuses a malformed window with 400 naming the field', async () => {
    const { emu } = await setup();
    const errors = [];
    for (const body of [{ kind: 'slow', forMs: 1 }, { kind: 'down', afterWrites: -1, forMs: 1 }, { kind: 'hang', forMs: 0 }, 'x']) {
      const { status, json } = await post(emu, body);
      errors.push([status, (json as { error: { message: string } }).error.message]);
    }
    expect(errors).toEqual([
      [400, 'kind must be "down" or "hang" (got "slow").'],
      [400, 'afterWrites must be a whole number of at least 0 (got -1).'],
      [400, 'forMs must be a number of milliseconds above 0 (got 0).'],
      [400, 'Expected a JSON object {"kind":"down"|"hang","afterWrites":N,"forMs":M}.'],
    ]);
    expect(await faults(emu)).toEqual([]);
  });
});

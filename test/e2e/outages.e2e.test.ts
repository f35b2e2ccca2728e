// Outages and hung connections through the CLI against the emulator's fault windows (src/emulator/outages.ts,
// scheduled over POST /__emulator/faults and opened by observed progress: after N committed writes). Each run
// ends with verify clean: every message exactly once. Timing is scaled (quota minutes of 1 s, windows of a few
// seconds); the window lengths are real time, so the retry budget and the timeouts are what carries the run.
// Seconds of real outage each: they run with `npm run test:e2e` (and in CI), not in `npm test`. The retry and
// timeout logic itself is tested with a fake clock in test/post/ (retry-policy, timeouts).
import { describe, expect, it } from 'vitest';
import type { OutageStatus } from '../../src/emulator/index.js';
import { type Rehearsal, runCli, useRehearsal } from '../helpers/cli.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const T = Date.UTC(2022, 5, 1, 8) / 1000;
const CHANNELS = ['north', 'south'];
const PER_CHANNEL = 40;

/** Two channels of 40 messages by two people. */
function smallExport(): Promise<string> {
  return writeSlackExport({
    users: [{ id: 'U1', name: 'ann', email: 'ann@example.com' }, { id: 'U2', name: 'ben', email: 'ben@example.com' }],
    channels: CHANNELS.map((name, c) => ({ id: `C${c}`, name, created: T - 1000, members: ['U1', 'U2'] })),
    days: Object.fromEntries(CHANNELS.map((name, c) => [name, {
      '2022-06-01': Array.from({ length: PER_CHANNEL }, (_, i) => ({ type: 'message', user: `U${1 + (i % 2)}`, text: `${name} ${i}`, ts: (T + 100 * c + i).toFixed(6) })),
    }])),
  });
}

async function schedule(r: Rehearsal, body: { kind: 'down' | 'hang'; afterWrites: number; forMs: number }): Promise<void> {
  const res = await fetch(`${r.emulator.url}__emulator/faults`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

async function faults(r: Rehearsal): Promise<OutageStatus[]> {
  return ((await (await fetch(`${r.emulator.url}__emulator/faults`)).json()) as { faults: OutageStatus[] }).faults;
}

/** Every message of the export exactly once, and verify (a separate run) agrees. */
async function expectExactlyOnce(r: Rehearsal, source: string): Promise<void> {
  const texts = r.emulator.dump().messages.map((m) => m.text).sort();
  expect(texts).toEqual(CHANNELS.flatMap((name) => Array.from({ length: PER_CHANNEL }, (_, i) => `${name} ${i}`)).sort());
  const verify = await runCli(['verify', source, ...r.target, '--quiet']);
  const verdict = verify.stdout.split('\n').find((line) => line.startsWith('Verif'));
  expect({ code: verify.code, verdict, stderr: verify.stderr })
    .toEqual({ code: 0, verdict: 'Verified: every planned message is in Google Chat, with the right sender, thread and createTime.', stderr: '' });
}

describe('outages and hangs through the CLI', () => {
  const rehearse = useRehearsal();

  it('--retry-for rides out an outage longer than the default budget: one run, exit 0, verify clean', async () => {
    const r = await rehearse({ timeScale: 60 });
    const source = await smallExport();
    // At --time-scale 60 the default budget is about 1.6 s of failing attempts (95 s / 60); the outage lasts 4 s.
    await schedule(r, { kind: 'down', afterWrites: 20, forMs: 4_000 });
    const result = await runCli(['import', source, ...r.target, '--time-scale', '60', '--retry-for', '30s', '--quiet']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const [window] = await faults(r);
    expect(window?.state).toBe('over');
    expect(window?.requests).toBeGreaterThan(0);
    await expectExactlyOnce(r, source);
  });

  it('a hang: requests time out (--request-timeout) and are retried until it ends: exit 0, verify clean', async () => {
    const r = await rehearse({ timeScale: 60 });
    const source = await smallExport();
    await schedule(r, { kind: 'hang', afterWrites: 20, forMs: 3_000 });
    const result = await runCli(['import', source, ...r.target, '--time-scale', '60', '--request-timeout', '300ms', '--retry-for', '30s', '--quiet']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const [window] = await faults(r);
    expect(window?.state).toBe('over');
    // Two spaces write at most two requests at once; more held requests than that means held ones timed out and
    // were sent again while the hang lasted (without timeouts the first two would simply wait for its end).
    expect(window?.requests).toBeGreaterThan(4);
    await expectExactlyOnce(r, source);
  });
});

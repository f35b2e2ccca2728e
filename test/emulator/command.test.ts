// `chat-import emulator` (runEmulatorCommand): first line, generated key, trusted keys, dump on exit, inspection.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorCommand } from '../../src/emulator/command.js';
import { startEmulator, type EmulatorCounters, type EmulatorDump, type ServiceAccountKey } from '../../src/emulator/index.js';
import { runInProcess } from '../helpers/in-process.js';
import { chatAs, importSpace } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-command-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { port: 0, timeScale: 1, failRate: 0, lostResponseRate: 0, domains: ['corp.test'] };

/** Waits until the command has printed `n` lines (it prints before blocking on the stop signal). */
async function linesAfterStart(lines: string[], n: number): Promise<void> {
  for (let i = 0; i < 200 && lines.length < n; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('runEmulatorCommand', () => {
  it('prints the address first, writes a 0600 trusted key, serves inspection endpoints and dumps on stop', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const keyPath = join(dir, 'nested', 'key.json');
    const dumpFile = join(dir, 'dump.json');
    const done = runEmulatorCommand({ ...base, trust: [], credentialsOut: keyPath, dumpFile, stopSignal: stop.signal }, (l) => lines.push(l));
    await linesAfterStart(lines, 5);
    const url = /^chat-import emulator listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(lines[0] as string)?.[1];
    expect(url).toBeDefined();
    expect(lines[1]).toBe(`service-account key (trusted, domain-wide delegation granted): ${keyPath}`);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);

    const key = JSON.parse(await readFile(keyPath, 'utf8')) as ServiceAccountKey;
    const emu = { url: url as string } as Parameters<typeof chatAs>[0];
    const space = await importSpace(chatAs(emu, key, 'ann@corp.test'));
    const counters = (await (await fetch(`${url}__emulator/counters`)).json()) as EmulatorCounters;
    expect(counters.byMethod).toEqual({ token: 1, 'spaces.create': 1 });
    const live = (await (await fetch(`${url}__emulator/dump`)).json()) as EmulatorDump;
    expect(live.spaces.map((s) => [s.name, s.createdBy])).toEqual([[space.name, 'ann@corp.test']]);

    stop.abort();
    const stopped = await done;
    const dumped = JSON.parse(await readFile(dumpFile, 'utf8')) as EmulatorDump;
    expect(dumped.spaces.map((s) => s.name)).toEqual([space.name]);
    await expect(fetch(stopped.url)).rejects.toThrow();
  });

  it('trusts the keys given with --trust instead of generating one', async () => {
    const other = await startEmulator();
    const key = other.createServiceAccountKey('migrator@acme-prod.iam.gserviceaccount.com');
    await other.stop();
    const keyPath = join(dir, 'acme.json');
    await writeFile(keyPath, JSON.stringify(key));
    const lines: string[] = [];
    const stop = new AbortController();
    const done = runEmulatorCommand({ ...base, trust: [keyPath], credentialsOut: join(dir, 'unused.json'), stopSignal: stop.signal },
      (l) => lines.push(l));
    await linesAfterStart(lines, 5);
    expect(lines[1]).toBe(`trusting service account migrator@acme-prod.iam.gserviceaccount.com (${keyPath})`);
    const url = /listening on (\S+)$/.exec(lines[0] as string)?.[1] as string;
    const space = await importSpace(chatAs({ url } as Parameters<typeof chatAs>[0], key, 'ann@corp.test'));
    expect(space.importMode).toBe(true);
    await expect(stat(join(dir, 'unused.json'))).rejects.toThrow();
    stop.abort();
    await done;
  });

  it('schedules the outage windows given as flags, says so, and reports them at /__emulator/faults', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const done = runEmulatorCommand({ ...base, trust: [], credentialsOut: join(dir, 'outage-key.json'), stopSignal: stop.signal,
      outages: [{ kind: 'down', afterWrites: 100, forMs: 40_000 }, { kind: 'hang', afterWrites: 0, forMs: 30_000 }] }, (l) => lines.push(l));
    await linesAfterStart(lines, 8);
    expect(lines.slice(4, 7)).toEqual([
      'fault scheduled: down for 40000 ms after 100 committed writes',
      'fault scheduled: hang for 30000 ms after 0 committed writes',
      'inspect: GET /__emulator/dump, /__emulator/counters and /__emulator/faults; stop with Ctrl-C',
    ]);
    expect(lines[7]).toMatch(/^fault: hanging for 30000 ms from now \(after 0 committed writes\)$/);
    const url = /listening on (\S+)$/.exec(lines[0] as string)?.[1] as string;
    const { faults } = (await (await fetch(`${url}__emulator/faults`)).json()) as { faults: Array<{ kind: string; state: string }> };
    expect(faults.map((f) => `${f.kind} ${f.state}`)).toEqual(['down waiting', 'hang open']);
    stop.abort();
    await done;
  });
});

describe('chat-import emulator flags', () => {
  it('refuses a fault window without its length, naming the flag (exit 2)', async () => {
    const result = await runInProcess(['emulator', '--port', '0', '--hang-after', '3']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 2, stderr: 'chat-import: --hang-after needs --hang-for <ms> (how long the hang lasts).\n',
    });
  });
});

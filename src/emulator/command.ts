// `chat-import emulator`: run the emulator in the foreground until SIGINT/SIGTERM. The first line printed is the
// address (scripts read it to find a port chosen with --port 0); then where the service-account key is.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mkdirs } from '../mkdirs.js';
import { startEmulator, type OutageRequest, type RunningEmulator } from './index.js';

export interface EmulatorCommandOptions {
  port: number;
  timeScale: number;
  failRate: number;
  lostResponseRate: number;
  seed?: number;
  domains: string[];
  /** Outage windows (--down-after/--down-for, --hang-after/--hang-for). */
  outages?: OutageRequest[];
  /** Paths of service-account key JSON files to trust; when empty a key is generated. */
  trust: string[];
  /** Where the generated key goes (mode 0600). Default `.chat-import/emulator-key.json`. */
  credentialsOut?: string;
  /** Written with the dump JSON on exit. */
  dumpFile?: string;
  /** Stops the emulator like a signal would (for tests and embedding). */
  stopSignal?: AbortSignal;
}

const DEFAULT_KEY_PATH = '.chat-import/emulator-key.json';

async function writePrivateFile(path: string, content: string): Promise<void> {
  await mkdirs(dirname(path));
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
}

export async function runEmulatorCommand(opts: EmulatorCommandOptions, print: (line: string) => void): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    port: opts.port,
    timeScale: opts.timeScale,
    failRate: opts.failRate,
    lostResponseRate: opts.lostResponseRate,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    domains: opts.domains,
    onOutage: print,
  });
  try {
    print(`chat-import emulator listening on ${emulator.url}`);
    let keyPath: string;
    if (opts.trust.length > 0) {
      for (const path of opts.trust) {
        const key = JSON.parse(await readFile(path, 'utf8')) as { client_email?: string; private_key?: string };
        if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
          throw new Error(`${path} is not a service-account key (client_email and private_key are required).`);
        }
        emulator.trustServiceAccount({ client_email: key.client_email, private_key: key.private_key });
        print(`trusting service account ${key.client_email} (${path})`);
      }
      keyPath = opts.trust[0] as string;
    } else {
      keyPath = resolve(opts.credentialsOut ?? DEFAULT_KEY_PATH);
      const key = emulator.createServiceAccountKey();
      await writePrivateFile(keyPath, `${JSON.stringify(key, null, 2)}\n`);
      print(`service-account key (trusted, domain-wide delegation granted): ${keyPath}`);
    }
    print(`directory: every user@${opts.domains.join(', user@')} exists`);
    print(`rehearse: chat-import import <export> --api-root ${emulator.url} --credentials ${keyPath} --admin admin@${opts.domains[0] ?? 'example.com'}`);
    for (const o of opts.outages ?? []) print(`fault scheduled: ${o.kind} for ${o.forMs} ms after ${o.afterWrites} committed writes`);
    print('inspect: GET /__emulator/dump, /__emulator/counters and /__emulator/faults; stop with Ctrl-C');
    // Scheduled only now, so a window that opens at once is announced after the address line scripts read first.
    for (const o of opts.outages ?? []) emulator.scheduleOutage(o);
  } catch (e) {
    await emulator.stop();
    throw e;
  }

  await new Promise<void>((done) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      opts.stopSignal?.removeEventListener('abort', finish);
      done();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    if (opts.stopSignal?.aborted) finish();
    else opts.stopSignal?.addEventListener('abort', finish);
  });
  if (opts.dumpFile) {
    await mkdirs(dirname(resolve(opts.dumpFile)));
    await writeFile(opts.dumpFile, `${JSON.stringify(emulator.dump(), null, 2)}\n`);
    print(`dump written to ${opts.dumpFile}`);
  }
  const counters = emulator.counters();
  print(`stopping: ${counters.requests} requests, ${counters.rateLimited} rate-limited, ${counters.injectedFailures} injected failures, ${counters.lostResponses} lost responses, ${counters.outageRequests} dropped or held by outages`);
  await emulator.stop();
  return emulator;
}

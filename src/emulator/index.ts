// The built-in Google Chat API emulator: a local server that answers the REST paths @googleapis/chat calls and
// the OAuth token endpoint google-auth-library calls, and enforces the import-mode rules of chat-api.md §9.
// Start it in-process from tests (`startEmulator()`), or from the CLI (`chat-import emulator`, see command.ts).
import { randomInt } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AuthService, BOT_SCOPE, DRIVE_FILE_SCOPE, IMPORT_SCOPE, MESSAGES_READONLY_SCOPE } from './auth.js';
import type { Env } from './context.js';
import { Directory } from './directory.js';
import { buildDump, storedCounts } from './dump.js';
import { Faults } from './faults.js';
import { Outages, parseOutageRequest, realOutageClock } from './outages.js';
import { DEFAULT_QUOTAS, QuotaWindows } from './quotas.js';
import { matchRoute } from './routes.js';
import { createEmulatorServer } from './server.js';
import { SlackFileHost } from './slack-files.js';
import { Store } from './store.js';
import type { EmulatorCounters, EmulatorOptions, RunningEmulator } from './types.js';
import type { OutageRequest, OutageStatus } from './outages.js';

export type {
  EmulatorCounters, EmulatorDump, EmulatorOptions, EmulatorStored, EmulatorQuotas, RunningEmulator, ServiceAccountKey,
} from './types.js';
export { IMPORT_SCOPE, BOT_SCOPE, DRIVE_FILE_SCOPE, MESSAGES_READONLY_SCOPE } from './auth.js';
export { DEFAULT_QUOTAS } from './quotas.js';
export type { OutageClock, OutageKind, OutageRequest, OutageStatus } from './outages.js';

export const DEFAULT_GRANTED_SCOPES: readonly string[] = [IMPORT_SCOPE, BOT_SCOPE, DRIVE_FILE_SCOPE, MESSAGES_READONLY_SCOPE];

export const DEFAULT_SERVICE_ACCOUNT = 'chat-import@chat-import-emulator.iam.gserviceaccount.com';

function checkRate(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1 (got ${value}).`);
  return value;
}

function scheduleChecked(outages: Outages, request: OutageRequest): OutageStatus {
  const checked = parseOutageRequest(request);
  if (typeof checked === 'string') throw new RangeError(checked);
  return outages.schedule(checked);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be positive (got ${timeScale}).`);
  const directory = new Directory(options.domains ?? ['example.com'], options.users ?? [], options.refusedUsers ?? []);
  const env: Env = { store: new Store(), directory, nowMs: options.now ?? Date.now };
  // What a Workspace admin grants for a migration: chat.import (and drive.file for --drive), and
  // chat.messages.readonly so verify can read the spaces back once they are completed (chat.import no longer
  // covers them then).
  const auth = new AuthService(directory, new Set(options.grantedScopes ?? DEFAULT_GRANTED_SCOPES));
  const counters: EmulatorCounters = {
    requests: 0, byStatus: {}, byMethod: {}, byMethodStatus: {}, rateLimited: 0, injectedFailures: 0, lostResponses: 0, tokensIssued: 0, outageRequests: 0,
  };
  const outages = new Outages(options.outageClock ?? realOutageClock, options.onOutage);
  for (const request of options.outages ?? []) scheduleChecked(outages, request);
  const slackFiles = new SlackFileHost();
  const server = createEmulatorServer({
    env,
    auth,
    quotas: new QuotaWindows(60_000 / timeScale),
    quotaNow: options.quotaClock ?? (() => performance.now()),
    limits: { ...DEFAULT_QUOTAS, ...options.quotas },
    faults: new Faults(checkRate('failRate', options.failRate ?? 0), checkRate('lostResponseRate', options.lostResponseRate ?? 0),
      options.seed ?? randomInt(2 ** 31)),
    retryAfter: options.retryAfter ?? true,
    outages,
    counters,
    slackFiles,
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  let stopped: Promise<void> | undefined;

  return {
    url,
    port,
    createServiceAccountKey: (clientEmail = DEFAULT_SERVICE_ACCOUNT) => auth.createKey(clientEmail, `${url}token`),
    trustServiceAccount: (key) => auth.trust(key),
    slackFiles,
    dump: () => buildDump(env),
    stored: () => storedCounts(env),
    dispatch: (method, url, body, user) => {
      const parsed = new URL(url, 'http://127.0.0.1');
      const match = matchRoute(method, parsed.pathname);
      if (!match?.route.handle) throw new RangeError(`dispatch: ${method} ${parsed.pathname} is not a JSON method of the emulator`);
      const caller = { app: DEFAULT_SERVICE_ACCOUNT, user, scopes: new Set([IMPORT_SCOPE]) };
      return match.route.handle({ env, caller, params: match.params, query: parsed.searchParams, body: body ?? {} });
    },
    counters: () => structuredClone(counters),
    scheduleOutage: (request) => scheduleChecked(outages, request),
    outages: () => outages.list(),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        outages.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
  };
}

// What the commands that write to Google share: the key, the token broker, the client, the limits, the writer.
import { readFile, stat } from 'node:fs/promises';
import { InterruptedError, UsageError } from '../errors.js';
import { CHAT_IMPORT_SCOPE, parseServiceAccountKey, TokenBroker } from '../post/auth.js';
import { ChatClient } from '../post/chat-client.js';
import { DriveClient, DRIVE_FILE_SCOPE } from '../post/drive.js';
import { DriveFiles } from '../post/drive-files.js';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from '../post/http-adapter.js';
import { systemClock, type Clock } from '../post/clock.js';
import { GOOGLE_QUOTAS, QuotaBook, type QuotaLimits } from '../post/rate-limit.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../post/retry-policy.js';
import { Writer } from '../post/writer.js';
import type { ReportBuilder } from '../report/run-report.js';

export interface WriterSetup {
  readonly credentials: string;
  readonly admin: string;
  readonly apiRoot?: string;
  readonly quotas?: QuotaLimits;
  readonly quotaWindowMs?: number;
  readonly clock?: Clock;
  /** OAuth scopes to request; chat.import unless a command needs another (verify after completion). */
  readonly scopes?: readonly string[];
  /** For emulator rehearsals: a time-scaled run also scales its retry backoff. */
  readonly timeScale?: number;
  readonly timeouts?: RequestTimeouts;
  readonly retryForMs?: number;
  /** --drive: files too big or blocked for Chat go to their author's Drive (a second token, drive.file scope). */
  readonly drive?: boolean;
  /** Where a warning for the person at the terminal goes (the key file readable by others). */
  readonly warn?: (line: string) => void;
}

/**
 * The key signs tokens for every user of the domain: a copy others on the machine can read is worth a warning
 * (not a refusal: the operator may have reasons, and the tool cannot fix the file's ACLs or its copies).
 */
export function keyFileWarning(path: string, mode: number): string | undefined {
  if ((mode & 0o077) === 0) return undefined;
  return `The key file ${path} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): it lets anyone act as every user of your domain. Run chmod 600 ${path}.`;
}

export async function createWriter(setup: WriterSetup, report: ReportBuilder, signal: AbortSignal): Promise<Writer> {
  let keyText: string;
  try {
    keyText = await readFile(setup.credentials, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--credentials ${setup.credentials}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read'}. Expected a service-account key JSON file.`);
  }
  const key = parseServiceAccountKey(keyText, setup.credentials);
  const exposed = keyFileWarning(setup.credentials, (await stat(setup.credentials)).mode);
  if (exposed) {
    report.warning('key_file_readable', exposed);
    setup.warn?.(exposed);
  }
  const clock = setup.clock ?? systemClock;
  const timeouts = setup.timeouts ?? DEFAULT_TIMEOUTS;
  const writer = new Writer({
    client: new ChatClient(setup.apiRoot, timeouts),
    tokens: new TokenBroker(key, setup.apiRoot, setup.scopes ?? [CHAT_IMPORT_SCOPE], timeouts),
    admin: setup.admin,
    quotas: new QuotaBook(setup.quotas ?? GOOGLE_QUOTAS, clock, setup.quotaWindowMs ?? 60_000),
    clock,
    retryPolicy: { ...scaledRetryPolicy(setup.timeScale ?? 1), ...(setup.retryForMs !== undefined ? { retryForMs: setup.retryForMs } : {}) },
    random: Math.random,
    report,
    signal,
    ...(setup.drive ? { drive: new DriveFiles(new DriveClient(setup.apiRoot, timeouts), new TokenBroker(key, setup.apiRoot, [DRIVE_FILE_SCOPE], timeouts)) } : {}),
  });
  // Fail fast, before any write, when the key or the delegation is wrong.
  await writer.adminAuth();
  return writer;
}

/** Stops taking new work on Ctrl-C / SIGTERM; a second Ctrl-C leaves at once. */
export function interruptOnSignals(controller: AbortController, say: (line: string) => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    say(`${signal}: finishing the writes in flight and saving the state (Ctrl-C again to quit at once)…`);
    controller.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Against a time-scaled emulator, backoff shrinks with the quota minute so rehearsals keep their pace. */
export function scaledRetryPolicy(timeScale: number): RetryPolicy {
  if (timeScale === 1) return DEFAULT_RETRY_POLICY;
  return { ...DEFAULT_RETRY_POLICY, baseDelayMs: Math.max(DEFAULT_RETRY_POLICY.baseDelayMs / timeScale, 5), maxDelayMs: Math.max(DEFAULT_RETRY_POLICY.maxDelayMs / timeScale, 50) };
}

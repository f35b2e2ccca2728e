// Logs: human-readable lines on stderr (pino-pretty), and JSON lines to --log FILE. Messages pass through
// redact() at the call sites that handle foreign text; known secret fields are censored here too.
import { createWriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { errnoCode, fileSystemFix } from './errors.js';
import { openOwnerOnlyForAppend } from './owner-only.js';

export type { Logger };

/** Where --log FILE's lines go: a stream appending to the file (tests pass one that fails). */
export type OpenLogFile = (path: string) => NodeJS.WritableStream;

export const openLogFile: OpenLogFile = (path) => createWriteStream(path, { fd: openOwnerOnlyForAppend(path, '--log') });

export interface LoggerOptions {
  readonly quiet: boolean;
  readonly logFile?: string;
  readonly level?: string;
  readonly openLogFile?: OpenLogFile;
  /** Told once when the --log file stops taking lines (a full disk, an I/O error), with the message to show. */
  readonly onLogFileError?: (message: string) => void;
}

export interface RunLogger {
  readonly log: Logger;
  /** Flushes and closes the --log file; resolves once its last line is on disk or the file has failed. */
  close(): Promise<void>;
}

/** The message for a --log file that failed mid-run: the path, the flag, the OS's code and the fix. */
export function logFileErrorMessage(path: string, error: unknown): string {
  const code = errnoCode(error);
  return `Cannot write the log file ${path} (${code}): ${fileSystemFix(code, path, '--log')} The run goes on without it (the state file, not the log, records what is written) and will exit 1.`;
}

/**
 * The --log file as pino sees it. The log is not the ledger: a write error (ENOSPC, EIO…) must not crash the run
 * or vanish, so the first one is reported once and every later line is dropped.
 */
class LogFile {
  private failed = false;
  private ended = false;
  private readonly done: Promise<void>;

  constructor(private readonly stream: NodeJS.WritableStream, path: string, onError: (message: string) => void) {
    this.done = new Promise((resolve) => {
      stream.on('error', (error: unknown) => {
        if (this.failed) return;
        this.failed = true;
        onError(logFileErrorMessage(path, error));
        resolve();
      });
      stream.once('finish', () => resolve());
    });
  }

  write(line: string): void {
    if (!this.failed && !this.ended) this.stream.write(line);
  }

  close(): Promise<void> {
    if (!this.failed && !this.ended) {
      this.ended = true;
      this.stream.end();
    }
    return this.done;
  }
}

export function createLogger(options: LoggerOptions): RunLogger {
  const streams: pino.StreamEntry[] = [];
  if (!options.quiet) {
    streams.push({ level: 'info', stream: pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }) });
  } else {
    streams.push({ level: 'error', stream: pretty({ destination: 2, sync: true, colorize: false, ignore: 'pid,hostname,time' }) });
  }
  let file: LogFile | undefined;
  if (options.logFile) {
    const path = options.logFile;
    file = new LogFile((options.openLogFile ?? openLogFile)(path), path, options.onLogFileError ?? (() => undefined));
    streams.push({ level: 'debug', stream: file });
  }
  const log = pino(
    { level: options.level ?? 'debug', redact: { paths: ['*.private_key', '*.access_token', '*.token', '*.assertion', '*.authorization'], censor: '[redacted]' } },
    pino.multistream(streams),
  );
  return { log, close: () => file?.close() ?? Promise.resolve() };
}

// Logs: human-readable lines on stderr (pino-pretty), and JSON lines to --log FILE. Messages pass through
// redact() at the call sites that handle foreign text; known secret fields are censored here too.
import { createWriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { openOwnerOnlyForAppend } from './owner-only.js';

export type { Logger };

export function createLogger(options: { quiet: boolean; logFile?: string; level?: string }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (!options.quiet) {
    streams.push({ level: 'info', stream: pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss' }) });
  } else {
    streams.push({ level: 'error', stream: pretty({ destination: 2, sync: true, colorize: false, ignore: 'pid,hostname,time' }) });
  }
  if (options.logFile) streams.push({ level: 'debug', stream: createWriteStream(options.logFile, { fd: openOwnerOnlyForAppend(options.logFile, '--log') }) });
  return pino(
    { level: options.level ?? 'debug', redact: { paths: ['*.private_key', '*.access_token', '*.token', '*.assertion', '*.authorization'], censor: '[redacted]' } },
    pino.multistream(streams),
  );
}

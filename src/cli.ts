// argv → frozen config → command. The one place that catches errors and picks exit codes:
//   0 everything planned was written or skipped with a recorded reason
//   1 the run finished with failures, validate found blocking problems, or a file it writes (state, report,
//     lock, --log) was refused
//   2 usage error (bad flag, unreadable file)       130 interrupted (state saved; run again to resume)
import { Command, CommanderError, Option } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONCURRENCY, DEFAULT_STATE_PATH, type ImportConfig, type OutputSelection, type SourceSelection, type TargetSelection } from './config.js';
import { checkDelimiter, checkEncoding } from '../mappers/index.js';
import { addSecret, ApiError, DamagedZipError, FatalError, redact, UsageError } from './errors.js';
import type { FileFetchSettings } from './linked-files.js';
import { createLogger, type OpenLogFile } from './log.js';
import { GOOGLE_QUOTAS, type QuotaLimits } from './post/rate-limit.js';
import { DEFAULT_TIMEOUTS } from './post/http-adapter.js';
import { runComplete } from './commands/complete.js';
import { runImport, runValidate, type CommandIo } from './commands/import.js';
import { formatStatus, statusRows } from './commands/status.js';
import { runVerify } from './commands/verify.js';
import { runEmulatorCommand } from './emulator/command.js';
import type { OutageRequest } from './emulator/index.js';

/** The package version: package.json is two folders up from dist/src/cli.js, one up from src/cli.ts (tests). */
function readVersion(): string {
  for (const relative of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'chat-import') return pkg.version;
    } catch {
      // try the next location
    }
  }
  return 'unknown';
}
const VERSION = readVersion();

type Flags = Record<string, unknown>;

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1 (got "${value}").`);
    return n;
  };
}

function wholeNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number of at least 0 (got "${value}").`);
    return n;
  };
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number above 0 (got "${value}").`);
    return n;
  };
}

function rate(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} must be between 0 and 1 (got "${value}").`);
    return n;
  };
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `10m`, `2h` (a bare number is seconds) → milliseconds. */
function duration(flag: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    const ms = m ? Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] as number) : NaN;
    if (!(ms > 0)) throw new UsageError(`${flag} must be a duration above 0 such as 500ms, 30s, 10m or 2h (got "${value}").`);
    return ms;
  };
}

function date(flag: string) {
  return (value: string): number => {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms)) throw new UsageError(`${flag} must be a date such as 2024-01-31 or 2024-01-31T12:00:00Z (got "${value}").`);
    return ms;
  };
}

function timeZone(value: string): string {
  try {
    // Intl knows the IANA zones; it throws a RangeError for anything else.
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--timezone must be an IANA time zone such as Europe/Berlin, America/New_York or UTC (got "${value}").`);
  }
}

function addSourceOptions(command: Command): Command {
  return command
    .argument('<source>', 'a Slack export (.zip or folder), a CSV file or folder, or a JSON/JSONL file')
    .option('--from <kind>', 'the source kind, instead of detecting it (slack, csv, rocketchat, json, mattermost, teams, telegram)')
    .option('--users <file>', 'source user → Google Workspace email mapping (CSV or JSON; Slack member-list CSV as is)')
    .option('--allow-admin-fallback', "go on when the export's user table (users.json, users.csv, usersList.json) is missing or unreadable: every author is posted by the admin with an attribution line")
    .option('--domain <domain>', 'rewrite the domain of every mapped email')
    .option('--files-dir <dir>', 'folder holding file bytes laid out as <file id>/<name>')
    .option('--timezone <zone>', 'IANA time zone of export times written without one, e.g. Europe/Berlin (Telegram exports without date_unixtime; default: UTC, counted as telegram_local_time)', timeZone)
    .addOption(new Option('--slack-token <token>', 'Slack token (files:read) sent as a Bearer header to download linked files; turns fetching on for every link').env('SLACK_TOKEN'))
    .addOption(new Option('--slack-files-root <url>', 'download https://files.slack.com/ links from here instead (same path and query; the emulator\'s /__slack/)').env('CHAT_IMPORT_SLACK_FILES_ROOT'))
    .option('--no-file-fetch', 'never download linked files (they stay a line with the name and link)')
    .option('--drive', "put files too big for Google Chat (> 200 MB) or of a type it blocks on the author's Google Drive and link them (the delegation must also grant drive.file)")
    .option('--channels <names>', 'only these conversations (comma-separated names or ids)', list)
    .option('--exclude-channels <names>', 'leave out these conversations (comma-separated names or ids)', list)
    .option('--since <date>', 'only messages at or after this date (UTC)', date('--since'))
    .option('--until <date>', 'only messages before this date (UTC)', date('--until'))
    .option('--csv-delimiter <char>', 'generic CSV: the field delimiter, one character (default: detected)')
    .option('--csv-encoding <label>', 'generic CSV: the text encoding, e.g. windows-1252 (default: utf-8)')
    .option('--report <dir>', 'folder of the reports: report.json (the import) and report-<command>.* (default: beside the state file)')
    .option('--log <file>', 'also write JSON logs to this file')
    .option('-q, --quiet', 'print only the summary and errors');
}

/**
 * Required, but checked only once the arguments are: commander checks required options before a missing <source>,
 * and `chat-import import` alone should ask for the export first. The same words as commander's own check.
 */
function requireOptions(command: Command, ...options: Option[]): Command {
  for (const option of options) command.addOption(option);
  return command.hook('preAction', (_command, action) => {
    for (const option of options) {
      if (action.getOptionValue(option.attributeName()) === undefined) action.error(`error: required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    }
  });
}

function addTargetOptions(command: Command): Command {
  return requireOptions(
    command,
    new Option('--credentials <key.json>', 'service-account key with domain-wide delegation of the chat.import scope'),
    new Option('--admin <email>', 'Workspace admin who creates the spaces and posts for authors that cannot be impersonated'),
  )
    .option('--state <file>', 'the checkpoint file', DEFAULT_STATE_PATH)
    .option('--migration-id <name>', 'a second, separate migration of the same source into new spaces (letters, digits, . _ -)', migrationName)
    .addOption(new Option('--api-root <url>', 'send Chat API and token requests here instead of Google (the built-in emulator)').env('CHAT_IMPORT_API_ROOT'))
    .option('--connect-timeout <duration>', `give up on a connection not up within this long, and retry (default ${DEFAULT_TIMEOUTS.connectMs / 1000}s)`, duration('--connect-timeout'))
    .option('--request-timeout <duration>', `give up on a request not answered within this long, and retry (default ${DEFAULT_TIMEOUTS.responseMs / 1000}s; uploads ${DEFAULT_TIMEOUTS.uploadMs / 60_000}m)`, duration('--request-timeout'))
    .option('--retry-for <duration>', 'keep retrying a write through network errors, 5xx and 429 until this long after its first attempt, e.g. 30m for a long outage (default: 8 attempts, about 95 s)', duration('--retry-for'));
}

/** import and complete: a rehearsal against a time-scaled emulator keeps the emulator's pace. */
function timeScaleOption(): Option {
  return new Option('--time-scale <x>', 'for emulator rehearsals: quotas per (60 / x) seconds instead of per minute').argParser(positiveNumber('--time-scale')).default(1);
}

function migrationName(value: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new UsageError(`--migration-id must be 1 to 64 letters, digits, dots, underscores or hyphens (got "${value}").`);
  return value;
}

function sourceSelection(source: string, flags: Flags): SourceSelection {
  if (flags.since !== undefined && flags.until !== undefined && (flags.since as number) >= (flags.until as number)) {
    throw new UsageError('--since must be before --until.');
  }
  const pick = <T>(key: string): T | undefined => flags[key] as T | undefined;
  // Checked before the source is detected: with a bad value no file reads as CSV, and the message would only say
  // that the source is not an export chat-import recognizes.
  try {
    if (pick('csvDelimiter')) checkDelimiter(pick<string>('csvDelimiter') as string);
    if (pick('csvEncoding')) checkEncoding(pick<string>('csvEncoding') as string);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return Object.freeze({
    source,
    ...(pick('from') ? { from: pick<string>('from') } : {}),
    ...(pick('users') ? { usersFile: pick<string>('users') } : {}),
    ...(pick('allowAdminFallback') ? { allowAdminFallback: true } : {}),
    ...(pick('domain') ? { domain: pick<string>('domain') } : {}),
    ...(pick('filesDir') ? { filesDir: pick<string>('filesDir') } : {}),
    ...(pick('timezone') ? { timeZone: pick<string>('timezone') } : {}),
    ...(pick('channels') ? { channels: pick<string[]>('channels') } : {}),
    ...(pick('excludeChannels') ? { excludeChannels: pick<string[]>('excludeChannels') } : {}),
    ...(pick('since') !== undefined ? { sinceMs: pick<number>('since') } : {}),
    ...(pick('until') !== undefined ? { untilMs: pick<number>('until') } : {}),
    fileFetch: fileFetchSettings(flags),
    ...(flags.drive === true ? { drive: true } : {}),
    ...(pick('csvDelimiter') || pick('csvEncoding')
      ? { csv: { ...(pick('csvDelimiter') ? { delimiter: pick<string>('csvDelimiter') } : {}), ...(pick('csvEncoding') ? { encoding: pick<string>('csvEncoding') } : {}) } }
      : {}),
  }) as SourceSelection;
}

function fileFetchSettings(flags: Flags): FileFetchSettings {
  const token = flags.slackToken as string | undefined;
  const root = flags.slackFilesRoot as string | undefined;
  if (root !== undefined && !/^https?:\/\//.test(root)) throw new UsageError(`--slack-files-root must be an http(s) URL (got "${root}").`);
  addSecret(token); // from here on, redact() removes it from anything logged, reported or printed
  return Object.freeze({ off: flags.fileFetch === false, ...(token ? { token } : {}), ...(root ? { filesRoot: root } : {}), ...(flags.drive === true ? { drive: true } : {}) });
}

function targetSelection(flags: Flags): TargetSelection {
  const root = apiRoot(flags);
  const connectMs = flags.connectTimeout as number | undefined;
  const responseMs = flags.requestTimeout as number | undefined;
  const timeouts = connectMs !== undefined || responseMs !== undefined
    ? { timeouts: Object.freeze({ connectMs: connectMs ?? DEFAULT_TIMEOUTS.connectMs, responseMs: responseMs ?? DEFAULT_TIMEOUTS.responseMs, uploadMs: Math.max(DEFAULT_TIMEOUTS.uploadMs, responseMs ?? 0) }) }
    : {};
  return Object.freeze({
    credentials: flags.credentials as string,
    admin: (flags.admin as string).toLowerCase(),
    statePath: flags.state as string,
    ...(root ? { apiRoot: root } : {}),
    ...timeouts,
    ...(flags.retryFor !== undefined ? { retryForMs: flags.retryFor as number } : {}),
    ...(flags.migrationId ? { migrationId: flags.migrationId as string } : {}),
  });
}

function outputSelection(flags: Flags): OutputSelection {
  return Object.freeze({
    quiet: Boolean(flags.quiet),
    ...(flags.report ? { reportDir: flags.report as string } : {}),
    ...(flags.log ? { logFile: flags.log as string } : {}),
  });
}

function apiRoot(flags: Flags): string | undefined {
  const root = flags.apiRoot as string | undefined;
  if (!root) return undefined;
  if (!/^https?:\/\//.test(root)) throw new UsageError(`--api-root must be an http(s) URL (got "${root}").`);
  return root.endsWith('/') ? root : `${root}/`;
}

const QUOTA_FLAGS: Array<[keyof QuotaLimits, string, string]> = [
  ['perSpaceWrites', '--quota-space-writes <n>', 'writes per minute in one space'],
  ['messageWrites', '--quota-message-writes <n>', 'message writes per minute in the project'],
  ['reactionWrites', '--quota-reaction-writes <n>', 'reaction writes per minute in the project'],
  ['uploadWrites', '--quota-uploads <n>', 'attachment uploads per minute in the project'],
  ['membershipWrites', '--quota-membership-writes <n>', 'membership writes per minute in the project'],
];

/** What the program prints to and opens: the terminal and files in main(), captures and fakes in tests. */
export type ProgramIo = Omit<CommandIo, 'log' | 'commandLine'> & {
  /** Lines for stderr that are not log lines (a --log file that failed); default process.stderr. */
  readonly printError?: (line: string) => void;
  readonly openLogFile?: OpenLogFile;
};

export function buildProgram(run: (work: () => Promise<number>) => void, io: ProgramIo): Command {
  const program = new Command('chat-import')
    .description('Move chat history (Slack, CSV, JSON exports) into Google Chat import-mode spaces, resumably and exactly once.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Before the commands are added, so they inherit it: usage errors reach our one catch (exit 2).
    .exitOverride();

  const printError = io.printError ?? ((line: string) => void process.stderr.write(`${line}\n`));
  /**
   * Runs a command with its logger. A --log file that fails mid-run is said once, when it fails, and the run goes
   * on (the log is not the ledger); the exit status then tells it: 1 where the command would have exited 0.
   */
  const runCommand = (flags: Flags, command: (commandIo: CommandIo) => Promise<number>): void =>
    run(async () => {
      let logFailed = false;
      const logger = createLogger({
        quiet: Boolean(flags.quiet),
        ...(flags.log ? { logFile: flags.log as string } : {}),
        ...(io.openLogFile ? { openLogFile: io.openLogFile } : {}),
        onLogFileError: (message) => {
          logFailed = true;
          printError(`chat-import: ${message}`);
        },
      });
      let code: number;
      try {
        code = await command({ print: io.print, now: io.now, log: logger.log, commandLine: redact(['chat-import', ...process.argv.slice(2)].join(' ')) });
      } finally {
        await logger.close();
      }
      return logFailed && code === 0 ? 1 : code;
    });

  addSourceOptions(program.command('validate').description('read, map and plan an export and report what would be written and every problem Google would reject; no network'))
    .action((source: string, flags: Flags) => runCommand(flags, async (commandIo) => (await runValidate({ selection: sourceSelection(source, flags), output: outputSelection(flags) }, commandIo)).exitCode));

  const importCommand = addTargetOptions(addSourceOptions(program.command('import').description('import an export into Google Chat import-mode spaces (re-run the same command to resume)')))
    .option('--concurrency <n>', 'spaces imported at the same time', positiveInt('--concurrency'), DEFAULT_CONCURRENCY)
    .option('--complete', 'complete the import of every space that finished without errors, then add its current members')
    .option('--dry-run', 'plan and report only, like validate; no network')
    .addOption(timeScaleOption());
  for (const [, flag, description] of QUOTA_FLAGS) importCommand.option(flag, `${description} (raised quotas)`, positiveInt(flag.split(' ')[0] as string));
  importCommand.action((source: string, flags: Flags) =>
    runCommand(flags, async (commandIo) => {
      const quotas = { ...GOOGLE_QUOTAS };
      for (const [key, flag] of QUOTA_FLAGS) {
        const value = flags[camel(flag.split(' ')[0] as string)];
        if (typeof value === 'number') quotas[key] = value;
      }
      const config: ImportConfig = Object.freeze({
        selection: sourceSelection(source, flags),
        target: targetSelection(flags),
        output: outputSelection(flags),
        concurrency: flags.concurrency as number,
        complete: Boolean(flags.complete),
        dryRun: Boolean(flags.dryRun),
        quotas: Object.freeze(quotas),
        quotaWindowMs: 60_000 / (flags.timeScale as number),
      });
      return (await runImport(config, commandIo)).exitCode;
    }),
  );

  program
    .command('status')
    .description('show, from the state file, each space: done/total, state and import-mode deadline')
    .option('--state <file>', 'the checkpoint file', DEFAULT_STATE_PATH)
    .option('--json', 'print JSON')
    .action((flags: Flags) =>
      run(async () => {
        const rows = await statusRows(flags.state as string);
        if (flags.json) io.print(JSON.stringify(rows, null, 2));
        else for (const line of formatStatus(rows)) io.print(line);
        return rows.some((r) => r.state === 'failed') ? 1 : 0;
      }),
    );

  addTargetOptions(addSourceOptions(program.command('verify').description('read every imported space back and compare it with the plan; exit 1 on any difference'))).action(
    (source: string, flags: Flags) => runCommand(flags, async (commandIo) => (await runVerify({ selection: sourceSelection(source, flags), output: outputSelection(flags), target: targetSelection(flags) }, commandIo)).exitCode),
  );

  addTargetOptions(program.command('complete').description('complete the import of every finished space, then add current members'))
    .addOption(timeScaleOption())
    .action((flags: Flags) => runCommand(flags, async (commandIo) => (await runComplete(targetSelection(flags), commandIo, flags.timeScale as number)).exitCode));

  program
    .command('emulator')
    .description('serve a local Google Chat API (and token endpoint) that enforces the import-mode rules, for rehearsals and tests')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', (v) => Number(v), 0)
    .option('--time-scale <x>', 'quota minutes last 60/x seconds', positiveNumber('--time-scale'), 1)
    .option('--fail-rate <p>', 'answer this share of writes with 500/503 before doing them', rate('--fail-rate'), 0)
    .option('--lost-response-rate <p>', 'commit this share of writes, then drop the connection', rate('--lost-response-rate'), 0)
    .option('--seed <n>', 'seed for the fault injection', (v) => Number(v))
    .option('--domain <domain>', 'a domain whose users exist in the directory (repeatable; default example.com)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--trust <key.json>', 'trust this service-account key (repeatable); default: generate one', (v: string, prev: string[] = []) => [...prev, v])
    .option('--credentials-out <file>', 'where to write the generated service-account key', '.chat-import/emulator-key.json')
    .option('--dump <file>', 'write everything stored, as JSON, to this file on exit')
    .option('--down-after <n>', 'after this many committed writes, drop every API and token request unanswered (see --down-for)', wholeNumber('--down-after'))
    .option('--down-for <ms>', 'how long the --down-after outage lasts, in milliseconds', positiveNumber('--down-for'))
    .option('--hang-after <n>', 'after this many committed writes, accept requests but never answer them (see --hang-for)', wholeNumber('--hang-after'))
    .option('--hang-for <ms>', 'how long the --hang-after hang lasts, in milliseconds; held connections are then dropped', positiveNumber('--hang-for'))
    .action((flags: Flags) =>
      run(async () => {
        const outages = [outageFlags('down', flags), outageFlags('hang', flags)].flatMap((o) => (o ? [o] : []));
        const emulator = await runEmulatorCommand(
          {
            port: flags.port as number,
            timeScale: flags.timeScale as number,
            failRate: flags.failRate as number,
            lostResponseRate: flags.lostResponseRate as number,
            ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}),
            domains: (flags.domain as string[] | undefined) ?? ['example.com'],
            trust: (flags.trust as string[] | undefined) ?? [],
            credentialsOut: flags.credentialsOut as string,
            ...(flags.dump ? { dumpFile: flags.dump as string } : {}),
            outages,
          },
          io.print,
        );
        void emulator;
        return 0;
      }),
    );
  return program;
}

/** --down-after/--down-for (or --hang-…) as one outage window; the duration is required, the start defaults to 0. */
function outageFlags(kind: 'down' | 'hang', flags: Flags): OutageRequest | undefined {
  const after = flags[`${kind}After`] as number | undefined;
  const forMs = flags[`${kind}For`] as number | undefined;
  if (forMs === undefined) {
    if (after !== undefined) throw new UsageError(`--${kind}-after needs --${kind}-for <ms> (how long the ${kind === 'down' ? 'outage' : 'hang'} lasts).`);
    return undefined;
  }
  return { kind, afterWrites: after ?? 0, forMs };
}

const camel = (flag: string): string => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Maps an error to the message and the exit code: the single catch of the tool. */
export function exitCodeFor(error: unknown, printError: (line: string) => void): number {
  if (error instanceof UsageError || error instanceof DamagedZipError) {
    printError(`chat-import: ${error.message}`);
    return 2;
  }
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2; // commander already printed the message naming the flag
  }
  if (error instanceof ApiError && error.status === 0) {
    // No answer at all: not Google refusing, the address or the network.
    printError(`chat-import: no answer (${error.googleStatus}): ${redact(error.message)}. Check the network, and --api-root (or CHAT_IMPORT_API_ROOT) if you set one.`);
    return 1;
  }
  if (error instanceof ApiError) {
    printError(`chat-import: the Google Chat API answered ${error.status} ${error.googleStatus}: ${redact(error.message)}`);
    return 1;
  }
  if (error instanceof FatalError) {
    printError(`chat-import: ${redact(error.message)}`);
    return error.code === 'interrupted' ? 130 : 1;
  }
  printError(`chat-import: unexpected error — this is a bug in chat-import ${VERSION}. Please report it with the command you ran, the output above and this trace:`);
  printError(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  return 1;
}

/** Runs the command line in process.argv; bin/chat-import.js calls it. */
export async function main(): Promise<void> {
  // Everything we create (state, reports, logs, generated keys) is readable by the owner only.
  process.umask(0o077);
  let pending: Promise<number> | undefined;
  const printError = (line: string): void => void process.stderr.write(`${line}\n`);
  const program = buildProgram((work) => { pending = work(); }, { print: (line) => process.stdout.write(`${line}\n`), printError, now: () => Date.now() });
  let code = 0;
  try {
    await program.parseAsync(process.argv);
    if (pending) code = await pending;
  } catch (error) {
    code = exitCodeFor(error, printError);
  }
  process.exitCode = code;
}

// Run when started as `node dist/src/cli.js` (tests, the bench), so scripts and tests can import buildProgram.
const entry = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === entry) void main();

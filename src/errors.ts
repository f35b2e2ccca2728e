// Error classes with stable codes. Each says when it is thrown; src/cli.ts maps them to exit codes in one place.
import type { ErrorCode, GoogleStatus } from './reasons.js';

/** Thrown for a wrong command line or an unreadable input file the user named: exit 2. */
export class UsageError extends Error {
  readonly code: ErrorCode = 'usage';
}

/** Thrown when the run cannot start or must stop: bad credentials, a state file for another export, a lock held. */
export class FatalError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The one way an interruption travels: Ctrl-C or SIGTERM aborts the run with it (the signal's name as message), and
 * a write that was waiting for its turn throws it unsent and unrecorded. Exit 130; the same command resumes.
 */
const INTERRUPTED = { code: 'interrupted' } as const;

export class InterruptedError extends FatalError {
  constructor(signal = 'interrupted') {
    super(INTERRUPTED.code, signal);
  }
}

/**
 * A file the tool must write (the state file, its lock or backup, a report, the --log file) cannot be read or
 * written: permissions, a read-only or full disk. Exit 1 with the path and the fix. The state file on disk is left
 * as it was (it is only ever replaced whole, by rename), which is worth saying only when it is the file refused.
 */
const FILE_SYSTEM = { code: 'file_system' } as const;

export class FileSystemError extends FatalError {
  /** `flag`: the option that picks another path for this file (--state, --report, --log). */
  constructor(path: string, action: string, cause: unknown, flag = '--state') {
    const code = errnoCode(cause);
    const after = flag === '--state' ? 'The state file was left as it was: run the same command again once this is fixed.' : 'Run the same command again once this is fixed.';
    super(FILE_SYSTEM.code, `Cannot ${action} ${path} (${code}): ${fileSystemFix(code, path, flag)} ${after}`);
  }

  /** True for the errors a file system gives (permissions, space, a folder in the way), not for bugs. */
  static isFileSystem(error: unknown): boolean {
    return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
  }
}

/** The OS's code of a file-system error (EACCES, ENOSPC, …); EIO when it carries none. */
export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
}

/** What to do about a refusal to write `path`; `flag` is the option that picks another path for it. */
export function fileSystemFix(code: string, path: string, flag: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied; give your user write access to ${path} and its folder (an immutable file must be made mutable), or pass ${flag} with a path you can write.`;
    case 'EROFS':
      return `the file system is read-only; pass ${flag} with a path on a writable disk.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk (or your quota) is full; free some space, or pass ${flag} with a path on another disk.`;
    case 'EEXIST':
    case 'EISDIR':
    case 'ENOTDIR':
      return `a folder is in the way (or a file where a folder should be); pass ${flag === '--state' ? '--state with a file path' : `${flag} with another path`}.`;
    default:
      return `the file system refused; check the disk and the path, or pass ${flag} with another path.`;
  }
}

/** A Google Chat API call failed with an HTTP answer (or none: status 0 for network errors). */
export class ApiError extends Error {
  readonly status: number;
  /** Google's status string: ALREADY_EXISTS, RESOURCE_EXHAUSTED, … or a network error code. */
  readonly googleStatus: GoogleStatus;
  /** From Retry-After or google.rpc.RetryInfo, when the server said how long to wait. */
  readonly retryAfterMs?: number;
  constructor(status: number, googleStatus: string, message: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    // Google's statuses and Node's error codes are upper case; the reasons catalogue documents them as one family.
    this.googleStatus = googleStatus.toUpperCase() as GoogleStatus;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** Google refused to issue a token for this user (not in the directory, suspended…): post as the admin instead. */
export class ImpersonationRefusedError extends Error {
  readonly email: string;
  constructor(email: string, detail: string) {
    super(`Google refused to impersonate ${email}: ${detail}`);
    this.email = email;
  }
}

/**
 * A file's bytes could not be had (unreadable in the export, or a failed download from Slack): the message is
 * still posted, with a line naming the file (`lineReason`), and the loss is counted under `code`.
 */
export class FileBytesError extends Error {
  readonly code: 'file_unreadable' | 'file_fetch_failed';
  readonly lineReason: string;
  constructor(code: FileBytesError['code'], lineReason: string, message: string) {
    super(redact(message));
    this.code = code;
    this.lineReason = lineReason;
  }
}

/** Secrets handed over at run time (`--slack-token`): redact() removes them wherever they appear, whatever their form. */
const knownSecrets = new Set<string>();

/** Registers a secret value for redact(); short values are ignored (they would blank ordinary words). */
export function addSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

/** Removes anything secret-looking from text that may reach a log, report or error message. */
export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]');
  return out
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[private key redacted]')
    // Google access tokens, and Slack tokens: xoxb-/xoxp-/… and the export and refresh forms xoxe-, xoxe.xoxp-.
    .replace(/\b(ya29\.|xox[a-z](?:\.xox[a-z])?-)[A-Za-z0-9._-]+/g, '$1[redacted]')
    .replace(/(--slack-token[= ]+)\S+/g, '$1[redacted]')
    .replace(/([?&](?:t|token|access_token|assertion)=)[^&\s"'<>]+/gi, '$1[redacted]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]');
}

// ── Source errors: thrown by the mappers, turned into exit 2 by src/source.ts and src/cli.ts ──────────────────

/** The input cannot be read as an export at all (wrong kind, a missing table file): exit 2, naming the file. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: ErrorCode = 'usage';
}

/** A zip that cannot be read as a whole (no central directory: truncated, not a zip), or one damaged entry. */
export class DamagedZipError extends Error {
  override readonly name = 'DamagedZipError';
  readonly code: ErrorCode = 'damaged_zip';
  /** The zip's path, as given. */
  readonly path: string;
  /** The entry whose data is damaged; absent when the zip as a whole cannot be read. */
  readonly entry?: string;

  constructor(path: string, detail: string, entry?: string) {
    super(
      entry === undefined
        ? `${path}: the zip is damaged or is not a zip file (${detail}); copy or download it again`
        : `${path}: the zip is damaged: entry ${entry} cannot be read (${detail})`,
    );
    this.path = path;
    if (entry !== undefined) this.entry = entry;
  }
}

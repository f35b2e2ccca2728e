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

/** Removes anything secret-looking from text that may reach a log, report or error message. */
export function redact(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[private key redacted]')
    .replace(/\b(ya29\.|xox[abposr]-)[A-Za-z0-9._-]+/g, '$1[redacted]')
    .replace(/([?&](?:t|token|access_token|assertion)=)[^&\s"'<>]+/gi, '$1[redacted]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]');
}

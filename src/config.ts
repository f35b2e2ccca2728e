// The frozen configuration of one run: everything the commands need, built from argv in src/cli.ts.
import type { CsvOptions } from './model.js';
import type { FileFetchSettings } from './linked-files.js';
import type { QuotaLimits } from './post/rate-limit.js';
import type { RequestTimeouts } from './post/http-adapter.js';

export interface SourceSelection {
  readonly source: string;
  /** Forces the source kind instead of detecting it. */
  readonly from?: string;
  readonly usersFile?: string;
  /** --allow-admin-fallback: go on without the export's user table, every author posted by the admin. */
  readonly allowAdminFallback?: boolean;
  readonly domain?: string;
  readonly filesDir?: string;
  /** IANA zone for source times written without one (Telegram's local `date`); absent = UTC, counted. */
  readonly timeZone?: string;
  readonly channels?: readonly string[];
  readonly excludeChannels?: readonly string[];
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /** Generic CSV only: field delimiter and text encoding (detected / UTF-8 by default). */
  readonly csv?: CsvOptions;
  /** Downloading the files a Slack export only links to (--slack-token, --slack-files-root, --no-file-fetch). */
  readonly fileFetch?: FileFetchSettings;
  /** --drive: files too big or of a blocked type go to the author's Google Drive (drive.file scope) and are linked. */
  readonly drive?: boolean;
}

export interface TargetSelection {
  readonly credentials: string;
  readonly admin: string;
  /** Chat REST root and token endpoint root; undefined = Google. */
  readonly apiRoot?: string;
  readonly statePath: string;
  /** --connect-timeout / --request-timeout; the documented defaults otherwise (post/http-adapter.ts). */
  readonly timeouts?: RequestTimeouts;
  /** --retry-for: keep retrying a write's transient failures this long after its first attempt. */
  readonly retryForMs?: number;
  /** `--migration-id`: a second, separate migration of the same source (its own spaces). */
  readonly migrationId?: string;
}

export const GOOGLE_CHAT_ROOT = 'https://chat.googleapis.com/';

/** What a state file records about its target: a resume against another API root or admin is refused. */
export function stateTarget(target: Pick<TargetSelection, 'apiRoot' | 'admin'>): { apiRoot: string; admin: string } {
  return { apiRoot: target.apiRoot ?? GOOGLE_CHAT_ROOT, admin: target.admin };
}

export interface OutputSelection {
  readonly reportDir?: string;
  readonly logFile?: string;
  readonly quiet: boolean;
}

export interface ImportConfig {
  readonly selection: SourceSelection;
  readonly target: TargetSelection;
  readonly output: OutputSelection;
  readonly concurrency: number;
  readonly complete: boolean;
  readonly dryRun: boolean;
  readonly quotas: QuotaLimits;
  /** Length of a quota "minute" in ms (60 000 against Google; shorter only against a time-scaled emulator). */
  readonly quotaWindowMs: number;
}

export const DEFAULT_STATE_PATH = '.chat-import/state.json';
/** Each space is paced to just under 60 writes a minute: 100 spaces in flight can fill a 3000/min project quota. */
export const DEFAULT_CONCURRENCY = 100;

/** The state file's folder holds the report unless --report says otherwise. */
export function reportDirFor(output: OutputSelection, statePath: string): string {
  if (output.reportDir) return output.reportDir;
  const slash = statePath.lastIndexOf('/');
  return slash >= 0 ? statePath.slice(0, slash) || '/' : '.';
}

// Files a Slack export only links to: whether each is fetched (on when its link carries `t=` or a Slack token is
// given, off with --no-file-fetch), the lazy opener the mapper attaches to it, and the tally validate and the
// report show (how many would be fetched, their total size, which are too big or blocked for Chat). No network
// here: the opener calls the fetcher (src/post/slack-files.ts) only when the post stage uploads the file.
import type { Readable } from 'node:stream';
import type { FileRef, LinkedFile } from './model.js';
import { decideFile } from './plan/files.js';

export interface FileFetchSettings {
  /** --no-file-fetch */
  readonly off: boolean;
  /** --slack-token / SLACK_TOKEN: a secret. */
  readonly token?: string;
  /** --slack-files-root / CHAT_IMPORT_SLACK_FILES_ROOT */
  readonly filesRoot?: string;
  /** --drive: files too big or blocked for Chat are fetched too, for the author's Drive. */
  readonly drive?: boolean;
}

/** What the report says about linked files; names and sizes only, never a URL. */
export interface FileFetchSummary {
  /** Linked files that fetching is on for. */
  toFetch: number;
  toFetchBytes: number;
  /** Fetched and uploaded by this run (import only). */
  fetched?: number;
  fetchedBytes?: number;
  /** Too big (> 200 MB) or of a type Chat blocks: posted as a line naming the file. Lists cut at MAX_NOTES. */
  tooLargeTotal: number;
  tooLarge: LinkedFileNote[];
  blockedTotal: number;
  blocked: LinkedFileNote[];
  /** --drive: the too large and blocked ones go to the author's Google Drive and are linked, not posted as a line. */
  viaDrive?: boolean;
}

export interface LinkedFileNote {
  conversationId: string;
  name: string;
  sizeBytes?: number;
}

/** Notes kept per list: the counts stay exact, the report stays small. */
const MAX_NOTES = 200;

export type FileFetcher = (file: LinkedFile) => Promise<Readable>;

/** True when the link carries Slack's export token (`t=`) or a `token=` parameter. */
export function linkHasToken(url: string): boolean {
  try {
    const params = new URL(url).searchParams;
    return params.has('t') || params.has('token');
  } catch {
    return false;
  }
}

export class LinkedFiles {
  readonly summary: FileFetchSummary = { toFetch: 0, toFetchBytes: 0, tooLargeTotal: 0, tooLarge: [], blockedTotal: 0, blocked: [] };

  /** `fetch` is absent in validate and --dry-run, whose openers are never called. */
  constructor(
    private readonly settings: FileFetchSettings,
    private readonly fetch?: FileFetcher,
  ) {
    if (settings.drive) this.summary.viaDrive = true;
  }

  /** For OpenOptions.openLinked: the opener of a linked file, or undefined when fetching is off for it. */
  openLinked = (file: LinkedFile): FileRef['open'] => {
    if (this.settings.off || (!this.settings.token && !linkHasToken(file.url))) return undefined;
    const open = async (): Promise<NodeJS.ReadableStream> => {
      if (!this.fetch) throw new Error('files are not fetched in a dry run');
      const stream = await this.fetch(file);
      stream.once('end', () => this.countFetched(file.sizeBytes ?? 0));
      return stream;
    };
    this.plan(file, open);
    return open;
  };

  private plan(file: LinkedFile, open: NonNullable<FileRef['open']>): void {
    const decision = decideFile({ id: '', name: file.name, kind: 'file', open, ...(file.sizeBytes !== undefined ? { sizeBytes: file.sizeBytes } : {}) });
    const note: LinkedFileNote = { conversationId: file.conversationId, name: file.name, ...(file.sizeBytes !== undefined ? { sizeBytes: file.sizeBytes } : {}) };
    const forDrive = this.settings.drive === true && !decision.upload && (decision.code === 'file_too_large' || decision.code === 'file_blocked_type');
    if (decision.upload || forDrive) {
      this.summary.toFetch += 1;
      this.summary.toFetchBytes += file.sizeBytes ?? 0;
    }
    if (decision.upload) return;
    if (decision.code === 'file_too_large') {
      this.summary.tooLargeTotal += 1;
      if (this.summary.tooLarge.length < MAX_NOTES) this.summary.tooLarge.push(note);
    } else if (decision.code === 'file_blocked_type') {
      this.summary.blockedTotal += 1;
      if (this.summary.blocked.length < MAX_NOTES) this.summary.blocked.push(note);
    }
  }

  private countFetched(bytes: number): void {
    this.summary.fetched = (this.summary.fetched ?? 0) + 1;
    this.summary.fetchedBytes = (this.summary.fetchedBytes ?? 0) + bytes;
  }
}

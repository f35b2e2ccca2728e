// --drive: a file too big for Chat or of a type Chat blocks is put on its author's Google Drive (as the author, by
// domain-wide delegation with the drive.file scope) and the message gets a line with its Drive link. Chat's
// messages.create cannot attach it: `driveDataRef` is an output-only field of Attachment (chat-api.md §3).
//
// Exactly once: each file is created with an appProperties key naming its space, message and position; before
// creating, the author's Drive is asked for that key, so a retry after a lost answer, or a run resumed after a
// kill, finds the file made before instead of making a second one.
//
// Without the scope in the delegation Google issues no token: that is said once (a warning with the fix), and each
// such file becomes the line it would be without --drive, counted as drive_not_granted.
import type { JWT } from 'google-auth-library';
import { ApiError, FatalError, FileBytesError, ImpersonationRefusedError } from '../errors.js';
import type { FileRef } from '../model.js';
import { decideFile, fileLine } from '../plan/files.js';
import type { FallbackCode, WarningCode } from '../reasons.js';
import type { TokenBroker } from './auth.js';
import type { DriveApi, DriveFile } from './drive.js';
import { openFileBytes, sendFileBytes } from './file-bytes.js';
import type { Writer } from './writer.js';

/** What a file placed (or not) on Drive adds to its message. */
export interface DrivePlacement {
  readonly line: string;
  /** The fallback counted when the file is not on Drive after all (file_via_drive was counted when planned). */
  readonly code?: FallbackCode;
  readonly warning?: readonly [WarningCode, string];
}

export interface DriveTarget {
  readonly conversationId: string;
  /** Names the file on Drive (appProperties): `<space>/<message id>/<position>`. */
  readonly key: string;
  /** The author to impersonate; absent (or refused by Google) → the admin, who then posts the message. */
  readonly email?: string;
}

export class DriveFiles {
  /** Set once Google refused a drive.file token: the delegation lacks the scope, for every user alike. */
  private notGranted: string | undefined;
  /** The report has the warning (once per run). */
  private told = false;

  constructor(
    private readonly api: DriveApi,
    /** A broker asking for the drive.file scope only. */
    private readonly tokens: Pick<TokenBroker, 'clientFor'>,
  ) {}

  /**
   * Asks for the admin's drive.file token before any write, so a delegation without the scope is known (and said)
   * at the start: the refusal, or undefined. Other failures are left to the first file, which handles them.
   */
  async check(admin: string): Promise<string | undefined> {
    try {
      await this.tokens.clientFor(admin);
    } catch (error) {
      if (error instanceof FatalError && error.code === 'dwd_not_granted') this.notGranted = `--drive: ${error.message}`;
    }
    return this.notGranted;
  }

  async place(file: FileRef, target: DriveTarget, writer: Writer): Promise<DrivePlacement> {
    if (this.notGranted) return this.refused(file);
    try {
      const placed = await writer.write(target.conversationId, 'upload', undefined, async () => {
        const auth = await this.authFor(target.email, writer.admin);
        const found = await this.api.findByKey(auth, target.key);
        const created: DriveFile = found ?? (await this.create(auth, file, target.key));
        await this.api.shareWithDomain(auth, created.id, domainOf(target.email, writer.admin));
        return created;
      });
      return { line: fileLine({ name: file.name, permalink: placed.webViewLink }, 'on Google Drive') };
    } catch (error) {
      if (error instanceof FatalError && error.code === 'dwd_not_granted') {
        this.notGranted = `--drive: ${error.message}`;
        return this.refused(file);
      }
      if (error instanceof FileBytesError) {
        return { line: fileLine(file, error.lineReason), code: error.code, warning: [error.code, `${file.name}: ${error.message}`] };
      }
      const status = error instanceof ApiError ? error.googleStatus : error instanceof ImpersonationRefusedError ? 'IMPERSONATION_REFUSED' : undefined;
      if (status === undefined) throw error;
      return {
        line: fileLine(file, `Google Drive upload failed: ${status}`),
        code: 'drive_upload_failed',
        warning: ['drive_upload_failed', `${file.name}: ${(error as Error).message}`],
      };
    }
  }

  private async create(auth: JWT, file: FileRef, key: string): Promise<DriveFile> {
    const bytes = await openFileBytes(file);
    return sendFileBytes(bytes, (body) => this.api.create(auth, { name: file.name, mimeType: file.mimeType ?? 'application/octet-stream', key, body }));
  }

  private async authFor(email: string | undefined, admin: string): Promise<JWT> {
    if (email) {
      try {
        return await this.tokens.clientFor(email);
      } catch (error) {
        if (!(error instanceof ImpersonationRefusedError)) throw error;
      }
    }
    return this.tokens.clientFor(admin);
  }

  /** The line the file gets without --drive (too large, or blocked), counted as drive_not_granted; told once. */
  private refused(file: FileRef): DrivePlacement {
    const decision = decideFile(file);
    const placement: DrivePlacement = { line: decision.upload ? fileLine(file, 'not uploaded') : decision.line, code: 'drive_not_granted' };
    if (this.told) return placement;
    this.told = true;
    return { ...placement, warning: ['drive_not_granted', this.notGranted as string] };
  }
}

function domainOf(email: string | undefined, admin: string): string {
  const address = email ?? admin;
  return address.slice(address.lastIndexOf('@') + 1);
}

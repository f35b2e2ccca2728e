// The only code that calls the Google Drive API (v3), for --drive: files too big for Chat (> 200 MB) or of a type
// Chat blocks are put on the author's Drive and linked from the message. Three calls, made as the impersonated
// author with the drive.file scope (which reaches only files this app created):
// - files.list by an appProperties key, to find a file an earlier attempt or run already created (exactly once:
//   Drive is the ledger, as Chat is for messages; nothing about Drive files is kept in the state file);
// - files.create with a streamed multipart/related body (metadata, then the bytes): nothing is held in memory;
// - permissions.create, so people of the author's domain can open the link (a file of the author's alone would be
//   a dead link for everyone else in the space).
// They go through the auth client's own transporter (google-auth-library's gaxios, already a dependency), so no
// Drive client package is needed for three REST calls. Failures become ApiError, read like Chat's.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { JWT } from 'google-auth-library';
import { ApiError } from '../errors.js';
import { toApiError } from './chat-client.js';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from './http-adapter.js';

export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';
const GOOGLE_DRIVE_ROOT = 'https://www.googleapis.com/';
/** The appProperties key that names the Chat message (and file) a Drive file was created for. */
export const DRIVE_KEY_PROPERTY = 'chatImportFile';

export interface DriveFile {
  readonly id: string;
  /** The link people open; Drive makes one for every file. */
  readonly webViewLink: string;
}

export interface DriveUpload {
  readonly name: string;
  readonly mimeType: string;
  /** Stored in appProperties under DRIVE_KEY_PROPERTY; `[A-Za-z0-9/._-]` only, so it needs no escaping in a query. */
  readonly key: string;
  readonly body: Readable;
}

/** The calls the post stage makes: what DriveClient implements, and what test fakes implement instead. */
export interface DriveApi {
  findByKey(auth: JWT, key: string): Promise<DriveFile | undefined>;
  create(auth: JWT, upload: DriveUpload): Promise<DriveFile>;
  shareWithDomain(auth: JWT, fileId: string, domain: string): Promise<void>;
}

export class DriveClient implements DriveApi {
  private readonly v3: string;
  private readonly upload: string;

  /** `apiRoot` (--api-root, the emulator) stands in for https://www.googleapis.com/. */
  constructor(
    apiRoot: string | undefined,
    private readonly timeouts: RequestTimeouts = DEFAULT_TIMEOUTS,
  ) {
    const root = apiRoot ?? GOOGLE_DRIVE_ROOT;
    this.v3 = new URL('drive/v3/', root).toString();
    this.upload = new URL('upload/drive/v3/files', root).toString();
  }

  async findByKey(auth: JWT, key: string): Promise<DriveFile | undefined> {
    const query = new URLSearchParams({
      q: `appProperties has { key='${DRIVE_KEY_PROPERTY}' and value='${key}' } and trashed = false`,
      spaces: 'drive',
      pageSize: '10',
      fields: 'files(id,webViewLink)',
    });
    const data = await request<{ files?: DriveFile[] }>(auth, { url: `${this.v3}files?${query.toString()}`, method: 'GET', timeout: this.timeouts.responseMs });
    // Two would mean two creates raced past this lookup (not done: one write at a time per space); the first is kept.
    return data.files?.[0];
  }

  async create(auth: JWT, upload: DriveUpload): Promise<DriveFile> {
    const boundary = randomUUID();
    const metadata = { name: upload.name, mimeType: upload.mimeType, appProperties: { [DRIVE_KEY_PROPERTY]: upload.key } };
    return request<DriveFile>(auth, {
      url: `${this.upload}?uploadType=multipart&fields=id,webViewLink`,
      method: 'POST',
      headers: { 'content-type': `multipart/related; boundary=${boundary}` },
      data: multipartBody(boundary, metadata, upload.mimeType, upload.body),
      timeout: this.timeouts.uploadMs,
    });
  }

  async shareWithDomain(auth: JWT, fileId: string, domain: string): Promise<void> {
    // Readable by the domain through the link, not listed in its searches; Drive keeps one such permission per
    // domain, so a retried call changes nothing.
    await request(auth, {
      url: `${this.v3}files/${encodeURIComponent(fileId)}/permissions?fields=id`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ type: 'domain', role: 'reader', domain, allowFileDiscovery: false }),
      timeout: this.timeouts.responseMs,
    });
  }
}

interface DriveRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly data?: string | Readable;
  readonly timeout: number;
}

/** One call as the auth client's user; the retry policy is the caller's (Writer.write), never the library's. */
async function request<T>(auth: JWT, options: DriveRequest): Promise<T> {
  try {
    const response = await auth.request<T>({ ...options, responseType: 'json', retry: false });
    return response.data;
  } catch (error) {
    const failure = toApiError(error);
    // Drive answers its per-user and per-project rate limits with 403 (reasons userRateLimitExceeded,
    // rateLimitExceeded) and asks for backoff: retried like a 429, not taken as a refusal.
    const reasons = (error as DriveError).response?.data?.error?.errors?.map((e) => e.reason) ?? [];
    if (failure.status === 403 && reasons.some((r) => r === 'userRateLimitExceeded' || r === 'rateLimitExceeded')) {
      throw new ApiError(429, 'RESOURCE_EXHAUSTED', failure.message, failure.retryAfterMs);
    }
    throw failure;
  }
}

interface DriveError {
  response?: { data?: { error?: { errors?: Array<{ reason?: string }> } } };
}

/** metadata JSON, then the media, as one multipart/related stream (RFC 2387): the bytes pass through, never held. */
function multipartBody(boundary: string, metadata: unknown, mimeType: string, media: Readable): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(`--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\ncontent-type: ${mimeType}\r\n\r\n`);
      for await (const chunk of media) yield chunk as Buffer;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
    { objectMode: false },
  );
}

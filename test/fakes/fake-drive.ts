// An in-memory Google Drive for in-process --drive tests: files by owner and appProperties key, the bytes read
// whole (test files are small), and faults decided per call like FakeChat's (lose the answer, crash the run).
import type { JWT } from 'google-auth-library';
import { ApiError } from '../../src/errors.js';
import type { DriveApi, DriveFile, DriveUpload } from '../../src/post/drive.js';
import { CrashError } from './fake-chat.js';

export interface FakeDriveFile {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly key: string;
  readonly text: string;
  readonly sharedWith: string[];
}

export type DriveCall = 'findByKey' | 'create' | 'shareWithDomain';

const userOf = (auth: JWT): string => (auth as unknown as { user: string }).user;
const linkOf = (id: string) => `https://drive.example/${id}`;

export class FakeDrive implements DriveApi {
  readonly files: FakeDriveFile[] = [];
  readonly calls: Record<DriveCall, number> = { findByKey: 0, create: 0, shareWithDomain: 0 };
  /** Decides the fault of each call: an ApiError answered instead of doing it, or after it committed 'lose' its answer or 'crash' the run (like SIGKILL). */
  fault: (call: DriveCall, n: number) => 'lose' | 'crash' | ApiError | undefined = () => undefined;

  async findByKey(auth: JWT, key: string): Promise<DriveFile | undefined> {
    this.calls.findByKey += 1;
    const file = this.files.find((f) => f.owner === userOf(auth) && f.key === key);
    return file ? { id: file.id, webViewLink: linkOf(file.id) } : undefined;
  }

  async create(auth: JWT, upload: DriveUpload): Promise<DriveFile> {
    this.calls.create += 1;
    const fault = this.fault('create', this.calls.create);
    if (fault instanceof ApiError) throw fault;
    const chunks: Buffer[] = [];
    for await (const chunk of upload.body) chunks.push(chunk as Buffer);
    const id = `D${this.files.length + 1}`;
    this.files.push({ id, owner: userOf(auth), name: upload.name, key: upload.key, text: Buffer.concat(chunks).toString('utf8'), sharedWith: [] });
    this.after(fault);
    return { id, webViewLink: linkOf(id) };
  }

  async shareWithDomain(auth: JWT, fileId: string, domain: string): Promise<void> {
    this.calls.shareWithDomain += 1;
    const fault = this.fault('shareWithDomain', this.calls.shareWithDomain);
    if (fault instanceof ApiError) throw fault;
    const file = this.files.find((f) => f.id === fileId && f.owner === userOf(auth));
    if (!file) throw new ApiError(404, 'NOT_FOUND', `File not found: ${fileId}.`);
    if (!file.sharedWith.includes(domain)) file.sharedWith.push(domain);
    this.after(fault);
  }

  private after(fault: 'lose' | 'crash' | undefined): void {
    if (fault === 'lose') throw new ApiError(0, 'ECONNRESET', 'socket hang up (after commit)');
    if (fault === 'crash') throw new CrashError();
  }
}

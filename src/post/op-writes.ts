// One planned write against the API, and what came of it. Nothing here counts or records: the importer settles each
// outcome in the report and the state file together, so a write is counted once, when its watermark passes it.
import type { chat_v1 } from '@googleapis/chat';
import { ApiError, FileBytesError } from '../errors.js';
import { withAttribution } from '../plan/attribution.js';
import { fileLine } from '../plan/files.js';
import { shortHash } from '../plan/ids.js';
import type { FileRef } from '../model.js';
import type { MembershipOp, MessageOp, PlannedOp, ReactionOp } from '../plan/types.js';
import type { FallbackCode, SkipCode, WarningCode } from '../reasons.js';
import type { ImportOpKind } from '../report/run-report.js';
import { openFileBytes, sendFileBytes } from './file-bytes.js';
import type { RateLimiter } from './rate-limit.js';
import type { Writer } from './writer.js';

export type Outcome =
  /** Google acknowledged it (or answered ALREADY_EXISTS for our own deterministic id: an earlier attempt of ours). */
  | { readonly kind: 'written'; readonly what: ImportOpKind; readonly attachments?: number; readonly fallbacks?: readonly FallbackCode[]; readonly warnings?: ReadonlyArray<readonly [WarningCode, string]> }
  /** Found in Google during reconciliation: written before, by a run this state file did not record. */
  | { readonly kind: 'present' }
  /** Not written, for a counted reason (Google refused to impersonate the reacting user…). */
  | { readonly kind: 'skipped'; readonly code: SkipCode; readonly reason: string }
  /** Not written: retried by the next run. */
  | { readonly kind: 'failed'; readonly error: ApiError };

export const isAlreadyExists = (error: unknown): boolean => error instanceof ApiError && error.status === 409 && error.googleStatus === 'ALREADY_EXISTS';

export interface WriteContext {
  readonly writer: Writer;
  readonly conversationId: string;
  readonly spaceName: string;
  readonly limiter: RateLimiter;
  /** Reconciling: an ALREADY_EXISTS answer means "was there before", not "our lost answer". */
  readonly reconciling: boolean;
  readonly learnSender: (email: string, userName: string | null | undefined) => void;
}

/** Makes one planned write; API failures become outcomes, anything else (fatal, interrupted) goes up. */
export async function writeOp(op: PlannedOp, context: WriteContext): Promise<Outcome> {
  try {
    if (op.type === 'message') return await writeMessage(op, context);
    if (op.type === 'reaction') return await writeReaction(op, context);
    return await writeMembership(op, context);
  } catch (error) {
    if (error instanceof ReactionUserRefused) {
      return { kind: 'skipped', code: 'reaction_user_refused', reason: `reaction ${(op as ReactionOp).unicode} by ${(op as ReactionOp).user.email}: Google refused to impersonate this user` };
    }
    if (!(error instanceof ApiError)) throw error;
    if (isAlreadyExists(error)) return context.reconciling ? { kind: 'present' } : { kind: 'written', what: op.type === 'message' ? 'messages' : op.type === 'reaction' ? 'reactions' : 'memberships' };
    // A former member whose account no longer exists: Google cannot record the membership; that is a loss to
    // report, not a failure that should keep the space from being completed.
    if (op.type === 'membership' && error.status === 404) {
      return { kind: 'skipped', code: 'membership_user_not_found', reason: `former member ${op.email} is not a user of the Workspace (${error.googleStatus})` };
    }
    return { kind: 'failed', error };
  }
}

async function writeMessage(op: MessageOp, context: WriteContext): Promise<Outcome> {
  const { writer, conversationId, spaceName, limiter } = context;
  const { client } = writer;
  let text = op.text;
  const attachments: chat_v1.Schema$Attachment[] = [];
  const fallbacks: FallbackCode[] = [];
  const fallback = (code: FallbackCode): void => void fallbacks.push(code);
  const warnings: Array<[WarningCode, string]> = [];
  for (const [position, file] of (op.driveFiles ?? []).entries()) {
    // Before the message: its text carries the Drive link. The key makes a retried or resumed upload find its file.
    const key = driveKey(spaceName, file, `${op.messageId}/${position + 1}`);
    const placed = writer.drive ? await writer.drive.place(file, { conversationId, key, ...(op.sender.email ? { email: op.sender.email } : {}) }, writer) : undefined;
    text = [text, placed?.line ?? fileLine(file, 'not put on Google Drive')].filter(Boolean).join('\n');
    if (!placed) fallback('drive_not_granted');
    if (placed?.code) fallbacks.push(placed.code);
    if (placed?.warning) warnings.push([placed.warning[0], placed.warning[1]]);
  }
  for (const file of op.files) {
    try {
      const uploaded = await writer.write(conversationId, 'upload', limiter, async () => {
        const { auth } = await writer.authFor(op.sender.email);
        const stream = await openFileBytes(file);
        // The bytes failed on their way in (a download cut short or of the wrong size): that is what went wrong.
        return sendFileBytes(stream, (body) => client.uploadAttachment(auth, spaceName, file.name, file.mimeType ?? 'application/octet-stream', body));
      });
      attachments.push(uploaded as chat_v1.Schema$Attachment);
    } catch (error) {
      // A file Google refused, or whose bytes cannot be had (a damaged zip entry, a failed download): the message is
      // still posted, with a line naming the file, and the loss is counted and listed.
      if (error instanceof FileBytesError) {
        text = [text, fileLine(file, error.lineReason)].filter(Boolean).join('\n');
        fallback(error.code);
        warnings.push([error.code, `${file.name}: ${error.message}`]);
        continue;
      }
      if (!(error instanceof ApiError)) throw error;
      text = [text, fileLine(file, `upload failed: ${error.googleStatus}`)].filter(Boolean).join('\n');
      fallback('file_upload_failed');
    }
  }
  let fellBackOnce = false;
  const post = writer.write(conversationId, 'message', limiter, async () => {
    const { auth, fellBack } = await writer.authFor(op.sender.email);
    fellBackOnce ||= fellBack;
    const body: chat_v1.Schema$Message = {
      text: fellBack ? withAttribution(text, op.sender.displayName) : text,
      createTime: op.createTime,
      thread: { threadKey: op.threadKey },
      ...(attachments.length > 0 ? { attachment: attachments } : {}),
    };
    const created = await client.createMessage(auth, spaceName, body, op.messageId);
    context.learnSender(fellBack || !op.sender.email ? writer.admin : op.sender.email, created.sender?.name);
    return created;
  });
  try {
    await post;
  } catch (error) {
    // Our own earlier attempt (its answer or its record lost): counted like the write it was, fallbacks included.
    if (!isAlreadyExists(error) || context.reconciling) throw error;
  }
  if (fellBackOnce) fallback('author_impersonation_refused');
  return { kind: 'written', what: 'messages', attachments: attachments.length, fallbacks, warnings };
}

/**
 * The name of a file on Drive: its source id and name within the space, so a file shared in two messages of a space
 * by one author is put on Drive once; a file without an id is named by its message and position instead.
 */
function driveKey(spaceName: string, file: FileRef, place: string): string {
  return file.id ? `${spaceName}/file-${shortHash(file.id, file.name)}` : `${spaceName}/${place}`;
}

async function writeReaction(op: ReactionOp, context: WriteContext): Promise<Outcome> {
  const { writer, conversationId, spaceName, limiter } = context;
  await writer.write(conversationId, 'reaction', limiter, async () => {
    const { auth, fellBack } = await writer.authFor(op.user.email);
    // A reaction is never posted as someone else: if Google refuses the reacting user, it is skipped.
    if (fellBack) throw new ReactionUserRefused();
    return writer.client.createReaction(auth, `${spaceName}/messages/${op.messageId}`, op.unicode);
  });
  return { kind: 'written', what: 'reactions' };
}

async function writeMembership(op: MembershipOp, context: WriteContext): Promise<Outcome> {
  const { writer, conversationId, spaceName, limiter } = context;
  await writer.write(conversationId, 'membership', limiter, async () =>
    writer.client.createMembership(await writer.adminAuth(), spaceName, op.email, { createTime: op.createTime, deleteTime: op.deleteTime }),
  );
  return { kind: 'written', what: 'memberships' };
}

class ReactionUserRefused extends Error {}

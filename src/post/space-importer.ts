// Imports one space: creates it in import mode (once), then makes its planned writes in order, one at a time,
// recording each acknowledged write in the checkpoint. Writes the checkpoint shows as done are not sent again; a
// write Google already holds (ALREADY_EXISTS for our deterministic id) counts as done. That is exactly-once.
import type { chat_v1 } from '@googleapis/chat';
import type { Readable } from 'node:stream';
import { ApiError, FileBytesError } from '../errors.js';
import type { Checkpoint, SpaceState } from '../checkpoint/state.js';
import type { Conversation } from '../model.js';
import { withAttribution } from '../plan/attribution.js';
import { fileLine } from '../plan/files.js';
import { spaceRequestIdFor } from '../plan/ids.js';
import type { PlanEvent } from '../plan/planner.js';
import type { MembershipOp, MessageOp, PlannedSpace, ReactionOp } from '../plan/types.js';
import type { RateLimiter } from './rate-limit.js';
import { InterruptedError, type Writer } from './writer.js';

export interface SpaceImportOptions {
  readonly writer: Writer;
  readonly checkpoint: Checkpoint;
  readonly planKey: string;
  /** Called after each acknowledged (or resumed) operation, for progress display. */
  readonly onProgress?: (conversationId: string, done: number) => void;
}

const isAlreadyExists = (error: unknown): boolean => error instanceof ApiError && error.status === 409 && error.googleStatus === 'ALREADY_EXISTS';

export async function importSpace(conversation: Conversation, events: AsyncIterable<PlanEvent>, options: SpaceImportOptions): Promise<void> {
  const { writer, checkpoint } = options;
  const { report, signal } = writer.deps;
  const conversationId = conversation.id;
  const state = checkpoint.space(conversationId, conversation.name, options.planKey);
  const limiter = writer.deps.quotas.forSpace();
  let planned = 0;
  let spaceName = state.space;

  for await (const event of events) {
    if (event.type !== 'op') {
      if (event.type === 'space') {
        report.space(conversationId).space = spaceName;
        if (!spaceName) spaceName = await createSpace(event.space, state, options, limiter);
        report.space(conversationId).space = spaceName;
      } else if (event.type === 'members') {
        checkpoint.update(state, { members: [...event.emails] });
      }
      continue;
    }
    planned = event.index + 1;
    if (event.index < state.done) {
      report.resumed(conversationId);
      continue;
    }
    if (signal.aborted) throw new InterruptedError();
    const op = event.op;
    try {
      if (op.type === 'message') await writeMessage(conversationId, spaceName as string, op, writer, limiter, (email, name) => checkpoint.learnSender(email, name));
      else if (op.type === 'reaction') await writeReaction(conversationId, spaceName as string, op, writer, limiter);
      else await writeMembership(conversationId, spaceName as string, op, writer, limiter);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // A write Google rejects for good (400, 403, 404…) is recorded and the space goes on; the space will not be
      // completed until it is fixed, and the exit status is 1.
      const where = op.type === 'message' ? op.origin : undefined;
      report.failure(conversationId, error.googleStatus, `${op.type} ${op.type === 'membership' ? op.email : op.messageId}: ${error.message}`, where);
      checkpoint.recordFailure(state, event.index, error.googleStatus, error.message);
    }
    checkpoint.advance(state, event.index + 1);
    options.onProgress?.(conversationId, state.done);
  }
  if (spaceName) checkpoint.update(state, { total: planned, state: state.failed > 0 ? 'failed' : state.state === 'completed' ? 'completed' : 'imported' });
}

async function createSpace(space: PlannedSpace, state: SpaceState, options: SpaceImportOptions, limiter: RateLimiter): Promise<string> {
  const { writer, checkpoint } = options;
  const requestId = spaceRequestIdFor(checkpoint.data.runNonce, space.conversationId);
  const body = (displayName: string | undefined): chat_v1.Schema$Space => ({
    spaceType: space.spaceType,
    importMode: true,
    createTime: space.createTime,
    ...(displayName ? { displayName } : {}),
    ...(space.description ? { spaceDetails: { description: space.description } } : {}),
  });
  // Space names are unique in a Workspace organization: on a clash, try "name (imported)", then numbered ones.
  for (let clash = 0; clash < 5; clash++) {
    const displayName = clash === 0 || !space.displayName ? space.displayName : `${space.displayName.slice(0, 110)} (imported${clash > 1 ? ` ${clash}` : ''})`;
    try {
      const created = await writer.write(space.conversationId, 'space', limiter, async () =>
        writer.deps.client.createSpace(await writer.adminAuth(), body(displayName), clash === 0 ? requestId : `${requestId.slice(0, -2)}${String(clash).padStart(2, '0')}`),
      );
      if (clash > 0) writer.deps.report.warning('space_renamed', `"${space.displayName}" already exists in the organization; imported as "${displayName}"`, space.conversationId);
      checkpoint.update(state, {
        space: created.name as string,
        spaceCreateTime: created.createTime ?? space.createTime,
        ...(created.importModeExpireTime ? { importModeExpireTime: created.importModeExpireTime } : {}),
        state: 'importing',
      });
      await checkpoint.flush(); // the space name must survive a crash, or a re-run would create a second space
      return created.name as string;
    } catch (error) {
      if (!isAlreadyExists(error) || !space.displayName) throw error;
    }
  }
  throw new ApiError(409, 'ALREADY_EXISTS', `could not find a free display name for "${space.displayName}"`);
}

async function writeMessage(conversationId: string, spaceName: string, op: MessageOp, writer: Writer, limiter: RateLimiter, learnSender?: (email: string, userName: string | null | undefined) => void): Promise<void> {
  const { report, client } = writer.deps;
  let text = op.text;
  const attachments: chat_v1.Schema$Attachment[] = [];
  let refusedCounted = false;
  for (const file of op.files) {
    try {
      const uploaded = await writer.write(conversationId, 'upload', limiter, async () => {
        const { auth } = await writer.authFor(op.sender.email);
        let stream: Readable;
        try {
          stream = (await (file.open as () => Promise<NodeJS.ReadableStream>)()) as Readable;
        } catch (error) {
          if (error instanceof FileBytesError) throw error;
          throw new FileBytesError('file_unreadable', 'file unreadable in the export', error instanceof Error ? error.message : String(error));
        }
        try {
          return await client.uploadAttachment(auth, spaceName, file.name, file.mimeType ?? 'application/octet-stream', stream);
        } catch (error) {
          // The bytes failed on their way in (a download from Slack cut short or of the wrong size): that, not the
          // upload's own error, is what went wrong. The upload it was feeding is left unused, which is harmless.
          const cause = stream.errored;
          stream.destroy(); // a download the upload stopped reading must not hold its connection and fetch slot
          throw cause instanceof FileBytesError ? cause : error;
        }
      });
      attachments.push(uploaded as chat_v1.Schema$Attachment);
    } catch (error) {
      // A file Google refused, or whose bytes cannot be had (a damaged zip entry, a failed download from Slack):
      // the message is still posted, with a line naming the file, and the loss is counted and listed.
      if (error instanceof FileBytesError) {
        text = [text, fileLine(file, error.lineReason)].filter(Boolean).join('\n');
        report.fallback(conversationId, error.code);
        report.warning(error.code, `${file.name}: ${error.message}`, conversationId);
        continue;
      }
      if (!(error instanceof ApiError)) throw error;
      text = [text, fileLine(file, `upload failed: ${error.googleStatus}`)].filter(Boolean).join('\n');
      report.fallback(conversationId, 'file_upload_failed');
    }
  }
  try {
    await writer.write(conversationId, 'message', limiter, async () => {
      const { auth, fellBack } = await writer.authFor(op.sender.email);
      const body: chat_v1.Schema$Message = {
        text: fellBack ? withAttribution(text, op.sender.displayName) : text,
        createTime: op.createTime,
        thread: { threadKey: op.threadKey },
        ...(attachments.length > 0 ? { attachment: attachments } : {}),
      };
      if (fellBack && !refusedCounted) {
        refusedCounted = true;
        report.fallback(conversationId, 'author_impersonation_refused');
      }
      const created = await client.createMessage(auth, spaceName, body, op.messageId);
      learnSender?.(fellBack || !op.sender.email ? writer.deps.admin : op.sender.email, created.sender?.name);
      return created;
    });
    report.written(conversationId, 'messages');
    if (attachments.length > 0) report.written(conversationId, 'attachments', attachments.length);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    report.alreadyPresent(conversationId);
  }
}

async function writeReaction(conversationId: string, spaceName: string, op: ReactionOp, writer: Writer, limiter: RateLimiter): Promise<void> {
  const { report, client } = writer.deps;
  try {
    await writer.write(conversationId, 'reaction', limiter, async () => {
      const { auth, fellBack } = await writer.authFor(op.user.email);
      // A reaction is never posted as someone else: if Google refuses the reacting user, it is skipped.
      if (fellBack) throw new ReactionUserRefused();
      return client.createReaction(auth, `${spaceName}/messages/${op.messageId}`, op.unicode);
    });
    report.written(conversationId, 'reactions');
  } catch (error) {
    if (error instanceof ReactionUserRefused) {
      report.skip({ conversationId, code: 'reaction_user_refused', reason: `reaction ${op.unicode} by ${op.user.email}: Google refused to impersonate this user` });
      return;
    }
    if (!isAlreadyExists(error)) throw error;
    report.alreadyPresent(conversationId);
  }
}

class ReactionUserRefused extends Error {}

async function writeMembership(conversationId: string, spaceName: string, op: MembershipOp, writer: Writer, limiter: RateLimiter): Promise<void> {
  const { report, client } = writer.deps;
  try {
    await writer.write(conversationId, 'membership', limiter, async () =>
      client.createMembership(await writer.adminAuth(), spaceName, op.email, { createTime: op.createTime, deleteTime: op.deleteTime }),
    );
    report.written(conversationId, 'memberships');
  } catch (error) {
    // A former member whose account no longer exists: Google cannot record the membership; that is a loss to
    // report, not a failure that should keep the space from being completed.
    if (error instanceof ApiError && error.status === 404) {
      report.skip({ conversationId, code: 'membership_user_not_found', reason: `former member ${op.email} is not a user of the Workspace (${error.googleStatus})` });
      return;
    }
    if (!isAlreadyExists(error)) throw error;
    report.alreadyPresent(conversationId);
  }
}

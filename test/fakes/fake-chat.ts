// An in-memory Google Chat for in-process tests of the post core: a ledger of spaces, messages, reactions and
// memberships that implements the ChatApi surface the importer uses, with the idempotency Google documents
// (spaces.create requestId replay, ALREADY_EXISTS for a client message id, a reaction or a membership held), and
// scriptable faults decided per call: fail it, lose its answer after committing, throw a network error, or stop the
// caller outright (a "crash"). Every call is counted, so a test can assert what a run cost.
import type { chat_v1 } from '@googleapis/chat';
import type { JWT } from 'google-auth-library';
import { ApiError, ImpersonationRefusedError } from '../../src/errors.js';
import type { ChatApi } from '../../src/post/chat-client.js';

export type CallKind = 'createSpace' | 'createMessage' | 'uploadAttachment' | 'createReaction' | 'createMembership' | 'completeImport' | 'listMessages' | 'listReactions' | 'listMembers';
export const WRITE_CALLS: ReadonlySet<CallKind> = new Set(['createSpace', 'createMessage', 'uploadAttachment', 'createReaction', 'createMembership', 'completeImport']);

export interface CallInfo {
  /** 1-based number of this call among all calls. */
  readonly n: number;
  /** 1-based number of this call among write calls (0 for reads). */
  readonly write: number;
  readonly kind: CallKind;
  readonly user: string;
  /** What the call is about: the message id, `message/emoji`, the member's email, the space. */
  readonly target: string;
}

/**
 * What to do with one call: undefined = answer normally; 'fail' = 503 before doing anything; 'lose' = commit, then
 * answer with a network error; 'network' = a reset before doing anything; 'crash' = commit, then throw CrashError
 * (not an API error: the run stops like a killed process); or an ApiError to answer with.
 */
export type Fault = undefined | 'fail' | 'lose' | 'network' | 'crash' | ApiError;

/** Thrown by the fake to stop a run right after a committed write, as SIGKILL would. */
export class CrashError extends Error {
  constructor() {
    super('simulated crash');
  }
}

export interface FakeMessage {
  readonly space: string;
  readonly id: string;
  readonly clientId: string;
  readonly text: string;
  readonly sender: string;
  readonly createTime: string;
  readonly threadKey: string;
  readonly reactions: Map<string, Set<string>>;
}

export interface FakeSpace {
  readonly name: string;
  readonly displayName?: string;
  readonly requestId: string;
  readonly createdBy: string;
  importMode: boolean;
  readonly members: Map<string, { historical: boolean }>;
}

/** A fake auth client: the user it acts as. */
export const authOf = (user: string): JWT => ({ user }) as unknown as JWT;
const userOf = (auth: JWT): string => (auth as unknown as { user: string }).user;

const apiError = (status: number, googleStatus: string, message: string) => new ApiError(status, googleStatus, message);

export class FakeChat implements ChatApi {
  readonly spaces = new Map<string, FakeSpace>();
  readonly messages: FakeMessage[] = [];
  private readonly requests = new Map<string, FakeSpace>();
  private readonly names = new Set<string>();
  readonly calls: Record<CallKind, number> = { createSpace: 0, createMessage: 0, uploadAttachment: 0, createReaction: 0, createMembership: 0, completeImport: 0, listMessages: 0, listReactions: 0, listMembers: 0 };
  private callCount = 0;
  private writeCount = 0;
  /** Users that do not exist in the directory (memberships 404). */
  readonly missingUsers = new Set<string>();
  /** Users outside the organization: adding one to a space that does not allow external users fails (400). */
  readonly outsideUsers = new Set<string>();
  /** Decides each call's fault; the default answers everything. */
  fault: (call: CallInfo) => Fault = () => undefined;

  /** Display names taken by spaces that are not ours. */
  takeName(name: string): void {
    this.names.add(name);
  }

  writes(): number {
    return this.writeCount;
  }

  reactions(): string[] {
    return this.messages.flatMap((m) => [...m.reactions].flatMap(([unicode, users]) => [...users].map((u) => `${m.clientId} ${unicode} ${u}`)));
  }

  memberships(): string[] {
    return [...this.spaces.values()].flatMap((s) => [...s.members].map(([email, m]) => `${s.name} ${email}${m.historical ? ' historical' : ''}`));
  }

  private async run<T>(kind: CallKind, auth: JWT, target: string, commit: () => T): Promise<T> {
    const write = WRITE_CALLS.has(kind);
    this.calls[kind] += 1;
    this.callCount += 1;
    if (write) this.writeCount += 1;
    const fault = this.fault({ n: this.callCount, write: write ? this.writeCount : 0, kind, user: userOf(auth), target });
    if (fault instanceof ApiError) throw fault;
    if (fault === 'fail') throw apiError(503, 'UNAVAILABLE', 'injected failure');
    if (fault === 'network') throw apiError(0, 'ECONNRESET', 'socket hang up');
    const result = commit(); // may throw an API answer (ALREADY_EXISTS…)
    if (fault === 'lose') throw apiError(0, 'ECONNRESET', 'socket hang up (after commit)');
    if (fault === 'crash') throw new CrashError();
    await Promise.resolve();
    return result;
  }

  async createSpace(auth: JWT, space: chat_v1.Schema$Space, requestId: string): Promise<chat_v1.Schema$Space> {
    return this.run('createSpace', auth, requestId, () => {
      const user = userOf(auth);
      const seen = this.requests.get(requestId);
      if (seen) {
        if (seen.createdBy !== user) throw apiError(400, 'INVALID_ARGUMENT', 'requestId used by another caller');
        return { name: seen.name, displayName: seen.displayName ?? null, importMode: seen.importMode };
      }
      if (space.displayName && this.names.has(space.displayName)) throw apiError(409, 'ALREADY_EXISTS', `a space named ${space.displayName} exists`);
      const name = `spaces/S${this.spaces.size + 1}`;
      const created: FakeSpace = { name, requestId, createdBy: user, importMode: true, members: new Map(), ...(space.displayName ? { displayName: space.displayName } : {}) };
      this.spaces.set(name, created);
      this.requests.set(requestId, created);
      if (space.displayName) this.names.add(space.displayName);
      return { name, displayName: space.displayName ?? null, importMode: true, createTime: space.createTime ?? null };
    });
  }

  async createMessage(auth: JWT, spaceName: string, message: chat_v1.Schema$Message, messageId: string): Promise<chat_v1.Schema$Message> {
    return this.run('createMessage', auth, messageId, () => {
      this.space(spaceName, true);
      if (this.messages.some((m) => m.space === spaceName && m.clientId === messageId)) throw apiError(409, 'ALREADY_EXISTS', `${messageId} exists`);
      const stored: FakeMessage = {
        space: spaceName,
        id: `M${this.messages.length + 1}`,
        clientId: messageId,
        text: message.text ?? '',
        sender: userOf(auth),
        createTime: message.createTime ?? '',
        threadKey: message.thread?.threadKey ?? '',
        reactions: new Map(),
      };
      this.messages.push(stored);
      return { name: `${spaceName}/messages/${stored.id}`, clientAssignedMessageId: messageId, sender: { name: `users/${stored.sender}` } };
    });
  }

  async uploadAttachment(auth: JWT, spaceName: string, filename: string): Promise<chat_v1.Schema$UploadAttachmentResponse> {
    return this.run('uploadAttachment', auth, filename, () => ({ attachmentDataRef: { resourceName: `${spaceName}/attachments/${filename}` } }));
  }

  async createReaction(auth: JWT, messageName: string, unicode: string): Promise<chat_v1.Schema$Reaction> {
    return this.run('createReaction', auth, `${messageName}/${unicode}`, () => {
      const [, spaceId, , clientId] = messageName.split('/');
      const message = this.messages.find((m) => m.space === `spaces/${spaceId}` && m.clientId === clientId);
      if (!message) throw apiError(404, 'NOT_FOUND', `${messageName} not found`);
      const users = message.reactions.get(unicode) ?? new Set<string>();
      const user = userOf(auth);
      if (users.has(user)) throw apiError(409, 'ALREADY_EXISTS', 'already reacted');
      users.add(user);
      message.reactions.set(unicode, users);
      return { emoji: { unicode } };
    });
  }

  async createMembership(auth: JWT, spaceName: string, email: string, times?: { createTime: string; deleteTime: string }): Promise<chat_v1.Schema$Membership> {
    return this.run('createMembership', auth, email, () => {
      const space = this.space(spaceName, false);
      if (this.missingUsers.has(email)) throw apiError(404, 'NOT_FOUND', `User users/${email} not found.`);
      if (times && !space.importMode) throw apiError(400, 'INVALID_ARGUMENT', 'historical membership outside import mode');
      if (this.outsideUsers.has(email)) throw apiError(400, 'FAILED_PRECONDITION', `${email} is outside the organization and ${spaceName} does not allow external users.`);
      if (!times && space.importMode) throw apiError(400, 'INVALID_ARGUMENT', 'delete_time is required in import mode');
      if (space.members.has(email)) throw apiError(409, 'ALREADY_EXISTS', `${email} is already a member`);
      space.members.set(email, { historical: times !== undefined });
      return { name: `${spaceName}/members/${email}` };
    });
  }

  async completeImport(auth: JWT, spaceName: string): Promise<chat_v1.Schema$CompleteImportSpaceResponse> {
    return this.run('completeImport', auth, spaceName, () => {
      const space = this.space(spaceName, false);
      if (!space.importMode) throw apiError(400, 'FAILED_PRECONDITION', `${spaceName} is not in import mode`);
      space.importMode = false;
      return { space: { name: spaceName } };
    });
  }

  /** 1000 a page, in creation order; the page token is the offset. */
  async listMessages(auth: JWT, spaceName: string, pageToken?: string): Promise<chat_v1.Schema$ListMessagesResponse> {
    return this.run('listMessages', auth, spaceName, () => {
      this.space(spaceName, false);
      const all = this.messages.filter((m) => m.space === spaceName);
      const from = Number(pageToken ?? 0);
      const page = all.slice(from, from + 1000).map((m) => ({
        name: `${spaceName}/messages/${m.id}`,
        clientAssignedMessageId: m.clientId,
        ...(m.reactions.size > 0 ? { emojiReactionSummaries: [...m.reactions].map(([unicode, users]) => ({ emoji: { unicode }, reactionCount: users.size })) } : {}),
      }));
      return from + 1000 < all.length ? { messages: page, nextPageToken: String(from + 1000) } : { messages: page };
    });
  }

  async listReactions(auth: JWT): Promise<chat_v1.Schema$ListReactionsResponse> {
    return this.run('listReactions', auth, '', () => ({}));
  }

  async listMembers(auth: JWT): Promise<chat_v1.Schema$ListMembershipsResponse> {
    return this.run('listMembers', auth, '', () => ({}));
  }

  private space(name: string, mustImport: boolean): FakeSpace {
    const space = this.spaces.get(name);
    if (!space) throw apiError(404, 'NOT_FOUND', `${name} not found`);
    if (mustImport && !space.importMode) throw apiError(400, 'FAILED_PRECONDITION', `${name} is not in import mode`);
    return space;
  }
}

/** Token broker for the fake: every user exists unless listed as refused. */
export class FakeTokens {
  readonly refused = new Set<string>();
  async clientFor(email: string): Promise<JWT> {
    if (this.refused.has(email)) throw new ImpersonationRefusedError(email, 'unauthorized_client');
    return authOf(email);
  }
}

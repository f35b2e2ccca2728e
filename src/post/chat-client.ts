// The only code that calls the Google Chat API: thin wrappers over @googleapis/chat that take the identity to act
// as, turn every failure into an ApiError (status, Google status, server-advised wait), and leave retrying to
// the caller's policy (the library's own retry skips POSTs and ignores Retry-After, so it is switched off).
// Every call goes over the auth client's transporter, whose adapter keeps sockets alive and bounds each request
// in time (http-adapter.ts).
import { chat, type chat_v1 } from '@googleapis/chat';
import type { JWT } from 'google-auth-library';
import type { Readable } from 'node:stream';
import { ApiError, redact } from '../errors.js';
import { DEFAULT_TIMEOUTS, type RequestTimeouts } from './http-adapter.js';

const NO_LIBRARY_RETRY = { retry: false } as const;

/** The calls the post stage makes: what ChatClient implements, and what test fakes implement instead. */
export type ChatApi = Pick<ChatClient, 'createSpace' | 'createMessage' | 'uploadAttachment' | 'createReaction' | 'createMembership' | 'completeImport' | 'listMessages' | 'listReactions' | 'listMembers'>;

export class ChatClient {
  private readonly api: chat_v1.Chat;

  constructor(
    private readonly rootUrl: string | undefined,
    private readonly timeouts: RequestTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.api = chat({ version: 'v1', ...(rootUrl ? { rootUrl } : {}) });
  }

  async createSpace(auth: JWT, space: chat_v1.Schema$Space, requestId: string): Promise<chat_v1.Schema$Space> {
    return call(() => this.api.spaces.create({ auth, requestId, requestBody: space }, NO_LIBRARY_RETRY));
  }

  async createMessage(auth: JWT, spaceName: string, message: chat_v1.Schema$Message, messageId: string): Promise<chat_v1.Schema$Message> {
    // requestId = messageId: a retried create returns the first one instead of a second message. The text is Chat
    // syntax (*bold*, <url|label>), said explicitly: a project with no Chat app configured defaults to Markdown.
    return call(() =>
      this.api.spaces.messages.create(
        {
          auth,
          parent: spaceName,
          messageId,
          requestId: messageId,
          messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
          requestBody: { ...message, markupSyntax: 'MARKUP_SYNTAX_CHAT' },
        },
        NO_LIBRARY_RETRY,
      ),
    );
  }

  async uploadAttachment(auth: JWT, spaceName: string, filename: string, mimeType: string, body: Readable): Promise<chat_v1.Schema$UploadAttachmentResponse> {
    // media.upload ignores the client's rootUrl (chat-api.md §0), so it is passed per call. A streamed body goes
    // through gaxios' own adapter, so its (longer) timeout is gaxios' `timeout` option.
    return call(() =>
      this.api.media.upload(
        { auth, parent: spaceName, requestBody: { filename }, media: { mimeType, body } },
        { ...NO_LIBRARY_RETRY, timeout: this.timeouts.uploadMs, ...(this.rootUrl ? { rootUrl: this.rootUrl } : {}) },
      ),
    );
  }

  async createReaction(auth: JWT, messageName: string, unicode: string): Promise<chat_v1.Schema$Reaction> {
    return call(() => this.api.spaces.messages.reactions.create({ auth, parent: messageName, requestBody: { emoji: { unicode } } }, NO_LIBRARY_RETRY));
  }

  async createMembership(auth: JWT, spaceName: string, email: string, times?: { createTime: string; deleteTime: string }): Promise<chat_v1.Schema$Membership> {
    return call(() =>
      this.api.spaces.members.create(
        { auth, parent: spaceName, requestBody: { member: { name: `users/${email}`, type: 'HUMAN' }, ...(times ?? {}) } },
        NO_LIBRARY_RETRY,
      ),
    );
  }

  async completeImport(auth: JWT, spaceName: string): Promise<chat_v1.Schema$CompleteImportSpaceResponse> {
    return call(() => this.api.spaces.completeImport({ auth, name: spaceName, requestBody: {} }, NO_LIBRARY_RETRY));
  }

  async listMessages(auth: JWT, spaceName: string, pageToken?: string): Promise<chat_v1.Schema$ListMessagesResponse> {
    return call(() => this.api.spaces.messages.list({ auth, parent: spaceName, pageSize: 1000, ...(pageToken ? { pageToken } : {}) }, NO_LIBRARY_RETRY));
  }

  async listReactions(auth: JWT, messageName: string, pageToken?: string): Promise<chat_v1.Schema$ListReactionsResponse> {
    return call(() => this.api.spaces.messages.reactions.list({ auth, parent: messageName, pageSize: 200, ...(pageToken ? { pageToken } : {}) }, NO_LIBRARY_RETRY));
  }

  async listMembers(auth: JWT, spaceName: string, pageToken?: string): Promise<chat_v1.Schema$ListMembershipsResponse> {
    return call(() => this.api.spaces.members.list({ auth, parent: spaceName, pageSize: 1000, ...(pageToken ? { pageToken } : {}) }, NO_LIBRARY_RETRY));
  }
}

async function call<T>(request: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await request()).data;
  } catch (error) {
    throw toApiError(error);
  }
}

interface LibraryError {
  message?: string;
  code?: unknown;
  status?: number;
  response?: { status?: number; headers?: unknown; data?: { error?: { status?: string; message?: string; details?: Array<{ '@type'?: string; retryDelay?: string }> } } };
}

/** Any failure of a call → ApiError. No answer at all (reset, timeout) is status 0 with the system error code. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = (error ?? {}) as LibraryError;
  const status = e.response?.status ?? e.status ?? 0;
  const body = e.response?.data?.error;
  const googleStatus = body?.status ?? (typeof e.code === 'string' && status === 0 ? e.code : `HTTP_${status}`);
  const message = redact(body?.message ?? e.message ?? String(error));
  return new ApiError(status, googleStatus, message, retryAfterOf(e));
}

function retryAfterOf(error: LibraryError): number | undefined {
  const retryInfo = error.response?.data?.error?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const delay = retryInfo?.retryDelay?.match(/^([\d.]+)s$/);
  if (delay) return Math.ceil(Number(delay[1]) * 1000);
  const headers = error.response?.headers as { get?: (name: string) => string | null } | Record<string, string> | undefined;
  const header = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (header && /^\d+$/.test(header)) return Number(header) * 1000;
  return undefined;
}

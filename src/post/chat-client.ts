// The only code that calls the Google Chat API: thin wrappers over @googleapis/chat that take the identity to act
// as, turn every failure into an ApiError (status, Google status, server-advised wait), and leave retrying to
// the caller's policy (the library's own retry skips POSTs and ignores Retry-After, so it is switched off).
//
// The two calls made for (nearly) every source record — messages.create and reactions.create — are sent
// directly with the auth client's current token instead: @googleapis/chat's generic request builder and gaxios'
// option merging (deep copies, URL templates, header objects) cost more CPU per call than the HTTP exchange.
// They send what the library would (same path, query and JSON body) and fail the same way (see postJson).
import { chat, type chat_v1 } from '@googleapis/chat';
import type { JWT } from 'google-auth-library';
import type { Readable } from 'node:stream';
import { GOOGLE_CHAT_ROOT } from '../config.js';
import { ApiError, redact } from '../errors.js';
import { DEFAULT_TIMEOUTS, exchange, headersOf, parse, type Exchange, type RequestTimeouts } from './http-adapter.js';

const NO_LIBRARY_RETRY = { retry: false } as const;

/** The calls the post stage makes: what ChatClient implements, and what test fakes implement instead. */
export type ChatApi = Pick<ChatClient, 'createSpace' | 'createMessage' | 'uploadAttachment' | 'createReaction' | 'createMembership' | 'completeImport' | 'listMessages' | 'listReactions' | 'listMembers'>;

export class ChatClient {
  private readonly api: chat_v1.Chat;
  private readonly v1: string;

  constructor(
    private readonly rootUrl: string | undefined,
    private readonly timeouts: RequestTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.api = chat({ version: 'v1', ...(rootUrl ? { rootUrl } : {}) });
    this.v1 = new URL('v1/', rootUrl ?? GOOGLE_CHAT_ROOT).toString();
  }

  async createSpace(auth: JWT, space: chat_v1.Schema$Space, requestId: string): Promise<chat_v1.Schema$Space> {
    return call(() => this.api.spaces.create({ auth, requestId, requestBody: space }, NO_LIBRARY_RETRY));
  }

  async createMessage(auth: JWT, spaceName: string, message: chat_v1.Schema$Message, messageId: string): Promise<chat_v1.Schema$Message> {
    // requestId = messageId: a retried create returns the first one instead of a second message.
    const params = { messageId, requestId: messageId, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' };
    return postJson<chat_v1.Schema$Message>(auth, `${this.url(spaceName, 'messages')}?${new URLSearchParams(params).toString()}`, message, this.timeouts);
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
    return postJson<chat_v1.Schema$Reaction>(auth, this.url(messageName, 'reactions'), { emoji: { unicode } }, this.timeouts);
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

  /** `<root>v1/<resource name>/<collection>`: resource names are `spaces/…/messages/…`, slashes kept. */
  private url(resourceName: string, collection: string): string {
    return `${this.v1}${resourceName.split('/').map(encodeURIComponent).join('/')}/${collection}`;
  }
}

/**
 * POST a JSON body as the auth client's user. The token comes from the client (cached, and refreshed by the
 * library before it expires); a failure is read like a library one: status, Google's error body, Retry-After.
 */
async function postJson<T>(auth: JWT, url: string, body: unknown, timeouts: RequestTimeouts): Promise<T> {
  let answer: Exchange;
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    (await auth.getRequestHeaders()).forEach((value, name) => (headers[name] = value));
    answer = await exchange(new URL(url), 'POST', headers, JSON.stringify(body), timeouts);
  } catch (error) {
    throw toApiError(error);
  }
  const { response, bytes } = answer;
  const status = response.statusCode ?? 0;
  const data = parse(bytes.toString('utf8'), 'unknown', response.headers['content-type'] ?? null);
  if (status >= 200 && status < 300) return data as T;
  throw toApiError({ message: `Request failed with status code ${status}`, status, response: { status, headers: headersOf(response), data } });
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

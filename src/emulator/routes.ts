// The REST surface exactly as @googleapis/chat 51 builds it with rootUrl = the emulator (chat-api.md §0):
// `/v1/…` and `/upload/v1/…` at the root. Each route names its API method (for counters), whether it writes
// (fault injection applies to writes only) and which quotas it is charged against (chat-api.md §7).
import type { IncomingMessage } from 'node:http';
import { getAttachment } from './attachments.js';
import { createDriveFile, createDrivePermission, listDriveFiles } from './drive.js';
import type { Call } from './context.js';
import { createMembership, deleteMembership, getMembership, listMemberships } from './memberships.js';
import { listMessages } from './message-list.js';
import { createMessage, deleteMessage, getMessage, updateMessage } from './messages.js';
import { uploadMedia, uploadWithoutMedia } from './media.js';
import type { Charge } from './quotas.js';
import { createReaction, deleteReaction, listReactions } from './reactions.js';
import { completeImport, createSpace, deleteSpace, getSpace, listSpaces, patchSpace } from './spaces.js';
import type { EmulatorQuotas } from './types.js';
import type { JsonObject } from './validate.js';

type QuotaName = keyof EmulatorQuotas;

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  /** API method id, as in the discovery document (`spaces.messages.create`). */
  readonly id: string;
  readonly write: boolean;
  /** Project quotas charged, plus the per-space write quota when `perSpace`. */
  readonly quotas: readonly QuotaName[];
  readonly perSpace: boolean;
  readonly handle?: (call: Call) => JsonObject;
  /** Handlers that consume the request body themselves (media upload). */
  readonly stream?: (call: Call, req: IncomingMessage) => Promise<JsonObject>;
}

const ID = '([^/:]+)';
const SPACE = `/v1/spaces/${ID}`;
const MESSAGE = `${SPACE}/messages/${ID}`;

function route(method: string, path: string, id: string, handle: Route['handle'], quotas: QuotaName[], perSpace = false): Route {
  return { method, pattern: new RegExp(`^${path}$`), id, write: method !== 'GET', quotas, perSpace, handle };
}

export const ROUTES: readonly Route[] = [
  route('POST', '/v1/spaces', 'spaces.create', createSpace, ['spaceWrites', 'spaceCreates']),
  route('GET', '/v1/spaces', 'spaces.list', listSpaces, ['reads']),
  route('GET', SPACE, 'spaces.get', getSpace, ['reads']),
  route('PATCH', SPACE, 'spaces.patch', patchSpace, ['spaceWrites'], true),
  route('DELETE', SPACE, 'spaces.delete', deleteSpace, ['spaceWrites'], true),
  route('POST', `${SPACE}:completeImport`, 'spaces.completeImport', completeImport, []),
  route('POST', `${SPACE}/messages`, 'spaces.messages.create', createMessage, ['messageWrites'], true),
  route('GET', `${SPACE}/messages`, 'spaces.messages.list', listMessages, ['reads']),
  route('GET', MESSAGE, 'spaces.messages.get', getMessage, ['reads']),
  route('PATCH', MESSAGE, 'spaces.messages.patch', updateMessage, ['messageWrites'], true),
  route('PUT', MESSAGE, 'spaces.messages.update', updateMessage, ['messageWrites'], true),
  route('DELETE', MESSAGE, 'spaces.messages.delete', deleteMessage, ['messageWrites'], true),
  route('GET', `${MESSAGE}/attachments/${ID}`, 'spaces.messages.attachments.get', getAttachment, ['reads']),
  route('POST', `${MESSAGE}/reactions`, 'spaces.messages.reactions.create', createReaction, ['reactionWrites'], true),
  route('GET', `${MESSAGE}/reactions`, 'spaces.messages.reactions.list', listReactions, ['reads']),
  route('DELETE', `${MESSAGE}/reactions/${ID}`, 'spaces.messages.reactions.delete', deleteReaction, ['reactionWrites'], true),
  route('POST', `${SPACE}/members`, 'spaces.members.create', createMembership, ['membershipWrites']),
  route('GET', `${SPACE}/members`, 'spaces.members.list', listMemberships, ['reads']),
  route('GET', `${SPACE}/members/${ID}`, 'spaces.members.get', getMembership, ['reads']),
  route('DELETE', `${SPACE}/members/${ID}`, 'spaces.members.delete', deleteMembership, ['membershipWrites']),
  route('POST', `${SPACE}/attachments:upload`, 'media.upload', uploadWithoutMedia, ['uploadWrites'], true),
  {
    method: 'POST', pattern: new RegExp(`^/upload${SPACE}/attachments:upload$`), id: 'media.upload', write: true,
    quotas: ['uploadWrites'], perSpace: true, stream: uploadMedia,
  },
  // Google Drive (drive.ts), for --drive rehearsals; Drive's own quotas are not modelled.
  { method: 'POST', pattern: /^\/upload\/drive\/v3\/files$/, id: 'drive.files.create', write: true, quotas: [], perSpace: false, stream: createDriveFile },
  route('GET', '/drive/v3/files', 'drive.files.list', listDriveFiles, []),
  route('POST', `/drive/v3/files/${ID}/permissions`, 'drive.permissions.create', createDrivePermission, []),
];

export interface RouteMatch {
  route: Route;
  params: string[];
}

/** The route for a request, with its path parameters percent-decoded; undefined when nothing matches. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}

/** The quota windows a request is charged against: project quotas per service account, writes per space. */
export function chargesFor(r: Route, params: readonly string[], app: string, limits: EmulatorQuotas): Charge[] {
  const charges: Charge[] = r.quotas.map((q) => ({ key: `${app}|${q}`, limit: limits[q] }));
  if (r.perSpace) charges.push({ key: `spaces/${params[0] as string}|perSpaceWrites`, limit: limits.perSpaceWrites });
  return charges;
}

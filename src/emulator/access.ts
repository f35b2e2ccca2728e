// Who may call what (chat-api.md §6 and §9 rules 5, 6, 41). While a space is in import mode only the service
// account that created it may reach it, each method accepts either impersonation (with chat.import) or app auth
// (with chat.bot) as Google's table says; once the import is complete the space is a regular space, where a user
// needs a matching Chat scope and a membership, except that chat.import keeps working for members.create and
// spaces.patch by a space manager until 90 days after creation.
import { BOT_SCOPE, IMPORT_SCOPE, SCOPE_PREFIX, type Caller } from './auth.js';
import { insufficientScopes, permissionDenied } from './errors.js';
import { numericUserId } from './ids.js';
import type { Call } from './context.js';
import { resolveSpace } from './lookup.js';
import type { MembershipRec, SpaceRec } from './store.js';
import { IMPORT_WINDOW_MS } from './times.js';

export type Op =
  | 'spaces.get' | 'spaces.patch' | 'spaces.delete' | 'spaces.completeImport'
  | 'messages.create' | 'messages.get' | 'messages.list' | 'messages.update' | 'messages.delete'
  | 'reactions.create' | 'reactions.list' | 'reactions.delete'
  | 'members.create' | 'members.get' | 'members.list' | 'members.delete'
  | 'media.upload' | 'attachments.get';

const USER = { user: true, app: false };
const APP = { user: false, app: true };
const BOTH = { user: true, app: true };

/** Import-mode identities (chat-api.md §6); methods the table omits follow their closest listed sibling. */
const IMPORT_MODE: Record<Op, { user: boolean; app: boolean }> = {
  'spaces.get': APP,
  'spaces.patch': USER,
  'spaces.delete': USER,
  'spaces.completeImport': USER,
  'messages.create': BOTH,
  'messages.get': APP,
  'messages.list': USER,
  'messages.update': BOTH,
  'messages.delete': BOTH,
  'reactions.create': USER,
  'reactions.list': USER,
  'reactions.delete': USER,
  'members.create': USER,
  'members.get': USER,
  'members.list': USER,
  'members.delete': USER,
  'media.upload': USER,
  'attachments.get': BOTH,
};

/** User scopes (any one suffices) for each method on a regular space. */
const REGULAR_USER_SCOPES: Record<Op, readonly string[]> = {
  'spaces.get': ['chat.spaces', 'chat.spaces.readonly'],
  'spaces.patch': ['chat.spaces'],
  'spaces.delete': ['chat.delete'],
  'spaces.completeImport': ['chat.import'],
  'messages.create': ['chat.messages', 'chat.messages.create'],
  'messages.get': ['chat.messages', 'chat.messages.readonly'],
  'messages.list': ['chat.messages', 'chat.messages.readonly'],
  'messages.update': ['chat.messages'],
  'messages.delete': ['chat.messages'],
  'reactions.create': ['chat.messages', 'chat.messages.reactions', 'chat.messages.reactions.create'],
  'reactions.list': ['chat.messages', 'chat.messages.readonly', 'chat.messages.reactions', 'chat.messages.reactions.readonly'],
  'reactions.delete': ['chat.messages', 'chat.messages.reactions'],
  'members.create': ['chat.memberships'],
  'members.get': ['chat.memberships', 'chat.memberships.readonly'],
  'members.list': ['chat.memberships', 'chat.memberships.readonly'],
  'members.delete': ['chat.memberships'],
  'media.upload': ['chat.messages', 'chat.messages.create'],
  'attachments.get': ['chat.messages', 'chat.messages.readonly'],
};

/** What a Chat app (chat.bot, no subject) may do on a regular space it created. */
const REGULAR_APP: ReadonlySet<Op> = new Set<Op>([
  'spaces.get', 'messages.create', 'messages.get', 'messages.update', 'messages.delete', 'members.get', 'members.list',
  'attachments.get',
]);

export function requireScope(caller: Caller, ...scopes: string[]): void {
  if (!scopes.some((s) => caller.scopes.has(s))) throw insufficientScopes();
}

/** The caller's visible, current (not historical) membership of the space. */
export function membershipOf(space: SpaceRec, caller: Caller): MembershipRec | undefined {
  const m = space.membersByKey.get(caller.user ? numericUserId(caller.user) : `app:${caller.app}`);
  return m && !m.historical ? m : undefined;
}

/** Throws 403 PERMISSION_DENIED unless `caller` may run `op` on `space` now. */
export function authorize(caller: Caller, space: SpaceRec, op: Op, nowMs: number): void {
  if (space.importMode) {
    if (caller.app !== space.app) {
      throw permissionDenied('An app can only use the import-mode spaces it created.');
    }
    const allowed = IMPORT_MODE[op];
    if (caller.user) {
      if (!allowed.user) throw permissionDenied(`${op} on a space in import mode needs app authentication (chat.bot, no subject).`);
      requireScope(caller, IMPORT_SCOPE);
    } else {
      if (!allowed.app) throw permissionDenied(`${op} on a space in import mode needs user authentication (domain-wide delegation with chat.import).`);
      requireScope(caller, BOT_SCOPE);
    }
    return;
  }
  if (!caller.user) {
    if (!REGULAR_APP.has(op) || caller.app !== space.app) throw permissionDenied(`The app cannot call ${op} on this space.`);
    requireScope(caller, BOT_SCOPE);
    return;
  }
  const membership = membershipOf(space, caller);
  if ((op === 'members.create' || op === 'spaces.patch') && caller.scopes.has(IMPORT_SCOPE) &&
      nowMs < space.createCallMs + IMPORT_WINDOW_MS) {
    if (membership?.role !== 'ROLE_MANAGER') throw permissionDenied('After completeImport, chat.import is limited to space managers.');
    return;
  }
  requireScope(caller, ...REGULAR_USER_SCOPES[op].map((s) => SCOPE_PREFIX + s));
  if (!membership) throw permissionDenied('The caller is not a member of this space.');
}

/** The space a call names (its first path parameter), once the caller is allowed `op` in it: 404, then 403. */
export function authorizedSpace(call: Call, op: Op): SpaceRec {
  const space = resolveSpace(call.env, call.params[0] as string);
  authorize(call.caller, space, op, call.env.nowMs());
  return space;
}

// spaces.members.create / get / list / delete (chat-api.md §5; §9 rules 37–42). In import mode every membership
// is historical: it needs a deleteTime, and completeImport hides it.
import { authorize, authorizedSpace, membershipOf } from './access.js';
import type { Call } from './context.js';
import { looksLikeEmail } from './directory.js';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, permissionDenied } from './errors.js';
import { offsetPage } from './paging.js';
import { resolveSpace } from './lookup.js';
import type { MembershipRec, SpaceRec } from './store.js';
import { MICROS_PER_MS, parseTimestamp } from './times.js';
import { optionalObject, optionalString, listParams, queryFlag, type JsonObject } from './validate.js';
import { membershipView } from './views.js';

/** Who a membership is for, as resolved from the request. */
export interface MemberRef {
  key: string;
  memberEmail: string;
  memberName: string;
  memberType: MembershipRec['memberType'];
}

export function addMembership(space: SpaceRec, who: MemberRef,
  extra: { role: MembershipRec['role']; createTimeUs?: number; deleteTimeUs?: number }): MembershipRec {
  const id = who.key.startsWith('app:') ? 'app' : who.key.startsWith('groups/') ? who.key.slice('groups/'.length) : who.key;
  const rec: MembershipRec = {
    ...who,
    ...extra,
    name: `${space.name}/members/${id}`,
    space,
    historical: extra.deleteTimeUs !== undefined,
    hidden: false,
  };
  space.memberships.push(rec);
  space.membersByKey.set(rec.key, rec);
  return rec;
}

/** Rule 38: `users/{email|id}` HUMAN, `users/app` for the calling app, `groups/{id}` (SPACE only). */
function resolveMember(call: Call, space: SpaceRec): MemberRef {
  const { body, caller, env } = call;
  const member = optionalObject(body, 'member', 'membership.member');
  const group = optionalObject(body, 'groupMember', 'membership.group_member');
  if ((member === undefined) === (group === undefined)) throw invalidArgument('Set exactly one of member or groupMember.');
  if (group) {
    const name = optionalString(group, 'name', 'membership.group_member.name') ?? '';
    if (space.spaceType !== 'SPACE') throw invalidArgument('Groups can only be added to a SPACE.');
    if (!/^groups\/[^@/\s]+$/.test(name)) throw invalidArgument('groupMember.name must be groups/{id}; group emails are not accepted.');
    return { key: name, memberEmail: name, memberName: name, memberType: 'GROUP' };
  }
  const m = member as JsonObject;
  const name = optionalString(m, 'name', 'membership.member.name') ?? '';
  const type = optionalString(m, 'type', 'membership.member.type') ?? (name === 'users/app' ? 'BOT' : 'HUMAN');
  if (name === 'users/app') {
    if (type !== 'BOT') throw invalidArgument('users/app is a BOT member.');
    return { key: `app:${caller.app}`, memberEmail: caller.app, memberName: 'users/app', memberType: 'BOT' };
  }
  if (type === 'BOT') throw invalidArgument('Only the calling app (users/app) can be added as a BOT member.');
  if (type !== 'HUMAN') throw invalidArgument('member.type must be HUMAN or BOT.');
  const ref = /^users\/(.+)$/.exec(name)?.[1];
  if (ref === undefined) throw invalidArgument('member.name must be users/{user}.');
  let email: string;
  if (/^\d+$/.test(ref)) {
    const known = env.directory.emailOf(ref);
    if (known === undefined) throw notFound(`User ${name} not found.`);
    email = known;
  } else if (looksLikeEmail(ref)) {
    email = ref.toLowerCase();
    if (!env.directory.exists(email)) {
      if (env.directory.inOrgDomain(email)) throw notFound(`User ${name} not found.`);
      if (!space.externalUserAllowed) throw failedPrecondition(`${email} is outside the organization and ${space.name} does not allow external users.`);
    }
  } else {
    throw invalidArgument('member.name must be users/{email} or users/{numeric id}.');
  }
  const id = env.directory.idOf(email);
  return { key: id, memberEmail: email, memberName: `users/${id}`, memberType: 'HUMAN' };
}

export function createMembership(call: Call): JsonObject {
  const { env, body } = call;
  const space = resolveSpace(env, call.params[0] as string);
  const nowMs = env.nowMs();
  authorize(call.caller, space, 'members.create', nowMs);
  const who = resolveMember(call, space);
  const nowUs = nowMs * MICROS_PER_MS;
  let createTimeUs: number | undefined;
  let deleteTimeUs: number | undefined;
  if (space.importMode) {
    // Rule 37: only people who already left can be imported; current members are added after completeImport.
    if (body['deleteTime'] === undefined) throw invalidArgument('membership.delete_time is required in import mode.');
    deleteTimeUs = parseTimestamp(body['deleteTime'], 'membership.delete_time');
    if (deleteTimeUs <= space.createTimeUs || deleteTimeUs > nowUs) {
      throw invalidArgument('membership.delete_time must be after the space createTime and not in the future.');
    }
    createTimeUs = body['createTime'] === undefined ? deleteTimeUs - 1 : parseTimestamp(body['createTime'], 'membership.create_time');
    if (createTimeUs >= deleteTimeUs || createTimeUs < space.createTimeUs) {
      throw invalidArgument('membership.create_time must be before delete_time and not before the space createTime.');
    }
  } else {
    if (body['createTime'] !== undefined || body['deleteTime'] !== undefined) {
      throw invalidArgument('createTime and deleteTime can only be set on memberships of a space in import mode.');
    }
    createTimeUs = nowUs;
  }
  // Rule 39: one visible membership per member and space.
  if (space.membersByKey.has(who.key)) throw alreadyExists(`${who.memberName} is already a member of ${space.name}.`);
  return membershipView(addMembership(space, who, { role: 'ROLE_MEMBER', createTimeUs, deleteTimeUs }));
}

/** The visible membership a path segment names: numeric id, email alias, `app`, or a group id. */
function findMembership(call: Call, space: SpaceRec): MembershipRec {
  const ref = call.params[1] as string;
  const key = ref === 'app' ? `app:${call.caller.app}`
    : looksLikeEmail(ref) ? call.env.directory.idOf(ref)
    : /^\d+$/.test(ref) ? ref : `groups/${ref}`;
  const m = space.membersByKey.get(key);
  if (!m) throw notFound(`Membership ${space.name}/members/${ref} not found.`);
  return m;
}

export function getMembership(call: Call): JsonObject {
  const space = authorizedSpace(call, 'members.get');
  return membershipView(findMembership(call, space));
}

export function deleteMembership(call: Call): JsonObject {
  const space = authorizedSpace(call, 'members.delete');
  const m = findMembership(call, space);
  if (!space.importMode && m.memberEmail !== call.caller.user && membershipOf(space, call.caller)?.role !== 'ROLE_MANAGER') {
    throw permissionDenied('Only a space manager can remove other members.');
  }
  space.membersByKey.delete(m.key);
  space.memberships.splice(space.memberships.indexOf(m), 1);
  return membershipView(m);
}

type MemberPredicate = (m: MembershipRec) => boolean;

/** `role = "ROLE_MANAGER" AND member.type != "BOT" OR …`: AND binds tighter than OR; anything else is a 400. */
export function parseMemberFilter(filter: string): MemberPredicate {
  if (filter.trim() === '') return () => true;
  const alternatives = filter.split(/\s+OR\s+/).map((clause) => clause.split(/\s+AND\s+/).map((term) => {
    const t = /^\s*\(?\s*(role|member\.type)\s*(=|!=)\s*"([A-Z_]+)"\s*\)?\s*$/.exec(term);
    if (!t) throw invalidArgument(`Invalid filter ${JSON.stringify(filter)}.`);
    const [, field, op, value] = t as unknown as [string, string, string, string];
    const get = field === 'role' ? (m: MembershipRec) => m.role : (m: MembershipRec) => m.memberType;
    return op === '=' ? (m: MembershipRec) => get(m) === value : (m: MembershipRec) => get(m) !== value;
  }));
  return (m) => alternatives.some((terms) => terms.every((p) => p(m)));
}

export function listMemberships(call: Call): JsonObject {
  const space = authorizedSpace(call, 'members.list');
  const { pageSize, filter, pageToken } = listParams(call.query, 100, 1000);
  const matches = parseMemberFilter(filter);
  const showGroups = queryFlag(call.query, 'showGroups');
  const items = space.memberships.filter((m) => !m.hidden && (showGroups || m.memberType !== 'GROUP') && matches(m));
  return offsetPage('memberships', items, membershipView, pageSize, pageToken, `members|${space.id}|${filter}|${showGroups}`);
}

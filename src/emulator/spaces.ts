// spaces.create / get / list / patch / delete / completeImport (chat-api.md §1; §9 rules 7–17).
import { authorizedSpace, membershipOf, requireScope } from './access.js';
import { IMPORT_SCOPE, SCOPE_PREFIX } from './auth.js';
import type { Call, Env } from './context.js';
import { alreadyExists, failedPrecondition, invalidArgument, permissionDenied } from './errors.js';
import { randomId } from './ids.js';
import { expireIfDue, markDeleted, resolveSpace } from './lookup.js';
import { addMembership } from './memberships.js';
import { offsetPage } from './paging.js';
import type { SpaceRec, SpaceType } from './store.js';
import { EARLIEST_SPACE_US, IMPORT_WINDOW_MS, MICROS_PER_MS, parseTimestamp } from './times.js';
import { codePoints, listParams, optionalBoolean, optionalObject, optionalString, type JsonObject } from './validate.js';
import { spaceView } from './views.js';

const MAX_DISPLAY_NAME = 128;
const MAX_DESCRIPTION = 150;
const MAX_GUIDELINES = 5000;

function checkDisplayName(env: Env, name: string, self?: SpaceRec): void {
  const n = codePoints(name);
  if (name.trim() === '' || n > MAX_DISPLAY_NAME) {
    throw invalidArgument(`displayName must be 1 to ${MAX_DISPLAY_NAME} characters (got ${n}).`);
  }
  const holder = env.store.spaceNames.get(name);
  if (holder && holder !== self) {
    expireIfDue(env, holder);
    if (!holder.deleted) throw alreadyExists(`A space named ${JSON.stringify(name)} already exists in this organization.`);
  }
}

function checkDetails(details: JsonObject): { description?: string; guidelines?: string } {
  const description = optionalString(details, 'description', 'space.spaceDetails.description');
  const guidelines = optionalString(details, 'guidelines', 'space.spaceDetails.guidelines');
  if (description !== undefined && codePoints(description) > MAX_DESCRIPTION) {
    throw invalidArgument(`spaceDetails.description is limited to ${MAX_DESCRIPTION} characters.`);
  }
  if (guidelines !== undefined && codePoints(guidelines) > MAX_GUIDELINES) {
    throw invalidArgument(`spaceDetails.guidelines is limited to ${MAX_GUIDELINES} characters.`);
  }
  return { description, guidelines };
}

function identityOf(call: Call): string {
  return call.caller.user ? `user:${call.caller.user}` : `app:${call.caller.app}`;
}

export function createSpace(call: Call): JsonObject {
  const { caller, body, query, env } = call;
  const importMode = optionalBoolean(body, 'importMode', 'space.import_mode') === true;
  if (importMode) {
    // Rule 7: only impersonation with chat.import creates import-mode spaces.
    if (!caller.user) throw permissionDenied('Import-mode spaces can only be created with user authentication (domain-wide delegation).');
    requireScope(caller, IMPORT_SCOPE);
  } else if (caller.user) {
    requireScope(caller, `${SCOPE_PREFIX}chat.spaces`, `${SCOPE_PREFIX}chat.spaces.create`);
  } else {
    requireScope(caller, `${SCOPE_PREFIX}chat.app.spaces`, `${SCOPE_PREFIX}chat.app.spaces.create`);
  }

  // Rule 13: the same requestId returns the same space to the same caller, and is refused to anyone else.
  const requestId = query.get('requestId') || undefined;
  const requestKey = requestId === undefined ? undefined : `${caller.app}\n${requestId}`;
  if (requestKey !== undefined) {
    const seen = env.store.spaceRequests.get(requestKey);
    if (seen) {
      if (seen.identity !== identityOf(call)) throw invalidArgument('This requestId was already used by another caller.');
      return spaceView(seen.space);
    }
  }

  const spaceType = optionalString(body, 'spaceType', 'space.space_type');
  if (spaceType !== 'SPACE' && spaceType !== 'GROUP_CHAT') {
    throw invalidArgument(spaceType === 'DIRECT_MESSAGE'
      ? 'DIRECT_MESSAGE spaces cannot be created here: import a 1:1 conversation as a GROUP_CHAT or SPACE.'
      : 'space.space_type must be SPACE or GROUP_CHAT.');
  }
  const displayName = optionalString(body, 'displayName', 'space.display_name');
  if (spaceType === 'SPACE') {
    if (displayName === undefined) throw invalidArgument('space.display_name is required for a SPACE.');
    checkDisplayName(env, displayName);
  }
  const nowMs = env.nowMs();
  let createTimeUs = nowMs * MICROS_PER_MS;
  if (body['createTime'] !== undefined) {
    // Rule 9: a historical createTime only in import mode, between 2000-01-01 and now.
    if (!importMode) throw invalidArgument('space.create_time can only be set in import mode.');
    createTimeUs = parseTimestamp(body['createTime'], 'space.create_time');
    if (createTimeUs < EARLIEST_SPACE_US || createTimeUs > nowMs * MICROS_PER_MS) {
      throw invalidArgument('space.create_time must be between 2000-01-01T00:00:00Z and now.');
    }
  }
  const details = checkDetails(optionalObject(body, 'spaceDetails', 'space.space_details') ?? {});
  const externalUserAllowed = optionalBoolean(body, 'externalUserAllowed', 'space.external_user_allowed') === true;

  let id = `AAAA${randomId(7)}`;
  while (env.store.spaces.has(id)) id = `AAAA${randomId(7)}`;
  const space = env.store.newSpace({
    id,
    name: `spaces/${id}`,
    spaceType: spaceType as SpaceType,
    displayName,
    description: details.description,
    guidelines: details.guidelines,
    historyState: 'HISTORY_ON',
    externalUserAllowed,
    createTimeUs,
    createCallMs: nowMs,
    importMode,
    // Rule 10: the deadline counts from the call, not from the historical createTime.
    importModeExpireMs: importMode ? nowMs + IMPORT_WINDOW_MS : undefined,
    createdBy: caller.user ?? caller.app,
    app: caller.app,
    deleted: false,
  });
  if (spaceType === 'SPACE' && displayName !== undefined) env.store.spaceNames.set(displayName, space);
  if (requestKey !== undefined) env.store.spaceRequests.set(requestKey, { identity: identityOf(call), space });
  // A regular space starts with its creator as manager; an import-mode space has no members at all (rule 10).
  if (!importMode) addCreatorMembership(call, space, nowMs);
  return spaceView(space);
}

function addCreatorMembership(call: Call, space: SpaceRec, nowMs: number): void {
  const { caller, env } = call;
  const user = caller.user;
  addMembership(space, user
    ? { key: env.directory.idOf(user), memberEmail: user, memberName: `users/${env.directory.idOf(user)}`, memberType: 'HUMAN' }
    : { key: `app:${caller.app}`, memberEmail: caller.app, memberName: 'users/app', memberType: 'BOT' },
  { role: 'ROLE_MANAGER', createTimeUs: nowMs * MICROS_PER_MS });
}

export function getSpace(call: Call): JsonObject {
  const space = authorizedSpace(call, 'spaces.get');
  return spaceView(space);
}

/** spaces.list: only regular spaces the caller belongs to, so import-mode spaces never show (rule 16). */
export function listSpaces(call: Call): JsonObject {
  const { caller, query, env } = call;
  if (caller.user) requireScope(caller, `${SCOPE_PREFIX}chat.spaces`, `${SCOPE_PREFIX}chat.spaces.readonly`);
  else requireScope(caller, `${SCOPE_PREFIX}chat.bot`);
  const { pageSize, filter, pageToken } = listParams(query, 100, 1000);
  const types = parseSpaceTypeFilter(filter);
  const items = env.store.spaceOrder.filter((s) => {
    expireIfDue(env, s);
    return !s.deleted && !s.importMode && (types === undefined || types.has(s.spaceType)) && membershipOf(s, caller) !== undefined;
  });
  return offsetPage('spaces', items, spaceView, pageSize, pageToken, `spaces|${filter}`);
}

/** `spaceType = "SPACE" OR space_type = "GROUP_CHAT"`; anything else is a 400. */
function parseSpaceTypeFilter(filter: string): Set<string> | undefined {
  if (filter.trim() === '') return undefined;
  const types = new Set<string>();
  for (const term of filter.split(/\s+OR\s+/)) {
    const m = /^\s*\(?\s*(?:spaceType|space_type)\s*=\s*"(SPACE|GROUP_CHAT|DIRECT_MESSAGE)"\s*\)?\s*$/.exec(term);
    if (!m) throw invalidArgument(`Invalid filter ${JSON.stringify(filter)}: only space_type = "…" terms joined by OR are supported.`);
    types.add(m[1] as string);
  }
  return types;
}

const PATCHABLE = new Map<string, string>([
  ['display_name', 'displayName'], ['displayName', 'displayName'],
  ['space_type', 'spaceType'], ['spaceType', 'spaceType'],
  ['space_details', 'spaceDetails'], ['spaceDetails', 'spaceDetails'],
  ['space_history_state', 'spaceHistoryState'], ['spaceHistoryState', 'spaceHistoryState'],
  ['access_settings.audience', 'audience'], ['accessSettings.audience', 'audience'],
  ['permission_settings', 'permissionSettings'], ['permissionSettings', 'permissionSettings'],
  ['predefined_permission_settings', 'permissionSettings'], ['predefinedPermissionSettings', 'permissionSettings'],
]);

export function patchSpace(call: Call): JsonObject {
  const { env, body, query } = call;
  const space = authorizedSpace(call, 'spaces.patch');
  const mask = (query.get('updateMask') ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (mask.length === 0) throw invalidArgument('updateMask is required.');
  const fields = new Set<string>();
  for (const f of mask) {
    const field = PATCHABLE.get(f);
    if (!field) throw invalidArgument(`updateMask field ${JSON.stringify(f)} cannot be updated.`);
    fields.add(field);
  }
  // Validate everything first, then apply, so a rejected patch changes nothing.
  let spaceType = space.spaceType;
  if (fields.has('spaceType')) {
    const requested = optionalString(body, 'spaceType', 'space.space_type');
    if (requested !== 'SPACE' || space.spaceType !== 'GROUP_CHAT') {
      throw invalidArgument('space_type can only change from GROUP_CHAT to SPACE.');
    }
    if (!fields.has('displayName')) throw invalidArgument('Changing a GROUP_CHAT to a SPACE also needs display_name.');
    spaceType = 'SPACE';
  }
  const displayName = fields.has('displayName') ? optionalString(body, 'displayName', 'space.display_name') : undefined;
  if (fields.has('displayName')) {
    if (spaceType !== 'SPACE') throw invalidArgument('Only a SPACE has a display name.');
    checkDisplayName(env, displayName ?? '', space);
  }
  const details = fields.has('spaceDetails') ? checkDetails(optionalObject(body, 'spaceDetails', 'space.space_details') ?? {}) : undefined;
  const history = fields.has('spaceHistoryState') ? optionalString(body, 'spaceHistoryState', 'space.space_history_state') : undefined;
  if (fields.has('spaceHistoryState') && history !== 'HISTORY_ON' && history !== 'HISTORY_OFF') {
    throw invalidArgument('space_history_state must be HISTORY_ON or HISTORY_OFF.');
  }
  let audience: string | undefined;
  if (fields.has('audience')) {
    // Rule 17: access settings are frozen while importing.
    if (space.importMode) throw invalidArgument('access_settings cannot be updated while the space is in import mode.');
    audience = optionalString(optionalObject(body, 'accessSettings', 'space.access_settings') ?? {}, 'audience', 'space.access_settings.audience');
  }

  space.spaceType = spaceType;
  if (displayName !== undefined) {
    if (space.displayName !== undefined && env.store.spaceNames.get(space.displayName) === space) env.store.spaceNames.delete(space.displayName);
    space.displayName = displayName;
    env.store.spaceNames.set(displayName, space);
  }
  if (details) {
    space.description = details.description;
    space.guidelines = details.guidelines;
  }
  if (history !== undefined) space.historyState = history;
  if (fields.has('audience')) space.audience = audience;
  return spaceView(space);
}

export function deleteSpace(call: Call): JsonObject {
  const { env, caller } = call;
  const space = authorizedSpace(call, 'spaces.delete');
  if (!space.importMode && caller.user && membershipOf(space, caller)?.role !== 'ROLE_MANAGER') {
    throw permissionDenied('Only a space manager can delete the space.');
  }
  markDeleted(env, space);
  return {};
}

/** Rule 15: ends import mode for good; the caller becomes manager, historical memberships disappear. */
export function completeImport(call: Call): JsonObject {
  const { env, caller } = call;
  const space = resolveSpace(env, call.params[0] as string);
  if (caller.app !== space.app) throw permissionDenied('An app can only complete the import of spaces it created.');
  if (!caller.user) throw permissionDenied('completeImport needs user authentication (domain-wide delegation with chat.import).');
  requireScope(caller, IMPORT_SCOPE);
  if (!space.importMode) throw failedPrecondition(`${space.name} is not in import mode.`);
  space.importMode = false;
  space.importModeExpireMs = undefined;
  for (const m of space.memberships) {
    if (m.historical) {
      m.hidden = true;
      if (space.membersByKey.get(m.key) === m) space.membersByKey.delete(m.key);
    }
  }
  const id = env.directory.idOf(caller.user);
  addMembership(space, { key: id, memberEmail: caller.user, memberName: `users/${id}`, memberType: 'HUMAN' },
    { role: 'ROLE_MANAGER', createTimeUs: env.nowMs() * MICROS_PER_MS });
  return { space: spaceView(space) };
}

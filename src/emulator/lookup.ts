// Resolving path names to live records, with Google's answers for what is missing: a space that never existed
// is 404, a deleted or expired one 403 (chat-api.md §1 troubleshooting; rules 11, 12, 26).
import type { Env } from './context.js';
import { notFound, permissionDenied } from './errors.js';
import type { MessageRec, SpaceRec } from './store.js';

/** An import-mode space past its deadline is gone for good (rule 11); checked lazily whenever it is touched. */
export function expireIfDue(env: Env, space: SpaceRec): void {
  if (space.importMode && !space.deleted && space.importModeExpireMs !== undefined && env.nowMs() >= space.importModeExpireMs) {
    markDeleted(env, space);
  }
}

export function markDeleted(env: Env, space: SpaceRec): void {
  space.deleted = true;
  if (space.displayName !== undefined && env.store.spaceNames.get(space.displayName) === space) {
    env.store.spaceNames.delete(space.displayName);
  }
}

/** The live space `spaces/{id}`. */
export function resolveSpace(env: Env, id: string): SpaceRec {
  const space = env.store.spaces.get(id);
  if (!space) throw notFound(`Space spaces/${id} not found.`);
  expireIfDue(env, space);
  if (space.deleted) throw permissionDenied(`The caller does not have permission to access spaces/${id} (it was deleted or its import window expired).`);
  return space;
}

/** A message by system id or by its `client-…` id (rule 26); deleted ones only when `includeDeleted`. */
export function resolveMessage(space: SpaceRec, ref: string, includeDeleted = false): MessageRec {
  const message = ref.startsWith('client-') ? space.messagesByClientId.get(ref) : space.messagesById.get(ref);
  if (!message || (message.deleted && !includeDeleted)) throw notFound(`Message ${space.name}/messages/${ref} not found.`);
  return message;
}

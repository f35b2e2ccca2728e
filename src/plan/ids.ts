// Deterministic identifiers. The same export planned twice gives the same ids, which is what makes a re-run
// safe: Google answers ALREADY_EXISTS for a messageId it already holds, and the run counts that as done.
import { createHash } from 'node:crypto';

function digest(parts: readonly (string | number)[]): string {
  const hash = createHash('sha256');
  // A separator that cannot appear in ids keeps ("ab","c") and ("a","bc") apart.
  for (const part of parts) hash.update(String(part)).update('\u0000');
  return hash.digest('hex');
}

/**
 * `client-` + 40 hex chars = 47 characters: within Google's rule (`client-` prefix, ≤ 63 chars, [a-z0-9-]).
 * 160 bits make a collision between two messages of one space practically impossible.
 */
export function messageIdFor(sourceKind: string, conversationId: string, sourceMessageId: string, part: number): string {
  return `client-${digest([sourceKind, conversationId, sourceMessageId, part]).slice(0, 40)}`;
}

/** One Chat thread per source thread; keys are scoped to our app, so the conversation is part of the key. */
export function threadKeyFor(sourceKind: string, conversationId: string, sourceThreadId: string): string {
  return `t-${digest([sourceKind, conversationId, sourceThreadId]).slice(0, 32)}`;
}

/** spaces.create requestId, UUID-shaped. The run nonce (kept in the state file) separates two migrations. */
export function spaceRequestIdFor(runNonce: string, conversationId: string): string {
  const h = digest([runNonce, 'space', conversationId]);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable short hash for fingerprints. */
export function shortHash(...parts: (string | number)[]): string {
  return digest(parts).slice(0, 16);
}

// Deterministic identifiers. The same export planned twice gives the same ids, which is what makes a re-run
// safe: Google answers ALREADY_EXISTS for a messageId it already holds, and the run counts that as done.
import { hash } from 'node:crypto';

function digest(parts: readonly (string | number)[]): string {
  // A separator that cannot appear in ids keeps ("ab","c") and ("a","bc") apart. One-shot hashing: this runs
  // twice per message, and a Hash object per call costs more than the hashing itself.
  return hash('sha256', parts.join('\u0000') + '\u0000', 'hex');
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

/**
 * A fast 53-bit FNV-1a-style hash of strings, for in-memory comparisons that run once per record (the planner's
 * per-conversation message table, the spill's duplicate keys). Not for ids: those use SHA-256 above.
 */
export function quickHash(...parts: string[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0, 0x01000193); // separator, so ("ab","c") ≠ ("a","bc")
    h2 = Math.imul(h2 ^ 0xff, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

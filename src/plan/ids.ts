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

/** What makes two runs "the same migration" without any state file: the source workspace and the operator's choice. */
export interface MigrationIdentity {
  readonly sourceKind: string;
  /** A stable id of the source workspace when the export carries one (Slack team id); absent for the others. */
  readonly workspaceId?: string;
  /** `--migration-id`: an operator who wants a second, separate migration of the same workspace says so. */
  readonly migrationId?: string;
}

const uuidShaped = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;

/**
 * spaces.create requestId, UUID-shaped, derived from the source workspace and the conversation only: replaying
 * spaces.create with it as the same admin returns the space made before, so a lost or new state file adopts the
 * space instead of creating a second one.
 */
export function spaceRequestIdFor(identity: MigrationIdentity, conversationId: string): string {
  return uuidShaped(digest(['space', identity.sourceKind, identity.workspaceId ?? '', identity.migrationId ?? '', conversationId]));
}

/** The requestId for the n-th "(imported)" display name tried after a name clash: found again the same way. */
export function clashRequestIdFor(requestId: string, clash: number): string {
  return uuidShaped(digest([requestId, 'clash', clash]));
}

/** The requestId of state files written before spaces had deterministic ids (a random nonce kept in the file). */
export function legacySpaceRequestIdFor(runNonce: string, conversationId: string): string {
  return uuidShaped(digest([runNonce, 'space', conversationId]));
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

// A digest of a space's planned operations in order, as far as the state file's watermark: the next run computes
// it again over the new plan and compares. Any change below the watermark — an edited, inserted or deleted message,
// a reaction added to an old message, another --users mapping — changes it, and the space is reconciled against
// what Google holds instead of being skipped by index (which would skip a message that was never written).
import { createHash, type Hash } from 'node:crypto';
import type { PlannedOp } from './types.js';

/** What identifies an operation and what it writes; NUL cannot occur in ids, so fields cannot run together. */
function opKey(op: PlannedOp): string {
  switch (op.type) {
    case 'message':
      return ['m', op.messageId, op.createTime, op.threadKey, op.sender.email ?? '', op.sender.displayName, op.text, ...op.files.map((f) => `${f.id}/${f.name}`), ...(op.driveFiles ?? []).map((f) => `drive:${f.id}/${f.name}`)].join('\u0000');
    case 'reaction':
      return ['r', op.messageId, op.unicode, op.user.email].join('\u0000');
    default:
      return ['g', op.email, op.createTime, op.deleteTime].join('\u0000');
  }
}

export class PlanDigest {
  private readonly hash: Hash = createHash('sha256');

  add(op: PlannedOp): void {
    this.hash.update(opKey(op)).update('\u0001');
  }

  /** The digest of the operations added so far (the running hash goes on). */
  value(): string {
    return this.hash.copy().digest('hex').slice(0, 32);
  }
}

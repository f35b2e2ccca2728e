// Step 4 of planning a conversation: who was a member, and who is one.
import type { MembershipEvent, Person } from '../model.js';
import type { SkipCode } from '../reasons.js';
import { toIso } from './timeline.js';
import type { MembershipOp } from './types.js';

type MemberSkip = { readonly skip: { readonly code: SkipCode; readonly reason: string } };

/**
 * Contract: from the joins and leaves seen (in stream order), a person's membership runs from their first join to
 * their last leave; a re-join after that leave makes them a current member again. Everyone who left and is not a
 * current member (nor in the conversation's own member list) becomes one historical membership, clamped to the
 * space's life and to now (Google requires deleteTime for those in import mode); current members are returned
 * as sorted, distinct emails for after completeImport (the only time the API allows adding them), bots left
 * out. Someone without a Workspace email is a skip in either list, never a write.
 */
export class MembershipBook {
  /** personId → first join (−∞ when the first event seen is a leave). */
  private readonly joins = new Map<string, number>();
  /** personId → last leave, for those not re-joined since. */
  private readonly leaves = new Map<string, number>();
  /** The earliest join or leave: the space is created no later than it. */
  firstEventMs: number | undefined;

  note(event: MembershipEvent): void {
    const { personId, timeMs } = event;
    this.firstEventMs = Math.min(this.firstEventMs ?? timeMs, timeMs);
    if (event.type === 'join') {
      if (!this.joins.has(personId)) this.joins.set(personId, timeMs);
      this.leaves.delete(personId); // re-joined: a current member again until the next leave
    } else {
      this.leaves.set(personId, timeMs);
      if (!this.joins.has(personId)) this.joins.set(personId, Number.NEGATIVE_INFINITY);
    }
  }

  /** The conversation's listed members and everyone whose last event is a join, in that order. */
  private current(memberIds: readonly string[]): Set<string> {
    const current = new Set(memberIds);
    for (const [personId] of this.joins) if (!this.leaves.has(personId)) current.add(personId);
    return current;
  }

  /** One historical membership (or a skip) per former member, in the order they last left. */
  former(memberIds: readonly string[], people: ReadonlyMap<string, Person>, spaceCreateMs: number, nowMs: number): (MembershipOp | MemberSkip)[] {
    const current = this.current(memberIds);
    const planned: (MembershipOp | MemberSkip)[] = [];
    for (const [personId, leftMs] of this.leaves) {
      if (current.has(personId)) continue;
      const email = people.get(personId)?.email;
      if (!email) {
        planned.push({ skip: { code: 'membership_unmapped_user', reason: `former member ${people.get(personId)?.displayName ?? personId} has no Workspace email` } });
        continue;
      }
      const createTimeMs = Math.max(this.joins.get(personId) ?? Number.NEGATIVE_INFINITY, spaceCreateMs);
      const deleteTimeMs = Math.min(Math.max(leftMs, createTimeMs + 1), nowMs);
      planned.push({ type: 'membership', email, createTime: toIso(createTimeMs), deleteTime: toIso(deleteTimeMs) });
    }
    return planned;
  }

  /** Current members' emails (sorted, distinct, no bots) and a skip for each one without an email. */
  present(memberIds: readonly string[], people: ReadonlyMap<string, Person>): { readonly emails: readonly string[]; readonly unmapped: readonly MemberSkip[] } {
    const emails: string[] = [];
    const unmapped: MemberSkip[] = [];
    for (const personId of this.current(memberIds)) {
      const person = people.get(personId);
      if (person?.isBot) continue;
      if (person?.email) emails.push(person.email);
      else unmapped.push({ skip: { code: 'member_unmapped_user', reason: `member ${person?.displayName ?? personId} has no Workspace email` } });
    }
    return { emails: [...new Set(emails)].sort(), unmapped };
  }
}

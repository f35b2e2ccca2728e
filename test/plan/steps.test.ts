// The planner's steps, each against the part of its contract the planConversation tests do not already pin down.
import { describe, expect, it } from 'vitest';
import type { Message, Person } from '../../src/model.js';
import { DuplicateFilter } from '../../src/plan/dedupe.js';
import { MembershipBook } from '../../src/plan/memberships.js';
import { ThreadBook } from '../../src/plan/threads.js';
import { Timeline } from '../../src/plan/timeline.js';

const NOW = Date.UTC(2026, 0, 1);
const message = (id: string, extra: Partial<Message> = {}): Message => ({ conversationId: 'C1', id, authorId: 'U1', timeMs: NOW - 1000, text: `text ${id}`, ...extra });

describe('DuplicateFilter', () => {
  it('gives a third message sharing an id the next free derived id, and still drops an exact repeat of the first', () => {
    const filter = new DuplicateFilter();
    const ids = [message('1'), message('1', { text: 'b' }), message('1', { text: 'c' }), message('1')].map((m) => {
      const admission = filter.admit(m);
      return admission.duplicate ? 'duplicate' : `${admission.message.id}${admission.renamed ? ' (renamed)' : ''}`;
    });
    expect(ids).toEqual(['1', '1~2 (renamed)', '1~3 (renamed)', 'duplicate']);
  });

  it('drops an exact repeat of a message that was given a derived id, instead of importing it again as id~3', () => {
    const filter = new DuplicateFilter();
    const ids = [message('1'), message('1', { text: 'b' }), message('1', { text: 'b' }), message('1', { text: 'c' })].map((m) => {
      const admission = filter.admit(m);
      return admission.duplicate ? 'duplicate' : admission.message.id;
    });
    expect(ids).toEqual(['1', '1~2', 'duplicate', '1~3']);
  });
});

describe('Timeline', () => {
  it('refuses a message its nudge would push past now without moving the timeline for the next one', () => {
    const timeline = new Timeline(NOW, {});
    const placed = [
      timeline.place(NOW - 3, 1, 0),
      timeline.place(NOW - 3, 5, 0), // nudged to NOW - 2, its fifth part would be NOW + 2
      timeline.place(NOW - 3, 1, 0),
      timeline.place(NOW - 10, 1, NOW - 1), // never before the space
      timeline.place(NOW - 10, 1, 0),
    ];
    expect(placed.map((ms) => (ms === undefined ? 'refused' : ms - NOW))).toEqual([-3, 'refused', -2, -1, 0]);
  });
});

describe('ThreadBook', () => {
  it('counts a missing root at the first reply written, not at one admitted and then dropped', () => {
    const threads = new ThreadBook('slack', 'C1');
    const first = message('2', { threadId: '1' });
    const second = message('3', { threadId: '1' });
    threads.admit(first); // admitted, then filtered out by --since: never asked about
    threads.admit(second);
    expect([threads.missingRoot(second), threads.missingRoot(first)]).toEqual([true, false]);
    expect(threads.keyOf(first)).toBe(threads.keyOf(message('1')));
  });
});

describe('MembershipBook', () => {
  const people = new Map<string, Person>([['U3', { id: 'U3', displayName: 'Cy', email: 'cy@example.com', isBot: false }]]);
  it('makes someone who left and joined again a current member, with no historical membership', () => {
    const book = new MembershipBook();
    for (const [type, timeMs] of [['join', 10], ['leave', 20], ['join', 30]] as const) book.note({ conversationId: 'C1', personId: 'U3', type, timeMs });
    expect(book.former([], people, 0, NOW)).toEqual([]);
    expect(book.present([], people)).toEqual({ emails: ['cy@example.com'], unmapped: [] });
    expect(book.firstEventMs).toBe(10);
  });
  it('dates a leave with no join seen from the space\'s creation, and never a deleteTime at or before it', () => {
    const book = new MembershipBook();
    book.note({ conversationId: 'C1', personId: 'U3', type: 'leave', timeMs: 500 });
    expect(book.former([], people, 1000, NOW)).toEqual([
      { type: 'membership', email: 'cy@example.com', createTime: new Date(1000).toISOString(), deleteTime: new Date(1001).toISOString() },
    ]);
  });
});

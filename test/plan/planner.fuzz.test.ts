// Property test: whatever messages a mapper yields, the planner never throws and every write it plans satisfies
// the API rules the emulator enforces (unique increasing createTimes within bounds, valid ids, ≤ 32,000 bytes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationRecord, Person } from '../../src/model.js';
import { planConversation } from '../../src/plan/planner.js';
import { checkMembership, checkMessage, checkSpace } from '../../src/plan/rules.js';
import type { MessageOp, PlannedSpace } from '../../src/plan/types.js';

const NOW = Date.UTC(2026, 0, 1);
const people = new Map<string, Person>([
  ['U1', { id: 'U1', displayName: 'Ada', email: 'ada@example.com', isBot: false }],
  ['U2', { id: 'U2', displayName: 'Bob', isBot: false }],
]);

const record = fc.oneof(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 20 }),
    timeMs: fc.integer({ min: Date.UTC(1995, 0, 1), max: NOW + 86_400_000 }),
    text: fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constant('€'.repeat(11_000))),
    authorId: fc.constantFrom('U1', 'U2', 'U9', undefined),
    threadId: fc.option(fc.constantFrom('t1', 't2', 't3'), { nil: undefined }),
    asAdmin: fc.boolean(),
    reaction: fc.option(fc.record({ unicode: fc.constantFrom('👍', '🎉'), personIds: fc.array(fc.constantFrom('U1', 'U2'), { maxLength: 3 }) }), { nil: undefined }),
  }).map((m): ConversationRecord => ({
    type: 'message',
    message: { conversationId: 'C1', id: m.id, timeMs: m.timeMs, text: m.text, asAdmin: m.asAdmin, ...(m.authorId ? { authorId: m.authorId } : {}), ...(m.threadId ? { threadId: m.threadId } : {}), ...(m.reaction ? { reactions: [m.reaction] } : {}) },
  })),
  fc.record({ personId: fc.constantFrom('U1', 'U2'), type: fc.constantFrom('join' as const, 'leave' as const), timeMs: fc.integer({ min: Date.UTC(1995, 0, 1), max: NOW }) })
    .map((e): ConversationRecord => ({ type: 'membership', event: { conversationId: 'C1', ...e } })),
);

describe('planner properties', () => {
  it('never throws and plans only writes the API accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), fc.option(fc.integer({ min: Date.UTC(1990, 0, 1), max: NOW }), { nil: undefined }), async (records, createdMs) => {
        const conversation: Conversation = { id: 'C1', name: 'fuzz', kind: 'channel', memberIds: ['U1'], ...(createdMs !== undefined ? { createdMs } : {}) };
        async function* stream() {
          yield* records;
        }
        let space: PlannedSpace | undefined;
        let last = -Infinity;
        const seenIds = new Set<string>();
        for await (const event of planConversation(conversation, stream(), { sourceKind: 'slack', people, nowMs: NOW })) {
          if (event.type === 'space') {
            space = event.space;
            expect(checkSpace(space, NOW)).toEqual([]);
          }
          expect(event.type).not.toBe('problem');
          if (event.type !== 'op') continue;
          expect(space).toBeDefined();
          if (event.op.type === 'message') {
            const op: MessageOp = event.op;
            expect(checkMessage(op, space as PlannedSpace, NOW)).toEqual([]);
            expect(op.createTimeMs).toBeGreaterThan(last);
            last = op.createTimeMs;
            expect(seenIds.has(op.messageId)).toBe(false);
            seenIds.add(op.messageId);
          } else if (event.op.type === 'membership') {
            expect(checkMembership(event.op, space as PlannedSpace, NOW)).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

// A run report filled the way a run fills it (through ReportBuilder), shared by the HTML tests and the browser test.
import type { MessageOp, ReactionOp } from '../../src/plan/types.js';
import { ReportBuilder, type RunReport } from '../../src/report/run-report.js';

let sequence = 0;

export function messageOp(createTime: string, overrides: Partial<MessageOp> = {}): MessageOp {
  sequence += 1;
  return {
    type: 'message',
    messageId: `client-m${sequence}`,
    createTime,
    createTimeMs: Date.parse(createTime),
    threadKey: `t${sequence}`,
    text: 'hello',
    sender: { email: 'ann@example.com', displayName: 'Ann' },
    files: [],
    part: 1,
    parts: 1,
    sourceId: String(sequence),
    ...overrides,
  };
}

const reaction = (messageId: string): ReactionOp => ({ type: 'reaction', messageId, unicode: '👍', user: { email: 'bob@example.com', displayName: 'Bob' } });

/** A name an export could hold: markup, quotes and an ampersand. It must show as text and run nothing. */
export const HOSTILE_NAME = `<img src=x onerror="document.title='pwned'">&"'<script>document.title='pwned'</script>`;

/**
 * general: 5 messages in Jan, Feb and Apr 2024 (none in March), 4 written, 1 reaction, a retry and a 429, a skip
 * with file and record, an author fallback. random: 2 messages in Feb 2024, written by an earlier run (this run
 * resumed them). A third, hostile-named space: 1 in Apr, its write failed.
 * Duration 125 s.
 */
export function sampleBuilder(dryRun = false): ReportBuilder {
  const start = Date.parse('2024-06-01T10:00:00Z');
  const report = new ReportBuilder('chat-import import export.zip --credentials key.json --admin admin@example.com', { kind: 'slack', path: 'export.zip' }, dryRun, start);

  report.space('C1', 'general', 'channel').space = 'spaces/AAAA';
  report.spacePlanned('C1');
  const first = messageOp('2024-01-15T09:00:00.000Z');
  for (const op of [first, messageOp('2024-01-20T09:00:00.000Z'), messageOp('2024-02-02T09:00:00.000Z'), messageOp('2024-04-30T23:59:59.000Z'), messageOp('2024-04-01T00:00:00.000Z')]) report.planned('C1', op);
  // The second part of a split message is a write but not another message in the chart.
  report.planned('C1', messageOp('2024-04-01T00:00:00.000Z', { part: 2, parts: 2 }));
  report.planned('C1', reaction(first.messageId));
  for (let i = 0; i < 4; i++) report.written('C1', 'messages');
  report.written('C1', 'reactions');
  report.retried('C1', true);
  report.retried('C1', false);
  report.skip({ conversationId: 'C1', code: 'channel_topic', reason: 'channel_topic messages are not imported', origin: { file: 'general/2024-01-15.json', record: 7 } });
  report.fallback('C1', 'author_no_email');

  report.space('C2', 'random', 'channel').space = 'spaces/BBBB';
  report.spacePlanned('C2');
  report.planned('C2', messageOp('2024-02-10T12:00:00.000Z'));
  report.planned('C2', messageOp('2024-02-11T12:00:00.000Z'));
  // Written by an earlier, interrupted run of the same state file: resumed now, counted in the migration's totals.
  report.carryOver('C2', { written: { messages: 2 }, alreadyPresent: 0, skipped: {}, fallbacks: {} });
  report.resumed('C2', 2);

  report.space('C3', HOSTILE_NAME, 'channel');
  report.spacePlanned('C3');
  report.planned('C3', messageOp('2024-04-05T12:00:00.000Z'));
  report.failure('C3', 'PERMISSION_DENIED', `message client-x: denied for ${HOSTILE_NAME}`, 'weird/2024-04-05.json record 2');

  report.finish(start + 125_000, 1);
  return report;
}

export const sampleReport = (dryRun = false): RunReport => sampleBuilder(dryRun).report;

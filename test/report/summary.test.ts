// The lines printed at the end of a run name each skip and fallback code with the catalogue's explanation.
import { describe, expect, it } from 'vitest';
import { explain, REASONS } from '../../src/reasons.js';
import { problemLines } from '../../src/report/console-problems.js';
import { summaryLines } from '../../src/report/write.js';
import { ReportBuilder } from '../../src/report/run-report.js';
import { sampleBuilder, sampleReport } from './sample-report.js';

describe('summaryLines', () => {
  it('counts skips and fallbacks per code, then explains each code once', () => {
    expect(summaryLines(sampleReport())).toEqual([
      'Summary: 3 spaces, 9 messages, 1 reactions, 0 attachments, 0 history memberships planned',
      'Written: 6 messages, 1 reactions, 0 attachments, 0 history memberships (every run of this state file); 0 already present',
      'This run: 4 new messages, 1 new reactions, 0 new attachments, 0 new history memberships; 2 resumed from the state file',
      'Retries: 2 (1 answered 429); failures: 1',
      'Skipped: 1 (channel_topic 1)',
      'Fallbacks: author_no_email 1',
      '  author_no_email: The author has no Workspace email: posted by the admin with an attribution line naming them. Add the person to the --users mapping (or create their Workspace account), then run the same command again.',
      `  channel_topic: ${explain('channel_topic')}`,
    ]);
  });

  it('names conversations that get no space, and says who adds current members', () => {
    const builder = sampleBuilder();
    for (const [id, name] of [['D1', 'quiet'], ['D2', 'empty-dm']] as const) {
      builder.space(id, name, 'channel');
      builder.skip({ conversationId: id, code: 'empty_conversation', reason: 'no messages' });
    }
    builder.plannedMembers('C1', 4);
    const lines = summaryLines(builder.report);
    expect(lines.slice(0, 2)).toEqual([
      'Summary: 3 spaces, 9 messages, 1 reactions, 0 attachments, 0 history memberships planned',
      'Not created: 2 conversations with nothing to import (quiet, empty-dm)',
    ]);
    expect(lines[4]).toBe('Current members: 4, added by `chat-import complete` (or import --complete) once the import is done');
    expect(lines[6]).toBe('Skipped: 3 (channel_topic 1, empty_conversation 2)');
  });

  it('complete says how many current members are in their spaces, counting those added by an earlier complete', () => {
    const builder = new ReportBuilder('chat-import complete', { kind: 'slack', path: 'export.zip' }, false, 0, 'complete');
    builder.space('C1', 'general', 'channel');
    builder.spacePlanned('C1');
    builder.plannedMembers('C1', 4);
    builder.membersInPlace('C1', 3);
    builder.written('C1', 'currentMembers');
    expect(summaryLines(builder.finish(1_000, 0))).toEqual(['Current members: 4 of 4 added', 'Retries: 0 (0 answered 429); failures: 0', 'Skipped: 0']);
  });

  it('does not count a member missing from users.json as a skip: nothing was dropped', () => {
    const builder = new ReportBuilder('chat-import validate x', { kind: 'slack', path: 'x' }, true, 0, 'validate');
    builder.skip({ conversationId: 'C1', code: 'missing_user', reason: 'U9 is not in users.json', origin: { file: 'channels.json', record: 2 } });
    const report = builder.finish(0, 0);
    expect(report.totals.skipped).toEqual({});
    expect(report.problems).toEqual([{ conversationId: 'C1', code: 'missing_user', message: 'U9 is not in users.json', severity: 'warning', where: 'channels.json record 2' }]);
    expect(summaryLines(report)).toContain('Skipped: 0');
  });

  it('names a skipped file on the console as it happens; record-level skips stay in the summary', () => {
    const builder = new ReportBuilder('chat-import validate x', { kind: 'slack', path: 'x' }, true, 0, 'validate');
    const told: string[] = [];
    builder.onFileSkip = (line) => told.push(line);
    builder.skip({ conversationId: 'C1', code: 'bad_json', reason: 'general/2024-01-02.json: not valid JSON', origin: { file: 'general/2024-01-02.json' } });
    builder.skip({ conversationId: 'C1', code: 'invalid_utf8', reason: 'bad bytes read as U+FFFD', origin: { file: 'general/2024-01-03.json' } });
    builder.skip({ conversationId: 'C1', code: 'channel_topic', reason: 'a topic change', origin: { file: 'general/2024-01-04.json', record: 3 } });
    expect(told).toEqual([
      'general/2024-01-02.json: not valid JSON (bad_json; see docs/reasons.md)',
      'general/2024-01-03.json: bad bytes read as U+FFFD (invalid_utf8; see docs/reasons.md)',
    ]);
  });

  it('names ten skipped files of one code as they happen; the others of that code join the summary by code', () => {
    const builder = new ReportBuilder('chat-import validate x', { kind: 'slack', path: 'x' }, true, 0, 'validate');
    const told: string[] = [];
    builder.onFileSkip = (line) => told.push(line);
    // A zip bomb's directory: one record per file, all pointing at one entry's data.
    for (let n = 1; n <= 13; n += 1) builder.skip({ code: 'zip_overlapping_entry', reason: 'overlaps', origin: { file: `general/2024-01-${String(n).padStart(2, '0')}.json` } });
    builder.skip({ code: 'bad_json', reason: 'not valid JSON', origin: { file: 'users.json' } });
    expect(told).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `general/2024-01-${String(i + 1).padStart(2, '0')}.json: overlaps (zip_overlapping_entry; see docs/reasons.md)`),
      'users.json: not valid JSON (bad_json; see docs/reasons.md)',
    ]);
    expect(problemLines(builder.located(), 'report.html')).toEqual([
      { level: 'warn', text: `zip_overlapping_entry ×3 — general/2024-01-11.json, general/2024-01-12.json, general/2024-01-13.json — ${REASONS.zip_overlapping_entry.meaning}` },
    ]);
    expect(builder.finish(0, 0).totals.skipped).toEqual({ zip_overlapping_entry: 13, bad_json: 1 });
  });

  it('sums up the rest by code for stderr: count, first three places, meaning; expected codes at info level', () => {
    const builder = new ReportBuilder('chat-import validate x', { kind: 'slack', path: 'x' }, true, 0, 'validate');
    builder.onFileSkip = () => undefined;
    builder.skip({ conversationId: 'C1', code: 'bad_json', reason: 'not valid JSON', origin: { file: 'general/2024-01-02.json' } });
    for (const record of [4, 9, 1, 2]) builder.skip({ conversationId: 'C1', code: 'bad_record', reason: 'is not a JSON object', origin: { file: `general/2024-01-0${record}.json`, record } });
    builder.skip({ conversationId: 'C1', code: 'channel_topic', reason: 'a topic change', origin: { file: 'general/2024-01-04.json', record: 3 } });
    builder.skip({ conversationId: 'C1', code: 'missing_user', reason: 'U9 is not in users.json', origin: { file: 'channels.json', record: 2 } });
    builder.skip({ conversationId: 'C1', code: 'filtered_by_date', reason: 'before --since', origin: { file: 'general/2024-01-01.json', record: 1 } });
    builder.warning('space_name_shortened', 'no place given');
    builder.planProblem({ conversationId: 'C1', code: 'from_a_newer_version' as never, message: 'x', blocking: false, origin: 'general/2024-01-05.json record 7' });
    expect(problemLines(builder.located(), 'report.html')).toEqual([
      { level: 'warn', text: `bad_record ×4 — general/2024-01-04.json record 4, general/2024-01-09.json record 9, general/2024-01-01.json record 1, … (+1 more; see report.html) — ${REASONS.bad_record.meaning}` },
      { level: 'info', text: `channel_topic ×1 — general/2024-01-04.json record 3 — ${REASONS.channel_topic.meaning}` },
      { level: 'warn', text: 'from_a_newer_version ×1 — general/2024-01-05.json record 7 — not in this version’s catalogue: see docs/reasons.md.' },
      { level: 'warn', text: `missing_user ×1 — channels.json record 2 — ${REASONS.missing_user.meaning}` },
    ]);
  });
});

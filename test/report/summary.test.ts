// The lines printed at the end of a run name each skip and fallback code with the catalogue's explanation.
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/reasons.js';
import { summaryLines } from '../../src/report/write.js';
import { sampleReport } from './sample-report.js';

describe('summaryLines', () => {
  it('counts skips and fallbacks per code, then explains each code once', () => {
    expect(summaryLines(sampleReport())).toEqual([
      'Summary: 3 spaces, 9 messages, 1 reactions, 0 attachments, 0 memberships planned',
      'Written: 6 messages, 1 reactions, 0 attachments, 0 memberships (every run of this state file); 0 already present',
      'This run: 6 new messages, 1 new reactions, 0 new attachments, 0 new memberships; 0 resumed from the state file',
      'Retries: 2 (1 answered 429); failures: 1',
      'Skipped: 1 (channel_topic 1)',
      'Fallbacks: author_no_email 1',
      '  author_no_email: The author has no Workspace email: posted by the admin with an attribution line naming them. Add the person to the --users mapping (or create their Workspace account), then run the same command again.',
      `  channel_topic: ${explain('channel_topic')}`,
    ]);
  });
});

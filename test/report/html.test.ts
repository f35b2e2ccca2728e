import { describe, expect, it } from 'vitest';
import { GOOGLE_STATUS, REASONS } from '../../src/reasons.js';
import { asVerifyResult, renderReportHtml, type VerifyResult } from '../../src/report/html.js';
import { all, byId, parseHtml, rows, text, withClass, type Element } from './dom.js';
import { HOSTILE_NAME, sampleReport } from './sample-report.js';

describe('renderReportHtml', () => {
  const html = renderReportHtml(sampleReport());
  const doc = parseHtml(html);

  it('is one file: no scripts, no external assets, and a policy that forbids loading any', () => {
    expect(all(doc, 'script')).toHaveLength(0);
    expect(all(doc, 'img')).toHaveLength(0);
    expect(all(doc, 'link')).toHaveLength(0);
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);
    const csp = all(doc, 'meta').find((m) => m.attribs['http-equiv'] === 'Content-Security-Policy');
    expect(csp?.attribs.content).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('shows a hostile space name as text, everywhere it appears', () => {
    expect(html).not.toContain('<script>document');
    expect(html).not.toContain('<img src=x');
    const shown = [...withClass(byId(doc, 'spaces'), 'name'), ...withClass(byId(doc, 'problems'), 'name')].map(text);
    expect(shown.filter((t) => t === HOSTILE_NAME)).toHaveLength(2);
    expect(withClass(byId(doc, 'chart'), 'legend-name').map(text)).toContain(HOSTILE_NAME);
  });

  it('summarises the run: status, command, source and duration', () => {
    const summary = byId(doc, 'summary');
    expect(text(withClass(summary, 'status')[0] as Element)).toBe('Finished with 1 failure');
    const values = all(summary, 'dd').map(text);
    expect(all(summary, 'dt').map((dt, i) => [text(dt), values[i]])).toEqual([
      ['command', 'chat-import import export.zip --credentials key.json --admin admin@example.com'],
      ['source', 'slack · export.zip'],
      ['started', '2024-06-01T10:00:00.000Z'],
      ['finished', '2024-06-01T10:02:05.000Z'],
      ['duration', '2m05s'],
      ['exit status', '1'],
    ]);
  });

  it('gives the totals', () => {
    const totals = byId(doc, 'totals');
    const card = (c: Element): string => `${text(withClass(c, 'value')[0] as Element)} ${text(withClass(c, 'label')[0] as Element)}`;
    expect(withClass(totals, 'card').map(card)).toEqual([
      '3 spaces', '9 messages planned', '6 messages written', '4 messages written this run', '1 skipped', '1 fallbacks',
      '2 retries this run', '1 429s', '1 failures', '0 blocking problems', '2m05s duration of this run',
    ]);
    const [byKind, skipped, fallbacks] = all(totals, 'table');
    expect(rows(byKind as Element)).toEqual([
      ['', 'messages', 'reactions', 'attachments', 'history memberships', 'current members'],
      ['planned', '9', '1', '0', '0', '0'],
      ['written (all runs)', '6', '1', '0', '0', '0'],
      ['of which this run', '4', '1', '0', '0', '0'],
    ]);
    expect(rows(skipped as Element)).toEqual([['skipped, by reason', 'count'], ['channel_topic', '1']]);
    expect(rows(fallbacks as Element)).toEqual([['fallbacks, by reason', 'count'], ['author_no_email', '1']]);
  });

  it('has a row per space with planned, written, skipped by reason, fallbacks, retries and 429s', () => {
    expect(rows(byId(doc, 'spaces'))).toEqual([
      ['conversation', 'kind', 'space', 'messages written / planned', 'done before', 'reactions written / planned', 'attachments written / planned', 'history memberships written / planned', 'current members added / planned', 'skipped', 'fallbacks', 'retries', '429s', 'failures'],
      ['general', 'channel', 'spaces/AAAA', '4 / 6', '0', '1 / 1', '0 / 0', '0 / 0', '0 / 0', 'channel_topic 1', 'author_no_email 1', '2', '1', '0'],
      ['random', 'channel', 'spaces/BBBB', '2 / 2', '2', '0 / 0', '0 / 0', '0 / 0', '0 / 0', '—', '—', '0', '0', '0'],
      [HOSTILE_NAME, 'channel', '—', '0 / 1', '0', '0 / 0', '0 / 0', '0 / 0', '0 / 0', '—', '—', '0', '0', '1'],
    ]);
  });

  it('lists each problem with its file and record', () => {
    expect(text(all(byId(doc, 'problems'), 'h2')[0] as Element)).toBe('Problems (2)');
    expect(rows(byId(doc, 'problems'))).toEqual([
      ['severity', 'conversation', 'where (file, record)', 'code', 'message'],
      ['skip', 'general', 'general/2024-01-15.json record 7', 'channel_topic', 'channel_topic messages are not imported'],
      ['failure', HOSTILE_NAME, 'weird/2024-04-05.json record 2', 'PERMISSION_DENIED', `message client-x: denied for ${HOSTILE_NAME}`],
    ]);
  });

  it("explains every code of the report in the catalogue's words, and links each count to its explanation", () => {
    expect(rows(byId(doc, 'reasons'))).toEqual([
      ['code', 'meaning', 'what you can do'],
      ['author_no_email', REASONS.author_no_email.meaning, REASONS.author_no_email.action],
      ['channel_topic', REASONS.channel_topic.meaning, REASONS.channel_topic.action],
      ['PERMISSION_DENIED', GOOGLE_STATUS.meaning, GOOGLE_STATUS.action],
    ]);
    expect(rows(byId(doc, 'reasons'))[1]).toEqual(['author_no_email', 'The author has no Workspace email: posted by the admin with an attribution line naming them.', 'Add the person to the --users mapping (or create their Workspace account), then run the same command again.']);
    const links = all(byId(doc, 'totals'), 'a').map((a) => [text(a), a.attribs.href, a.attribs.title]);
    expect(links).toEqual([
      ['channel_topic', '#reason-channel_topic', REASONS.channel_topic.meaning],
      ['author_no_email', '#reason-author_no_email', REASONS.author_no_email.meaning],
    ]);
    expect(all(doc, 'tr').filter((tr) => tr.attribs.id === 'reason-channel_topic')).toHaveLength(1);
  });

  it("says when a code is not in this version's catalogue", () => {
    const report = sampleReport();
    report.totals.skipped.from_a_newer_version = 1;
    expect(rows(byId(parseHtml(renderReportHtml(report)), 'reasons'))[3]).toEqual(['from_a_newer_version', 'Not in this version’s catalogue: see docs/reasons.md.']);
  });

  it('charts Jan to Apr 2024, March empty', () => {
    expect(withClass(byId(doc, 'chart'), 'month').map((g) => `${g.attribs['data-month']}=${g.attribs['data-total']}`)).toEqual([
      '2024-01=2', '2024-02=3', '2024-03=0', '2024-04=3',
    ]);
  });

  it('leaves out what a dry run does not have: written counts, retries, verify', () => {
    const dry = parseHtml(renderReportHtml(sampleReport(true)));
    expect(text(all(dry, 'h1')[0] as Element)).toBe('chat-import dry-run report');
    expect(rows(byId(dry, 'spaces'))[0]).toEqual(['conversation', 'kind', 'space', 'messages', 'reactions', 'attachments', 'history memberships', 'current members', 'skipped', 'fallbacks']);
    expect(rows(byId(dry, 'spaces'))[1]).toEqual(['general', 'channel', 'spaces/AAAA', '6', '1', '0', '0', '0', 'channel_topic 1', 'author_no_email 1']);
    expect(withClass(byId(dry, 'totals'), 'label').map(text)).toEqual(['spaces', 'messages planned', 'skipped', 'fallbacks', 'blocking problems', 'duration']);
    expect(() => byId(dry, 'verify')).toThrow('no element #verify');
  });

  it('says when the problem list was cut', () => {
    const report = sampleReport();
    report.problemsTotal = 2_345;
    expect(text(all(byId(parseHtml(renderReportHtml(report)), 'problems'), 'h2')[0] as Element)).toBe('Problems (2,345, the first 2 listed; report.json has the counts)');
  });

  it('says there are no problems when there are none', () => {
    const report = sampleReport();
    report.problems = [];
    report.problemsTotal = 0;
    expect(text(byId(parseHtml(renderReportHtml(report)), 'problems'))).toBe('Problems (0) No problems.');
  });
});

describe('the verify section', () => {
  const verify: VerifyResult = {
    differences: 3,
    spaces: [
      { conversation: 'general', space: 'spaces/AAAA', expected: 5, found: 5, missing: [], extra: [], wrongSender: [], wrongThread: [], wrongCreateTime: [] },
      { conversation: HOSTILE_NAME, space: 'spaces/CCCC', expected: 3, found: 2, missing: ['client-a', 'client-<b>'], extra: [], wrongSender: ['client-c: users/9'], wrongThread: [], wrongCreateTime: [] },
    ],
  };

  it('shows each space read back, with the ids that differ', () => {
    const report = sampleReport();
    report.verify = verify;
    const doc = parseHtml(renderReportHtml(report));
    const section = byId(doc, 'verify');
    expect(text(all(section, 'h2')[0] as Element)).toBe('Verify: 3 differences');
    expect(rows(section).map((r) => r.slice(0, 9))).toEqual([
      ['conversation', 'space', 'expected', 'found', 'missing', 'extra', 'wrong sender', 'wrong thread', 'wrong createTime'],
      ['general', 'spaces/AAAA', '5', '5', '0', '0', '0', '0', '0'],
      [HOSTILE_NAME, 'spaces/CCCC', '3', '2', '2', '0', '1', '0', '0'],
    ]);
    expect(all(section, 'summary').map(text)).toEqual(['missing (2)', 'wrong sender (1)']);
    expect(all(section, 'li').map(text)).toEqual(['client-a', 'client-<b>', 'client-c: users/9']);
    expect(text(withClass(byId(doc, 'summary'), 'status')[0] as Element)).toBe('Verify found 3 differences');
  });

  it('gives the full counts when verify cut the id lists short', () => {
    const report = sampleReport();
    report.verify = { differences: 120, spaces: [{ ...verify.spaces[1], missing: ['client-a'], wrongSender: [], counts: { missing: 120 } }] };
    const section = byId(parseHtml(renderReportHtml(report)), 'verify');
    expect(rows(section)[1]?.slice(4, 9)).toEqual(['120', '0', '0', '0', '0']);
    expect(all(section, 'summary').map(text)).toEqual(['missing (120, the first 1 listed)']);
  });

  it('reports a clean verify', () => {
    const report = sampleReport();
    report.exitCode = 0;
    report.verify = { differences: 0, spaces: [verify.spaces[0]] };
    const doc = parseHtml(renderReportHtml(report));
    expect(text(all(byId(doc, 'verify'), 'h2')[0] as Element)).toBe('Verify: no differences');
    expect(text(withClass(byId(doc, 'summary'), 'status')[0] as Element)).toBe('Verified: no differences');
  });

  it.each([
    [undefined],
    ['text'],
    [{ differences: '3', spaces: [] }],
    [{ differences: 1, spaces: [{ conversation: 'x', space: 'y', expected: 1, found: 0, missing: 'client-a' }] }],
  ])('ignores a malformed verify result %j', (value) => {
    expect(asVerifyResult(value)).toBeUndefined();
  });
});


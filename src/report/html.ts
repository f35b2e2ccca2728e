// The self-contained HTML report: inline CSS and SVG, no scripts or external assets, so it opens offline anywhere.
// Names in an export are hostile input: every text from the run passes through escapeHtml, and a Content Security
// Policy forbids scripts and loads anyway, so a missed escape could not run code or call out.
// Stable ids (#summary, #totals, #chart, #spaces, #verify, #problems, #reasons) let tests and readers find each part.
import { formatDuration } from '../duration.js';
import { reasonFor } from '../reasons.js';
import { escapeHtml as esc, renderMonthlyChart } from './chart.js';
import { commandOf, reportTitle } from './files.js';
import type { DiffKind, OpKind, Problem, RunReport, SpaceReport, VerifyResult } from './run-report.js';

export type { VerifyResult, VerifySpace } from './run-report.js';

/** Another report of the same folder (each command keeps its own), linked at the top. */
export interface ReportLink {
  readonly href: string;
  readonly label: string;
  readonly current?: boolean;
}

/** Relative links to the other commands' reports: they sit in the same folder. */
function reportNav(links: readonly ReportLink[]): string {
  if (links.length < 2) return '';
  const items = links.map((l) => (l.current ? `<li><strong>${esc(l.label)}</strong></li>` : `<li><a href="${esc(l.href)}">${esc(l.label)}</a></li>`));
  return `<nav id="reports"><span class="muted">Reports:</span><ul>${items.join('')}</ul></nav>\n`;
}

const DIFF_KINDS: ReadonlyArray<readonly [DiffKind, string]> = [
  ['missing', 'missing'],
  ['extra', 'extra'],
  ['wrongSender', 'wrong sender'],
  ['wrongThread', 'wrong thread'],
  ['wrongCreateTime', 'wrong createTime'],
];

/** `report.verify` is typed loosely in the run report; only a well-formed one is rendered. */
export function asVerifyResult(value: unknown): VerifyResult | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<VerifyResult>;
  if (typeof v.differences !== 'number' || !Array.isArray(v.spaces)) return undefined;
  const wellFormed = v.spaces.every(
    (s) => s && typeof s === 'object' && typeof s.expected === 'number' && typeof s.found === 'number' && DIFF_KINDS.every(([key]) => Array.isArray(s[key])),
  );
  return wellFormed ? (v as VerifyResult) : undefined;
}

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
const sum = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);

/** A code, linked to its line in #reasons, with its meaning as a tooltip. */
const codeLink = (code: string): string => `<a href="#reason-${esc(code)}" title="${esc(reasonFor(code)?.meaning ?? '')}">${esc(code)}</a>`;

/** A reason → count record as lines, most frequent first. */
const reasons = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, v]) => `<span class="reason">${codeLink(k)} ${count(v)}</span>`)
    .join('<br>') || '<span class="muted">—</span>';

function status(report: RunReport): { label: string; tone: 'ok' | 'warn' | 'bad' } {
  if (report.interrupted) return { label: 'Interrupted — run the same command again to resume', tone: 'warn' };
  const differences = asVerifyResult(report.verify)?.differences ?? 0;
  if (report.exitCode !== undefined && report.exitCode !== 0) {
    if (differences > 0) return { label: `Verify found ${plural(differences, 'difference')}`, tone: 'bad' };
    if (report.totals.blockingProblems > 0) return { label: plural(report.totals.blockingProblems, 'blocking problem'), tone: 'bad' };
    return { label: report.totals.failures > 0 ? `Finished with ${plural(report.totals.failures, 'failure')}` : 'Finished with errors', tone: 'bad' };
  }
  if (report.verify !== undefined) return { label: 'Verified: no differences', tone: 'ok' };
  return { label: report.dryRun ? 'Dry run: nothing was written' : 'Finished', tone: 'ok' };
}

function summary(report: RunReport): string {
  const s = status(report);
  const rows: Array<[string, string]> = [
    ['command', `<code>${esc(report.command)}</code>`],
    ['source', `${esc(report.source.kind)} · <code>${esc(report.source.path)}</code>`],
    ['started', esc(report.startedAt)],
    ...(report.finishedAt ? [['finished', esc(report.finishedAt)] as [string, string]] : []),
    ['duration', esc(formatDuration(report.durationMs ?? 0))],
    ['exit status', esc(report.exitCode ?? '—')],
  ];
  return `<header id="summary">
<h1>${reportTitle(report)}</h1>
<p class="status ${s.tone}">${esc(s.label)}</p>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

const KINDS: readonly OpKind[] = ['messages', 'reactions', 'attachments', 'memberships', 'currentMembers'];
const KIND_LABELS: Record<OpKind, string> = { messages: 'messages', reactions: 'reactions', attachments: 'attachments', memberships: 'history memberships', currentMembers: 'current members' };

/** verify and validate write nothing: their reports show no "written" counts. */
const writesNothing = (report: RunReport): boolean => report.dryRun || commandOf(report) === 'verify';

function totals(report: RunReport): string {
  const t = report.totals;
  const dry = writesNothing(report);
  const skipped = sum(t.skipped);
  const fallbacks = sum(t.fallbacks);
  const cards: Array<[string, string, string?]> = [
    // Reports of older versions have no totals.spaces.
    ['spaces', count(t.spaces ?? report.spaces.filter((s) => s.conversationId !== '(export)').length)],
    ['messages planned', count(t.planned.messages)],
    // Migration-wide (every run of the state file), then what this run added: a resumed run shows both.
    ...(dry
      ? []
      : ([
          ['messages written', count(t.written.messages)],
          ['messages written this run', count(t.writtenThisRun?.messages ?? 0)],
        ] as Array<[string, string]>)),
    ['skipped', count(skipped), skipped > 0 ? 'warn' : undefined],
    ['fallbacks', count(fallbacks), fallbacks > 0 ? 'warn' : undefined],
    ...(dry
      ? []
      : ([
          ['retries this run', count(t.retries)],
          ['429s', count(t.rateLimited), t.rateLimited > 0 ? 'warn' : undefined],
          ['failures', count(t.failures), t.failures > 0 ? 'bad' : undefined],
        ] as Array<[string, string, string?]>)),
    ['blocking problems', count(t.blockingProblems), t.blockingProblems > 0 ? 'bad' : undefined],
    [dry ? 'duration' : 'duration of this run', esc(formatDuration(report.durationMs ?? 0))],
  ];
  const byKind = `<table class="compact"><tr><th></th>${KINDS.map((k) => `<th>${KIND_LABELS[k]}</th>`).join('')}</tr>
<tr><th>planned</th>${KINDS.map((k) => `<td class="n">${count(t.planned[k] ?? 0)}</td>`).join('')}</tr>${
    dry
      ? ''
      : `\n<tr><th>written (all runs)</th>${KINDS.map((k) => `<td class="n">${count(t.written[k] ?? 0)}</td>`).join('')}</tr>
<tr><th>of which this run</th>${KINDS.map((k) => `<td class="n">${count(t.writtenThisRun?.[k] ?? 0)}</td>`).join('')}</tr>`
  }</table>
<p class="muted">History memberships (people who left) are written in import mode; current members are added by <code>chat-import complete</code> once the import is done.</p>`;
  const extra = dry ? '' : `<p class="muted">Already in Google Chat from an earlier run: ${count(t.alreadyPresent)} · resumed from the state file: ${count(t.resumed)}</p>`;
  const reasonTable = (title: string, record: Record<string, number>): string =>
    `<table class="compact reasons"><tr><th>${title}</th><th>count</th></tr>${
      Object.entries(record).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([k, v]) => `<tr><td>${codeLink(k)}</td><td class="n">${count(v)}</td></tr>`).join('') ||
      '<tr><td class="muted">none</td><td></td></tr>'
    }</table>`;
  return `<section id="totals"><h2>Totals</h2>
<div class="cards">${cards.map(([label, value, tone]) => `<div class="card${tone ? ` ${tone}` : ''}"><div class="value">${value}</div><div class="label">${label}</div></div>`).join('')}</div>
<div class="side-by-side">${byKind}${reasonTable('skipped, by reason', t.skipped)}${reasonTable('fallbacks, by reason', t.fallbacks)}</div>
${extra}
</section>`;
}

function spacesTable(report: RunReport): string {
  const dry = writesNothing(report);
  const pair = (s: SpaceReport, k: OpKind): string => (dry ? count(s.planned[k] ?? 0) : `${count(s.written[k] ?? 0)} / ${count(s.planned[k] ?? 0)}`);
  // A conversation the plan gives no space: say so instead of leaving the space blank.
  const spaceCell = (s: SpaceReport): string =>
    s.space ? `<code>${esc(s.space)}</code>` : s.skipped.empty_conversation || s.skipped.nothing_to_import ? '<span class="muted">not created: nothing to import</span>' : '—';
  const head = [
    'conversation', 'kind', 'space',
    dry ? 'messages' : 'messages written / planned',
    ...(dry ? [] : ['done before']),
    dry ? 'reactions' : 'reactions written / planned',
    dry ? 'attachments' : 'attachments written / planned',
    dry ? 'history memberships' : 'history memberships written / planned',
    dry ? 'current members' : 'current members added / planned',
    'skipped', 'fallbacks',
    ...(dry ? [] : ['retries', '429s', 'failures']),
  ];
  const rows = report.spaces.map((s) => {
    const cells = [
      `<td class="name">${esc(s.name)}</td>`,
      `<td>${esc(s.kind)}</td>`,
      `<td>${spaceCell(s)}</td>`,
      `<td class="n">${pair(s, 'messages')}</td>`,
      ...(dry ? [] : [`<td class="n">${count(s.alreadyPresent + s.resumed)}</td>`]),
      `<td class="n">${pair(s, 'reactions')}</td>`,
      `<td class="n">${pair(s, 'attachments')}</td>`,
      `<td class="n">${pair(s, 'memberships')}</td>`,
      `<td class="n">${pair(s, 'currentMembers')}</td>`,
      `<td>${reasons(s.skipped)}</td>`,
      `<td>${reasons(s.fallbacks)}</td>`,
      ...(dry ? [] : [`<td class="n">${count(s.retries)}</td>`, `<td class="n">${count(s.rateLimited)}</td>`, `<td class="n${s.failures > 0 ? ' bad' : ''}">${count(s.failures)}</td>`]),
    ];
    return `<tr data-conversation="${esc(s.conversationId)}">${cells.join('')}</tr>`;
  });
  return `<section id="spaces"><h2>Spaces (${count(report.spaces.length)})</h2>
${dry ? '' : '<p class="muted">“Done before”: writes an earlier run had already made (found in Google Chat, or recorded in the state file).</p>'}
<div class="table-scroll"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function verifySection(verify: VerifyResult): string {
  const rows = verify.spaces.map((s) => {
    const how = (key: DiffKind): number => {
      const full = s.counts?.[key];
      return typeof full === 'number' && Number.isFinite(full) ? Math.max(full, s[key].length) : s[key].length;
    };
    const diffCount = DIFF_KINDS.reduce((n, [key]) => n + how(key), 0);
    const lists = DIFF_KINDS.filter(([key]) => s[key].length > 0)
      .map(([key, label]) => {
        const listed = how(key) > s[key].length ? `${count(how(key))}, the first ${count(s[key].length)} listed` : count(s[key].length);
        return `<details><summary>${label} (${listed})</summary><ul class="ids">${s[key].map((id) => `<li><code>${esc(id)}</code></li>`).join('')}</ul></details>`;
      })
      .join('');
    const gone = s.spaceNotFound === true ? ' <span class="bad">not found in Google Chat</span>' : '';
    return `<tr class="${diffCount > 0 || gone ? 'differs' : 'same'}"><td class="name">${esc(s.conversation)}</td><td><code>${esc(s.space)}</code>${gone}</td>` +
      `<td class="n">${count(s.expected)}</td><td class="n">${count(s.found)}</td>` +
      DIFF_KINDS.map(([key]) => `<td class="n${how(key) > 0 ? ' bad' : ''}">${count(how(key))}</td>`).join('') +
      `<td>${lists || '<span class="ok-text">ok</span>'}</td></tr>`;
  });
  return `<section id="verify"><h2>Verify: ${verify.differences === 0 ? 'no differences' : plural(verify.differences, 'difference')}</h2>
<p class="muted">Every imported space read back from Google Chat and compared with the plan, message by message.</p>
<div class="table-scroll"><table><thead><tr><th>conversation</th><th>space</th><th>expected</th><th>found</th>${DIFF_KINDS.map(([, label]) => `<th>${label}</th>`).join('')}<th>details</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

/** Every code this report counts or lists, in order of first appearance. */
function codesIn(report: RunReport): string[] {
  const codes = new Set<string>([...Object.keys(report.totals.skipped), ...Object.keys(report.totals.fallbacks)]);
  for (const problem of report.problems) codes.add(problem.code);
  return [...codes];
}

/** What each code of this report means and what to do about it, from the reasons catalogue (docs/reasons.md). */
function reasonsSection(report: RunReport): string {
  const codes = codesIn(report).sort((a, b) => a.localeCompare(b));
  if (codes.length === 0) return '';
  const row = (code: string): string => {
    const reason = reasonFor(code);
    return `<tr id="reason-${esc(code)}"><td><code>${esc(code)}</code></td>` +
      (reason ? `<td>${esc(reason.meaning)}</td><td>${esc(reason.action)}</td>` : '<td colspan="2" class="muted">Not in this version’s catalogue: see docs/reasons.md.</td>') +
      '</tr>';
  };
  return `<section id="reasons"><h2>Reasons (${count(codes.length)})</h2>
<p class="muted">Every skip, fallback and problem code above: what it means and what you can do.</p>
<div class="table-scroll"><table><thead><tr><th>code</th><th>meaning</th><th>what you can do</th></tr></thead><tbody>
${codes.map(row).join('\n')}
</tbody></table></div>
</section>`;
}

function problemsSection(report: RunReport): string {
  const names = new Map(report.spaces.map((s) => [s.conversationId, s.name]));
  const row = (p: Problem): string =>
    `<tr class="${esc(p.severity)}"><td><span class="badge ${esc(p.severity)}">${esc(p.severity)}</span></td>` +
    `<td class="name">${esc(p.conversationId ? (names.get(p.conversationId) ?? p.conversationId) : '')}</td>` +
    `<td class="where"><code>${esc(p.where ?? '')}</code></td><td><code>${codeLink(p.code)}</code></td><td>${esc(p.message)}</td></tr>`;
  const listed = report.problems.length;
  const heading = `Problems (${count(report.problemsTotal)}${report.problemsTotal > listed ? `, the first ${count(listed)} listed; report.json has the counts` : ''})`;
  const body = listed === 0
    ? '<p class="muted">No problems.</p>'
    : `<div class="table-scroll"><table><thead><tr><th>severity</th><th>conversation</th><th>where (file, record)</th><th>code</th><th>message</th></tr></thead><tbody>
${report.problems.map(row).join('\n')}
</tbody></table></div>`;
  return `<section id="problems"><h2>${heading}</h2>
${body}
</section>`;
}

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0 auto;padding:2em;max-width:1400px}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.2em;margin:2em 0 .6em;padding-bottom:.3em;border-bottom:1px solid var(--line)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:break-word}
.muted{color:var(--muted)}
.status{display:inline-block;font-weight:600;padding:.25em .8em;border-radius:1em;margin:.2em 0 1em}
.status.ok{background:#dafbe1;color:var(--ok)}.status.warn{background:#fff8c5;color:var(--warn)}.status.bad{background:#ffebe9;color:var(--bad)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1.2em;margin:0}dt{color:var(--muted)}dd{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.card{border:1px solid var(--line);border-radius:8px;padding:.6em 1em;min-width:9em}
.card .value{font-size:1.5em;font-weight:600;font-variant-numeric:tabular-nums}.card .label{color:var(--muted)}
.card.warn .value{color:var(--warn)}.card.bad .value{color:var(--bad)}
.side-by-side{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
table{border-collapse:collapse;margin:.5em 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}
.reason{white-space:nowrap}
td a,.reason a{color:inherit;text-decoration:underline dotted}
thead th{position:sticky;top:0}th{background:var(--head);font-weight:600}
tbody tr:nth-child(even){background:#fafbfc}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{min-width:8em;max-width:22em;overflow-wrap:anywhere;font-weight:500}td.where{min-width:12em;max-width:26em;overflow-wrap:anywhere}
td.bad{color:var(--bad);font-weight:600}.ok-text{color:var(--ok)}
.table-scroll{overflow-x:auto;max-width:100%}
.badge{display:inline-block;padding:0 .6em;border-radius:1em;font-size:12px;font-weight:600}
.badge.blocking,.badge.failure{background:#ffebe9;color:var(--bad)}.badge.skip{background:#fff8c5;color:var(--warn)}.badge.warning{background:#ddf4ff;color:#0969da}
.chart-scroll{overflow-x:auto}
svg.chart{display:block;font:11px system-ui,sans-serif}
svg.chart .grid{stroke:#eaeef2}svg.chart .baseline{stroke:#8c959f}svg.chart .axis{fill:var(--muted)}svg.chart .year{font-weight:600}
svg.chart .hit{fill:transparent}svg.chart g.month:hover .hit{fill:#f3f4f6}
.legend{list-style:none;padding:0;margin:.6em 0;display:flex;flex-wrap:wrap;gap:.4em 1.4em}
.legend li{display:flex;align-items:center;gap:.4em}.legend-name{max-width:18em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
details{margin:.4em 0}summary{cursor:pointer;color:#0969da}
ul.ids{margin:.3em 0;padding-left:1.2em;max-height:16em;overflow:auto}
nav#reports{display:flex;gap:.6em;align-items:baseline;margin-bottom:1em}nav#reports ul{list-style:none;display:flex;gap:1em;margin:0;padding:0}
@media print{.table-scroll,.chart-scroll{overflow:visible}thead th{position:static}}
`;

export function renderReportHtml(report: RunReport, links: readonly ReportLink[] = []): string {
  const verify = asVerifyResult(report.verify);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${reportTitle(report)} — ${esc(report.startedAt)}</title>
<style>${STYLE}</style></head><body>
${reportNav(links)}${summary(report)}
${totals(report)}
<section id="chart"><h2>Messages per month</h2>
<p class="muted">Messages ${report.dryRun ? 'planned' : 'planned for import'}, by the month they were first posted in the source, per space.</p>
${renderMonthlyChart(report.spaces)}
</section>
${spacesTable(report)}
${verify ? verifySection(verify) : ''}
${problemsSection(report)}
${reasonsSection(report)}
</body></html>
`;
}

// The self-contained HTML report: inline CSS, no scripts or external assets, so it opens offline anywhere.
import type { RunReport } from './run-report.js';

const escape = (text: unknown): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const list = (record: Record<string, number>): string =>
  Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${escape(k)}: ${v}`).join('<br>') || '—';

export function renderReportHtml(report: RunReport): string {
  const t = report.totals;
  const rows = report.spaces
    .map(
      (s) => `<tr><td>${escape(s.name)}</td><td>${escape(s.kind)}</td><td>${escape(s.space ?? '—')}</td>` +
        `<td class=n>${s.planned.messages}</td><td class=n>${s.written.messages}</td><td class=n>${s.alreadyPresent + s.resumed}</td>` +
        `<td class=n>${s.planned.reactions}/${s.written.reactions}</td><td class=n>${s.planned.attachments}/${s.written.attachments}</td>` +
        `<td class=n>${s.planned.memberships}/${s.written.memberships}</td><td>${list(s.skipped)}</td><td>${list(s.fallbacks)}</td>` +
        `<td class=n>${s.retries}</td><td class=n>${s.rateLimited}</td><td class=n>${s.failures}</td></tr>`,
    )
    .join('\n');
  const problems = report.problems
    .map((p) => `<tr><td>${escape(p.severity)}</td><td>${escape(p.conversationId ?? '')}</td><td>${escape(p.where ?? '')}</td><td>${escape(p.code)}</td><td>${escape(p.message)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chat-import report</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#f3f3f3}.n{text-align:right}
.bar{display:inline-block;background:#4a7fd4;height:10px;margin-right:4px}
</style></head><body>
<h1>chat-import ${report.dryRun ? 'dry-run ' : ''}report</h1>
<p id="summary">Command: <code>${escape(report.command)}</code> · source ${escape(report.source.kind)} <code>${escape(report.source.path)}</code> ·
started ${escape(report.startedAt)} · duration ${((report.durationMs ?? 0) / 1000).toFixed(1)} s · exit ${escape(report.exitCode ?? '')}${report.interrupted ? ' · interrupted' : ''}</p>
<h2>Totals</h2>
<table id="totals"><tr><th></th><th>messages</th><th>reactions</th><th>attachments</th><th>memberships</th></tr>
<tr><th>planned</th><td class=n>${t.planned.messages}</td><td class=n>${t.planned.reactions}</td><td class=n>${t.planned.attachments}</td><td class=n>${t.planned.memberships}</td></tr>
<tr><th>written</th><td class=n>${t.written.messages}</td><td class=n>${t.written.reactions}</td><td class=n>${t.written.attachments}</td><td class=n>${t.written.memberships}</td></tr></table>
<p>Already present: ${t.alreadyPresent} · resumed: ${t.resumed} · retries: ${t.retries} · 429s: ${t.rateLimited} · failures: ${t.failures} · blocking problems: ${t.blockingProblems}</p>
<h2>Spaces</h2>
<table id="spaces"><tr><th>conversation</th><th>kind</th><th>space</th><th>messages planned</th><th>written</th><th>already there</th><th>reactions</th><th>attachments</th><th>memberships</th><th>skipped</th><th>fallbacks</th><th>retries</th><th>429s</th><th>failures</th></tr>
${rows}
</table>
<h2>Problems (${report.problemsTotal}${report.problemsTotal > report.problems.length ? `, first ${report.problems.length} listed` : ''})</h2>
<table id="problems"><tr><th>severity</th><th>conversation</th><th>where</th><th>code</th><th>message</th></tr>
${problems}
</table>
</body></html>
`;
}

// Writes report.json and the self-contained report.html, readable by the owner only (they name people and spaces).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from '../errors.js';
import { explain } from '../reasons.js';
import { renderReportHtml } from './html.js';
import type { RunReport } from './run-report.js';

export async function writeReport(report: RunReport, dir: string): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  await writeFile(json, redact(JSON.stringify(report, null, 2)) + '\n', { mode: 0o600 });
  await writeFile(html, redact(renderReportHtml(report)), { mode: 0o600 });
  return { json, html };
}

/** The few lines printed at the end of a run. */
export function summaryLines(report: RunReport): string[] {
  const t = report.totals;
  const skipped = Object.values(t.skipped).reduce((a, b) => a + b, 0);
  const fallbacks = Object.entries(t.fallbacks).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `${report.dryRun ? 'Planned (dry run)' : 'Summary'}: ${report.spaces.length} spaces, ${t.planned.messages} messages, ${t.planned.reactions} reactions, ${t.planned.attachments} attachments, ${t.planned.memberships} memberships planned`,
  ];
  if (!report.dryRun) {
    lines.push(`Written: ${t.written.messages} messages, ${t.written.reactions} reactions, ${t.written.attachments} attachments, ${t.written.memberships} memberships; ${t.alreadyPresent} already present, ${t.resumed} resumed from the state file`);
    lines.push(`Retries: ${t.retries} (${t.rateLimited} answered 429); failures: ${t.failures}`);
  }
  lines.push(`Skipped: ${skipped}${skipped ? ` (${Object.entries(t.skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  if (fallbacks) lines.push(`Fallbacks: ${fallbacks}`);
  // Each code once, in the catalogue's words, so the console says what the counts mean without opening the report.
  for (const code of [...new Set([...Object.keys(t.skipped), ...Object.keys(t.fallbacks)])].sort((a, b) => a.localeCompare(b))) lines.push(`  ${code}: ${explain(code)}`);
  if (t.blockingProblems > 0) lines.push(`Blocking problems: ${t.blockingProblems} (Google would reject these writes; see the report)`);
  return lines;
}

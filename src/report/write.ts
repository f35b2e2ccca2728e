// Writes each command's report (JSON and the self-contained HTML), readable by the owner only (they name people and
// spaces). Each command keeps its own files, so a verify never overwrites the import's report:
//   report.json / report.html                    the migration report (import)
//   report-validate.* · report-verify.* · report-complete.*   the other commands (import --dry-run is a validate)
// The contract says every run writes report.json: a command other than import also writes it while the folder holds
// no import's report (`validate --report DIR` leaves DIR/report.json), and never replaces an import's.
// Every HTML report links the others in its folder; writing one refreshes the links of those already there.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from '../errors.js';
import { makeFolder, writeOwnerOnly } from '../owner-only.js';
import { explain } from '../reasons.js';
import { renderReportHtml, type ReportLink } from './html.js';
import { baseFor, commandOf, REPORT_FILES } from './files.js';
import type { RunReport } from './run-report.js';

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

async function readReport(path: string): Promise<RunReport | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunReport;
  } catch {
    return undefined; // absent, or not ours to read: neither linked nor rewritten
  }
}

async function writeHtml(report: RunReport, path: string, base: string, links: readonly ReportLink[]): Promise<void> {
  await writeOwnerOnly(path, redact(renderReportHtml(report, links.map((l) => ({ ...l, current: l.href === `${base}.html` })))), '--report');
}

async function writePair(report: RunReport, dir: string, base: string, links: readonly ReportLink[]): Promise<{ json: string; html: string }> {
  const json = join(dir, `${base}.json`);
  const html = join(dir, `${base}.html`);
  await writeOwnerOnly(json, redact(JSON.stringify(report, null, 2)) + '\n', '--report');
  await writeHtml(report, html, base, links);
  return { json, html };
}

/** Writes this command's report, and report.json too while no import's report is there; returns its own files. */
export async function writeReport(report: RunReport, dir: string): Promise<{ json: string; html: string }> {
  await makeFolder(dir, '--report');
  const own = baseFor(commandOf(report));
  const migration = await readReport(join(dir, 'report.json'));
  // report.json then holds this same report: linked once, under this command's name.
  const alsoMain = own !== 'report' && (!migration || commandOf(migration) !== 'import');
  const siblings = new Map<string, RunReport>();
  for (const { base } of REPORT_FILES) {
    if (base === own || (base === 'report' && alsoMain)) continue;
    const sibling = base === 'report' ? migration : await readReport(join(dir, `${base}.json`));
    if (sibling && (await exists(join(dir, `${base}.html`)))) siblings.set(base, sibling);
  }
  const links: ReportLink[] = REPORT_FILES.filter(({ base }) => base === own || siblings.has(base)).map(({ base, label }) => ({ href: `${base}.html`, label }));
  const files = await writePair(report, dir, own, links);
  if (alsoMain) await writePair(report, dir, 'report', links);
  // The reports already there gain a link to this one.
  for (const [base, sibling] of siblings) await writeHtml(sibling, join(dir, `${base}.html`), base, links);
  return files;
}

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;
const byCode = (record: Record<string, number>): string =>
  Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');
const MAX_NAMES = 5;

/** The conversations that get no space, by name: "a, b, c and 4 more". */
function notCreated(report: RunReport): string | undefined {
  const names = report.spaces.filter((s) => !s.hasSpace && s.conversationId !== '(export)' && (s.skipped.empty_conversation || s.skipped.nothing_to_import)).map((s) => s.name);
  if (names.length === 0) return undefined;
  const shown = names.slice(0, MAX_NAMES).join(', ') + (names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '');
  return `Not created: ${names.length} conversation${names.length === 1 ? '' : 's'} with nothing to import (${shown})`;
}

/** The few lines printed at the end of a run. */
export function summaryLines(report: RunReport): string[] {
  const t = report.totals;
  const skipped = Object.values(t.skipped).reduce((a, b) => a + b, 0);
  const fallbacks = byCode(t.fallbacks);
  const complete = commandOf(report) === 'complete';
  const lines: string[] = [];
  if (!complete) {
    lines.push(`${report.dryRun ? 'Planned (dry run)' : 'Summary'}: ${t.spaces} spaces, ${t.planned.messages} messages, ${t.planned.reactions} reactions, ${t.planned.attachments} attachments, ${t.planned.memberships} history memberships planned`);
    const empty = notCreated(report);
    if (empty) lines.push(empty);
  }
  if (!report.dryRun && !complete) {
    const w = t.writtenThisRun;
    lines.push(`Written: ${t.written.messages} messages, ${t.written.reactions} reactions, ${t.written.attachments} attachments, ${t.written.memberships} history memberships (every run of this state file); ${t.alreadyPresent} already present`);
    lines.push(`This run: ${w.messages} new messages, ${w.reactions} new reactions, ${w.attachments} new attachments, ${w.memberships} new history memberships; ${t.resumed} resumed from the state file`);
    if (t.absentFromExport > 0) lines.push(`In Google Chat but not in this export: ${t.absentFromExport} messages (absent_from_export; left as they are)`);
  }
  // Current members can be added only after completeImport: say who adds them, and when.
  const members = t.planned.currentMembers;
  if (complete || t.written.currentMembers > 0) lines.push(`Current members: ${t.written.currentMembers} of ${members} added`);
  else if (members > 0) lines.push(`Current members: ${members}, added by \`chat-import complete\` (or import --complete) once the import is done`);
  if (!report.dryRun) lines.push(`Retries: ${t.retries} (${t.rateLimited} answered 429); failures: ${t.failures}`);
  lines.push(`Skipped: ${skipped}${skipped ? ` (${byCode(t.skipped)})` : ''}`);
  if (fallbacks) lines.push(`Fallbacks: ${fallbacks}`);
  // Each code once, in the catalogue's words, so the console says what the counts mean without opening the report.
  for (const code of [...new Set([...Object.keys(t.skipped), ...Object.keys(t.fallbacks)])].sort((a, b) => a.localeCompare(b))) lines.push(`  ${code}: ${explain(code)}`);
  const f = report.fileFetch;
  if (f && (f.toFetch > 0 || f.tooLargeTotal > 0 || f.blockedTotal > 0)) {
    const done = report.dryRun ? '' : `; ${f.fetched ?? 0} downloaded (${megabytes(f.fetchedBytes ?? 0)})`;
    lines.push(`Linked files: ${f.toFetch} to fetch from Slack (${megabytes(f.toFetchBytes)})${done}; ${f.tooLargeTotal} too large, ${f.blockedTotal} blocked type (${f.viaDrive ? 'to Google Drive, linked' : 'posted as a line'})`);
  }
  if (t.blockingProblems > 0) lines.push(`Blocking problems: ${t.blockingProblems} (Google would reject these writes; see the report)`);
  return lines;
}

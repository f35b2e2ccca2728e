// A run that finds nothing to import must not end "0 messages, exit 0": the operator most likely pointed at the
// wrong folder, forced the wrong --from, or typed a channel name wrong. These say what was found instead.
import type { SourceExport } from '../model.js';
import type { RunReport } from '../report/run-report.js';
import { skipText } from '../source.js';

/** True when the plan holds no write at all (no message, reaction or membership). */
export function plannedNothing(report: RunReport): boolean {
  const p = report.totals.planned;
  return p.messages + p.reactions + p.memberships + p.attachments === 0;
}

/** "found nothing to import in X: …" with what the reader did find: conversations, and the first table problems. */
export function nothingFoundMessage(path: string, kind: string, source: SourceExport, report: RunReport): string {
  const found = source.conversations.length === 0 ? 'no conversations' : `${source.conversations.length} conversations, none with a message to import`;
  const skipped = Object.entries(report.totals.skipped).map(([code, n]) => `${code} ${n}`).join(', ');
  const hints = source.tableSkips.slice(0, 3).map(skipText);
  return [`found nothing to import in ${path} (read as a ${kind} export): ${found}${skipped ? `; skipped: ${skipped}` : ''}.`, ...hints].join('\n  ');
}

// The problems of a run on stderr, one line per code: how many, the first few places (file and record) and what the
// code means, so the operator sees where to look without opening the report. Files skipped as a whole are named
// as they happen (ReportBuilder.onFileSkip); these lines are the rest, printed once at the end.
import { NOTHING, reasonFor } from '../reasons.js';
import type { LocatedProblems, RunReport } from './run-report.js';

export interface ProblemLine {
  /** warn, or info for codes that mark what is expected (a channel topic change is not a message). */
  readonly level: 'warn' | 'info';
  readonly text: string;
}

/** `bad_record ×4 — a.json record 2, b.json record 7, c.json record 1, … (+1 more; see report.html) — meaning` */
export function problemLines(located: readonly LocatedProblems[], reportName: string): ProblemLine[] {
  return located.map(({ code, count, where }) => {
    // More problems than places listed: the rest (other places, or more problems in the same ones) are in the report.
    const more = count - where.length;
    const places = more > 0 ? `${where.join(', ')}, … (+${more} more; see ${reportName})` : where.join(', ');
    const reason = reasonFor(code);
    return { level: reason?.action === NOTHING ? 'info' : 'warn', text: `${code} ×${count} — ${places} — ${reason?.meaning ?? 'not in this version’s catalogue: see docs/reasons.md.'}` };
  });
}

/** The spaces that could not be created or read, one line each with what to do: nothing of them was written. */
export function spaceFailureLines(report: RunReport): string[] {
  return report.spaces.flatMap(({ name, unavailable }) =>
    unavailable ? [`${name}: not imported — ${unavailable.message} (${unavailable.code}) — ${reasonFor(unavailable.code)?.action ?? 'see docs/reasons.md.'}`] : [],
  );
}

// How long something took or will take, in one short form for every place that shows it to a person: the progress
// lines (elapsed, ETA; they must fit 80 columns), `status` and the reports. One form, so the ETA on the terminal and
// the duration in report.html read alike.

const pad = (n: number): string => String(n).padStart(2, '0');

/** "0s", "<1s", "45s", "4m05s", "2h03m", "3d04h": two units at most, the second zero-padded. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 500) return '<1s'; // a short validate took something, not nothing
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${pad(Math.floor((s % 86_400) / 3600))}h`;
}

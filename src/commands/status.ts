// `chat-import status`: per space, from the state file alone (no network): done/total, state, import deadline.
import { Checkpoint } from '../checkpoint/state.js';
import { UsageError } from '../errors.js';
import { importDeadline } from '../post/complete.js';

export interface StatusRow {
  readonly conversation: string;
  readonly space: string;
  readonly done: number;
  readonly total?: number;
  readonly state: string;
  readonly failed: number;
  readonly deadline?: string;
}

export async function statusRows(statePath: string): Promise<StatusRow[]> {
  const state = await Checkpoint.read(statePath);
  if (!state) throw new UsageError(`No state file at ${statePath}: run an import first, or pass --state.`);
  const planned = state.planned ?? {};
  // The total counted before the run, while no run has walked the space to the end (under the same filters).
  const counted = (id: string, planKey: string): number | undefined => (planned[id]?.planKey === planKey ? planned[id]?.total : undefined);
  const started = Object.entries(state.spaces).map(([id, s]): StatusRow => {
    const deadline = s.state === 'completed' ? undefined : importDeadline(s);
    const total = s.total ?? counted(id, s.planKey);
    return {
      conversation: s.conversationName,
      space: s.space ?? '—',
      done: s.done,
      ...(total !== undefined ? { total } : {}),
      state: s.state,
      failed: s.failed,
      ...(deadline ? { deadline } : {}),
    };
  });
  // Counted but not started yet (an interrupted run): listed as pending, so the totals match the progress.
  const pending = Object.entries(planned).filter(([id, p]) => !state.spaces[id] && p.total > 0).map(([, p]): StatusRow => ({ conversation: p.conversationName, space: '—', done: 0, total: p.total, state: 'pending', failed: 0 }));
  return [...started, ...pending];
}

export function formatStatus(rows: readonly StatusRow[]): string[] {
  const header = ['conversation', 'space', 'done/total', 'state', 'failed', 'import-mode deadline'];
  const body = rows.map((r) => [r.conversation, r.space, `${r.done}/${r.total ?? '?'}`, r.state, String(r.failed), r.deadline ?? '—']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(header), ...body.map(line), totalLine(rows)];
}

/** The migration in one line, as the progress shows it: writes done of planned (when every total is known), spaces. */
export function totalLine(rows: readonly StatusRow[]): string {
  const done = rows.reduce((n, r) => n + r.done, 0);
  const known = rows.every((r) => r.total !== undefined);
  const total = rows.reduce((n, r) => n + (r.total ?? 0), 0);
  const writes = known && total > 0 ? `${done}/${total} writes (${Math.floor((done / total) * 100)}%)` : `${done} writes${known ? '' : ' (total known once each space has been walked)'}`;
  const finished = rows.filter((r) => r.state === 'imported' || r.state === 'completed').length;
  const completed = rows.filter((r) => r.state === 'completed').length;
  const failed = rows.reduce((n, r) => n + r.failed, 0);
  return `all: ${writes}; ${finished}/${rows.length} spaces imported, ${completed} completed; ${failed} failed writes`;
}

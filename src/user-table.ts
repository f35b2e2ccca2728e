// An export whose user table is missing or unreadable (issue 18). Without it authors have no Workspace email, so
// their messages would be posted by the admin with an attribution line: a run that "works" and is wrong throughout.
// validate reports it as a blocking problem and import stops before any write, unless --users maps the authors or
// the operator accepts the admin fallback with --allow-admin-fallback.
import type { SourceSelection } from './config.js';
import type { SourceExport } from './model.js';

/** The message to block on, or undefined when the table was read or the operator has answered for it. */
export function userTableBlock(source: Pick<SourceExport, 'userTableProblem'>, selection: Pick<SourceSelection, 'usersFile' | 'allowAdminFallback'>): string | undefined {
  if (source.userTableProblem === undefined || selection.usersFile !== undefined || selection.allowAdminFallback) return undefined;
  return `The export's user table cannot be used (${source.userTableProblem}): without it authors have no Workspace email, so their messages would be posted by the admin with an attribution line. Pass --users FILE mapping the authors to Workspace emails, or --allow-admin-fallback to import that way.`;
}

/** The warning when the operator accepted the fallback (said once per run). */
export function userTableWarning(source: Pick<SourceExport, 'userTableProblem'>, selection: Pick<SourceSelection, 'usersFile' | 'allowAdminFallback'>): string | undefined {
  if (source.userTableProblem === undefined || selection.usersFile !== undefined || !selection.allowAdminFallback) return undefined;
  return `The export's user table cannot be used (${source.userTableProblem}); --allow-admin-fallback: authors without an email are posted by the admin with an attribution line.`;
}

// Opening a source: build the source options once (--users and --domain resolved here, CSV settings, files), detect
// the kind (or take --from), and hand the mapper those options.
import { stat } from 'node:fs/promises';
import { InputError, UsageError } from './errors.js';
import { firstOf } from './listing.js';
import type { SourceSelection } from './config.js';
import type { OpenOptions, Skip, SourceExport } from './model.js';
import { emailResolver } from './people.js';
import { EXPECTED_LAYOUT, layoutHint, loadUserMapFile, MAPPERS, openSourceInput } from '../mappers/index.js';

export async function openSource(selection: SourceSelection, now: () => number, openLinked?: OpenOptions['openLinked']): Promise<SourceExport> {
  try {
    await stat(selection.source);
  } catch {
    throw new UsageError(`Cannot read the source ${selection.source}: no such file or folder.`);
  }
  // A damaged zip is reported as such (exit 2), not as "not an export": detection only answers yes or no.
  const input = await openSourceInput(selection.source);
  try {
    const opened = await detectAndOpen(selection, { ...(await openOptions(selection, now, openLinked)), ...(input.tree ? { tree: input.tree } : {}) });
    // The export closes the tree it read; the input closes it too, for a kind that never asked for it.
    return { ...opened, close: () => opened.close().finally(() => input.close()) };
  } catch (error) {
    await input.close();
    throw error;
  }
}

async function detectAndOpen(selection: SourceSelection, options: OpenOptions): Promise<SourceExport> {
  const mapper = selection.from ? MAPPERS.find((m) => m.kind === selection.from) : await detect(selection.source, options);
  if (!mapper) {
    if (selection.from) throw new UsageError(`--from ${selection.from} is not a known source kind (known: ${MAPPERS.map((m) => m.kind).join(', ')}).`);
    const names = options.tree ? [...(await options.tree()).entries.keys()].sort() : [];
    const hint = layoutHint(names);
    // Without a hint, what the folder or zip holds: often enough to see the table that is missing.
    const holds = names.length > 0 ? ` It holds ${firstOf(names, 5)}.` : '';
    throw new UsageError(`${selection.source} is not an export chat-import recognizes (tried: ${MAPPERS.map((m) => m.kind).join(', ')}). ${hint ? `${hint[0]?.toUpperCase()}${hint.slice(1)}.` : `Use --from to say what it is.${holds}`}`);
  }
  let opened: SourceExport;
  try {
    opened = await mapper.open(selection.source, options);
  } catch (error) {
    throw asInputProblem(error, selection, mapper.kind);
  }
  if (selection.from && opened.conversations.length === 0) {
    // A forced kind that finds no conversation at all read the wrong thing: say so, not "0 messages".
    await opened.close();
    const why = opened.tableSkips.slice(0, 2).map(skipText);
    throw new UsageError(`${selection.source} is not a ${mapper.kind} export: expected ${EXPECTED_LAYOUT[mapper.kind] ?? mapper.kind}; no conversation was found${why.length > 0 ? ` (${why.join('; ')})` : ''}.`);
  }
  return opened;
}

/**
 * An export that cannot be opened is the input's fault, not ours, when the mapper says so (InputError), the file
 * system does (EACCES, EISDIR…), or the operator forced a kind with --from that the input is not: exit 2, naming
 * the input and what was expected. Anything else from a detected kind is a bug and is rethrown as is.
 */
function asInputProblem(error: unknown, selection: SourceSelection, kind: string): unknown {
  const cause = error instanceof Error ? error.message : String(error);
  if (selection.from) return new UsageError(`${selection.source} is not a ${kind} export: expected ${EXPECTED_LAYOUT[kind] ?? kind} (${cause}).`);
  if (error instanceof InputError || (error as NodeJS.ErrnoException | undefined)?.syscall) return new UsageError(`Cannot read ${selection.source} as a ${kind} export: ${cause}.`);
  return error;
}

/** What --users takes, said with every problem in the file. */
export const USERS_FORMAT = 'Expected a user mapping: a CSV of two columns (source user, Google email), Slack\'s member-list CSV as is, or JSON {"source user": "email"}.';

/** The file's problem in the tool's words: not the reader's ENOENT or the CSV parser's "Invalid Closing Quote". */
export function userMapProblem(error: unknown): string {
  const { code, message, lines } = error as { code?: string; message?: string; lines?: number };
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  // csv-parse's codes: CSV_* and INVALID_OPENING_QUOTE.
  if (typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE')) return `not a CSV user mapping (line ${lines ?? '?'}: ${csvProblem(code)})`;
  if (typeof code === 'string' && code.startsWith('E')) return `cannot be read (${code})`;
  return message ?? String(error);
}

function csvProblem(code: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quote is not closed';
  if (code.includes('QUOTE')) return 'a misplaced quote';
  if (code.includes('INCONSISTENT')) return 'not the same number of columns as the lines before';
  return 'cannot be read as CSV';
}

/** The one options object every mapper gets, for detection and reading alike. */
async function openOptions(selection: SourceSelection, now: () => number, openLinked: OpenOptions['openLinked']): Promise<OpenOptions> {
  let userMap: Map<string, string> | undefined;
  if (selection.usersFile) {
    try {
      userMap = await loadUserMapFile(selection.usersFile);
    } catch (error) {
      throw new UsageError(`--users ${selection.usersFile}: ${userMapProblem(error)}. ${USERS_FORMAT}`);
    }
  }
  return {
    now,
    emailOf: emailResolver({ ...(userMap ? { userMap } : {}), ...(selection.domain ? { domain: selection.domain } : {}) }),
    ...(selection.csv ? { csv: selection.csv } : {}),
    ...(selection.filesDir ? { filesDir: selection.filesDir } : {}),
    ...(selection.timeZone ? { timeZone: selection.timeZone } : {}),
    ...(openLinked ? { openLinked } : {}),
  };
}

async function detect(path: string, options: OpenOptions) {
  for (const mapper of MAPPERS) {
    if (await mapper.detect(path, options).catch(() => false)) return mapper;
  }
  return undefined;
}

/** A table problem in one line: "file line N: reason" (the file only when the reason does not start with it). */
export function skipText(skip: Skip): string {
  const file = skip.origin?.file;
  const where = file && !skip.reason.startsWith(file) ? `${file}${skip.origin?.record ? ` record ${skip.origin.record}` : ''}: ` : '';
  return `${where}${skip.reason}`;
}

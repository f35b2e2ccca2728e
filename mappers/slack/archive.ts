// A Slack export as a set of named entries, whether it is a .zip or an unzipped folder, so the reader has one code
// path. Reading is the shared source tree's (one zip reader for every source, hardened against hostile zips);
// this view strips the export's top folder, so names are POSIX paths relative to the export root.
import type { OpenOptions, Skip } from '../../src/model.js';
import { readEntryText, treeOf } from '../shared/source-tree.js';
import type { DecodedText } from '../shared/utf8.js';

export interface ExportArchive {
  /** Entry name → uncompressed size in bytes. Directories are not listed. */
  readonly entries: ReadonlyMap<string, number>;
  /** Entries never read (unsafe names, zip bombs, links…), each with its reason. */
  readonly skipped: readonly Skip[];
  /** The whole entry as text, decoded as UTF-8 with invalid sequences counted (tables, day files). */
  readText(name: string): Promise<DecodedText>;
  /** The entry's bytes as a stream (file uploads). */
  openStream(name: string): Promise<NodeJS.ReadableStream>;
  close(): Promise<void>;
}

export const TABLE_FILES = ['users.json', 'org_users.json', 'channels.json', 'groups.json', 'dms.json', 'mpims.json'];

export async function openExportArchive(path: string, options: Pick<OpenOptions, 'tree'> = {}): Promise<ExportArchive> {
  const tree = await treeOf(path, options);
  const root = findRoot(tree.entries.keys()) ?? '';
  // The tree's own index when the export is at the top (the usual case): a long export lists tens of thousands of
  // day files, and a second map of them would be held for the whole run.
  let entries = tree.entries;
  if (root !== '') {
    const inRoot = new Map<string, number>();
    for (const [name, size] of tree.entries) if (name.startsWith(root)) inRoot.set(name.slice(root.length), size);
    entries = inRoot;
  }
  return {
    entries,
    skipped: tree.skipped,
    readText: (name) => readEntryText(tree, root + name),
    openStream: (name) => tree.open(root + name),
    close: () => tree.close(),
  };
}

/**
 * The folder the export lives in: '' when a table file is at the top, else `top/` when the tables sit in one
 * top folder (zips made by right-click → Compress on a folder). Undefined when no table file is found.
 */
export function findRoot(names: Iterable<string>): string | undefined {
  const roots = new Set<string>();
  for (const name of names) {
    const slash = name.indexOf('/');
    const base = slash === -1 ? name : name.slice(slash + 1);
    if (!TABLE_FILES.includes(base)) continue;
    if (slash === -1) return '';
    roots.add(name.slice(0, slash + 1));
  }
  return roots.size === 1 ? [...roots][0] : undefined;
}

/** `random/2017-06-25.json` → ['random', '2017-06-25']. Day files are exactly one folder deep. */
export function dayFile(name: string): { folder: string; day: string } | undefined {
  const match = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
  return match?.[1] && match[2] ? { folder: match[1], day: match[2] } : undefined;
}

/**
 * A day as the number YYYYMMDD ('2017-06-25' → 20170625), which sorts as the dates do. The reader keeps one per
 * day file instead of its name: a long export has tens of thousands of them.
 */
export function dayNumber(day: string): number {
  return Number(day.replaceAll('-', ''));
}

/** The day file's name, rebuilt exactly from its folder and day number (day names are always YYYY-MM-DD digits). */
export function dayFileName(folder: string, day: number): string {
  const digits = String(day).padStart(8, '0');
  return `${folder}/${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}.json`;
}

/** True when the names look like a Slack export: a conversation table, or users.json plus day files. */
export function looksLikeSlack(names: readonly string[]): boolean {
  const root = findRoot(names);
  if (root === undefined) return false;
  const inRoot = names.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length));
  const hasTable = (t: string): boolean => inRoot.includes(t);
  if (['channels.json', 'groups.json', 'dms.json', 'mpims.json'].some(hasTable)) return true;
  return hasTable('users.json') && inRoot.some((n) => dayFile(n) !== undefined);
}

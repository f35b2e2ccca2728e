// An export as a set of named entries, whether it is a .zip or an unzipped folder, so the reader has one code
// path. Entry names are POSIX paths relative to the export root (a zip's single top folder is stripped).
import { Buffer } from 'node:buffer';

export interface ExportArchive {
  /** Entry name → uncompressed size in bytes. Directories are not listed. */
  readonly entries: ReadonlyMap<string, number>;
  /** The whole entry as UTF-8 text (only ever a table or one day file). */
  readText(name: string): Promise<string>;
  /** The entry's bytes as a stream (file uploads). */
  openStream(name: string): Promise<NodeJS.ReadableStream>;
  close(): Promise<void>;
}

export const TABLE_FILES = ['users.json', 'org_users.json', 'channels.json', 'groups.json', 'dms.json', 'mpims.json'];

/** Names no export tool writes on purpose: macOS zip resource forks and Finder metadata. */
export function isJunk(name: string): boolean {
  return name.startsWith('__MACOSX/') || name === '.DS_Store' || name.endsWith('/.DS_Store');
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

/** True when the names look like a Slack export: a conversation table, or users.json plus day files. */
export function looksLikeSlack(names: readonly string[]): boolean {
  const root = findRoot(names);
  if (root === undefined) return false;
  const inRoot = names.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length));
  const hasTable = (t: string): boolean => inRoot.includes(t);
  if (['channels.json', 'groups.json', 'dms.json', 'mpims.json'].some(hasTable)) return true;
  return hasTable('users.json') && inRoot.some((n) => dayFile(n) !== undefined);
}

export async function streamToText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

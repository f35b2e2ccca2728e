// A zip file or a folder seen the same way: a list of '/'-separated file names and a way to stream any of them.
// Exports arrive both ways (the zip as downloaded, or unzipped by the user), and the mappers should not care.
// Reading is hardened in zip-tree.ts and folder-tree.ts: nothing outside the export is ever read, and entries
// that cannot be read safely are listed in `skipped` with a reason.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import type { OpenOptions } from '../../src/model.js';
import { openFolderTree } from './folder-tree.js';
import type { SourceTree } from './tree-types.js';
import { decodeUtf8, type DecodedText } from './utf8.js';
import { formatBytes, type ZipLimits } from './zip-limits.js';
import { openZipTree } from './zip-tree.js';

export type { SourceTree } from './tree-types.js';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits.js';

export interface TreeOptions {
  /** Zip-bomb limits; the defaults suit real exports (tests pass smaller ones). */
  readonly limits?: ZipLimits;
}

/** True when `path` names a file whose name ends in `.zip` (case-insensitive). */
export function isZipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.zip');
}

/** Opens a folder, or a zip (by extension). Throws when the path is neither; a DamagedZipError for a broken zip. */
export async function openSourceTree(path: string, options: TreeOptions = {}): Promise<SourceTree> {
  const info = await stat(path);
  if (info.isDirectory()) return openFolderTree(path);
  if (!isZipPath(path)) throw new InputError(`${path}: not a folder or a .zip file`);
  return openZipTree(path, options.limits);
}

/**
 * The tree of `path` for a mapper's `open`: the run's (`options.tree`, listed once by the core, see
 * source-input.ts) when given, else one opened here. Either way the opened export closes it.
 */
export function treeOf(path: string, options: Pick<OpenOptions, 'tree'>): Promise<SourceTree> {
  return options.tree ? options.tree() : openSourceTree(path);
}

/**
 * Runs a detector's look at the tree of `path`: the run's when given (left open for the mapper that will read
 * it), else one opened and closed here.
 */
export async function withTree<T>(path: string, options: Pick<OpenOptions, 'tree'>, look: (tree: SourceTree) => Promise<T>): Promise<T> {
  if (options.tree) return look(await options.tree());
  const tree = await openSourceTree(path);
  try {
    return await look(tree);
  } finally {
    await tree.close();
  }
}

/**
 * V8 cannot hold a string much longer than 2^29 characters, so a file past 512 MiB could not be parsed as one
 * JSON text anyway; refusing it up front keeps one oversized file from exhausting memory.
 */
export const MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024;

/** An entry's bytes, whole (tables, one day file). Throws, naming the entry, past `maxBytes`. */
export async function readEntry(tree: SourceTree, name: string, maxBytes = MAX_IN_MEMORY_BYTES): Promise<Buffer> {
  const size = tree.entries.get(name);
  if (size === undefined) throw new Error(`${name}: not in the export`);
  const tooLarge = (bytes: number): Error => tooLargeError(name, bytes, maxBytes);
  if (size > maxBytes) throw tooLarge(size);
  if (tree.readWholeSync) {
    const bytes = tree.readWholeSync(name);
    if (bytes.length > maxBytes) throw tooLarge(bytes.length); // the file grew after it was listed
    return bytes;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // Counted as read too: a folder's file can grow after it was listed.
  for await (const chunk of await tree.open(name)) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw tooLarge(total);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

function tooLargeError(name: string, bytes: number, maxBytes: number): Error {
  return new Error(`${name} holds ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} read into memory at once`);
}

/**
 * An entry's text, decoded as UTF-8 (invalid sequences read as U+FFFD and counted). From a folder, the bytes are
 * read into a buffer reused from one call to the next (see folder-tree.ts): they are decoded here, before
 * anything else can read, and never leave this function.
 */
export async function readEntryText(tree: SourceTree, name: string, maxBytes = MAX_IN_MEMORY_BYTES): Promise<DecodedText> {
  const size = tree.entries.get(name);
  if (size !== undefined && size <= maxBytes && tree.readWholeSync) {
    // Read and decoded in one synchronous step: the next read reuses the buffer, and a caller may start it before
    // awaiting this one.
    const bytes = tree.readWholeSync(name, true);
    if (bytes.length > maxBytes) throw tooLargeError(name, bytes.length, maxBytes);
    return decodeUtf8(bytes);
  }
  return decodeUtf8(await readEntry(tree, name, maxBytes));
}

/**
 * Names near the top of a zip or folder, for cheap source detection: a zip's files (from the run's listing when
 * `options.tree` is given), or a folder's entries down to `depth` levels (folders end with '/'), walked here so
 * that a folder named by mistake (a home folder) is not listed whole just to answer "not an export". Undefined
 * when the path is neither or unreadable.
 */
export async function peekNames(path: string, depth = 2, options: Pick<OpenOptions, 'tree'> = {}): Promise<string[] | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile() && isZipPath(path)) return await withTree(path, options, async (tree) => [...tree.entries.keys()]);
    if (!info.isDirectory()) return undefined;
    const names: string[] = [];
    const walk = async (dir: string, prefix: string, level: number): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const name = prefix + entry.name;
        if (entry.isDirectory()) {
          names.push(`${name}/`);
          if (level < depth) await walk(join(dir, entry.name), `${name}/`, level + 1);
        } else names.push(name);
      }
    };
    await walk(path, '', 1);
    return names;
  } catch {
    return undefined;
  }
}

/**
 * The folder prefix ('' or 'wrapper/') under which `marker` names a file: at the root, or inside one wrapping
 * folder (zipping a folder usually adds one). Case-insensitive; undefined when absent.
 */
export function findPrefix(names: readonly string[], marker: string): string | undefined {
  const lower = marker.toLowerCase();
  let best: string | undefined;
  for (const name of names) {
    const n = name.toLowerCase();
    if (n === lower) return '';
    const parts = n.split('/');
    if (parts.length === lower.split('/').length + 1 && n.endsWith(`/${lower}`) && parts[0] !== '__macosx') {
      best ??= name.slice(0, name.length - marker.length);
    }
  }
  return best;
}

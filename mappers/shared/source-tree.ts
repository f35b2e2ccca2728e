// A zip file or a folder seen the same way: a list of '/'-separated file names and a way to stream any of them.
// Exports arrive both ways (the zip as downloaded, or unzipped by the user), and the mappers should not care.
// Zips are read with yauzl from the central directory, so listing is cheap and entries stream on demand.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface TreeEntry {
  readonly name: string;
  readonly size: number;
}

export interface SourceTree {
  /** The path that was opened. */
  readonly path: string;
  readonly isZip: boolean;
  /** Every file, '/'-separated and relative to the root; folders and macOS `__MACOSX/` noise left out. */
  readonly entries: ReadonlyMap<string, TreeEntry>;
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

/** True when `path` names a file whose name ends in `.zip` (case-insensitive). */
export function isZipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.zip');
}

function keep(name: string): boolean {
  return !name.endsWith('/') && !name.startsWith('__MACOSX/') && !name.split('/').some((p) => p === '.DS_Store');
}

/** Opens a zip (by extension) or a folder. Throws when the path is neither. */
export async function openSourceTree(path: string): Promise<SourceTree> {
  if (isZipPath(path)) return openZipTree(path);
  const info = await stat(path);
  if (!info.isDirectory()) throw new Error(`${path}: not a folder or a .zip file`);
  return openFolderTree(path);
}

async function openZipTree(path: string): Promise<SourceTree> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const raw = new Map<string, yauzl.Entry>();
  const entries = new Map<string, TreeEntry>();
  for await (const entry of zip.eachEntry()) {
    const name = String(entry.fileName);
    if (!keep(name)) continue;
    raw.set(name, entry);
    entries.set(name, { name, size: entry.uncompressedSize });
  }
  return {
    path,
    isZip: true,
    entries,
    async open(name) {
      const entry = raw.get(name);
      if (!entry) throw new Error(`${path}: no entry ${name}`);
      return zip.openReadStreamPromise(entry);
    },
    async close() {
      zip.close();
    },
  };
}

async function openFolderTree(root: string): Promise<SourceTree> {
  const entries = new Map<string, TreeEntry>();
  const files = await readdir(root, { recursive: true, withFileTypes: true });
  for (const file of files) {
    if (!file.isFile()) continue;
    const full = join(file.parentPath, file.name);
    const name = full.slice(root.length).split(sep).filter(Boolean).join('/');
    if (!keep(name)) continue;
    entries.set(name, { name, size: (await stat(full)).size });
  }
  return {
    path: root,
    isZip: false,
    entries,
    async open(name) {
      if (!entries.has(name)) throw new Error(`${root}: no file ${name}`);
      return createReadStream(join(root, ...name.split('/')));
    },
    async close() {},
  };
}

/**
 * Names near the top of a zip or folder, for cheap source detection: a zip's central directory, or a folder's
 * entries down to `depth` levels (folders end with '/'). Undefined when the path is neither or unreadable.
 */
export async function peekNames(path: string, depth = 2): Promise<string[] | undefined> {
  try {
    if (isZipPath(path)) {
      const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
      try {
        const names: string[] = [];
        for await (const entry of zip.eachEntry()) names.push(String(entry.fileName));
        return names;
      } finally {
        zip.close();
      }
    }
    const info = await stat(path);
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

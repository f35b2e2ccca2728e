// An unzipped Slack export folder behind the same interface as a zip.
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findRoot, isJunk, type ExportArchive } from './archive.js';

/** Every file under `dir` as a POSIX path relative to it, with its size. */
async function walk(dir: string, prefix = '', out = new Map<string, number>()): Promise<Map<string, number>> {
  const items = await readdir(dir, { withFileTypes: true });
  items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const item of items) {
    const name = `${prefix}${item.name}`;
    const full = join(dir, item.name);
    if (item.isDirectory()) await walk(full, `${name}/`, out);
    else if (item.isFile() && !isJunk(name)) out.set(name, (await stat(full)).size);
  }
  return out;
}

/** The names detection needs: the top level, and one level down (a single top folder, day files). */
export async function listFolderShallow(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    if (item.isFile()) names.push(item.name);
    if (!item.isDirectory() || isJunk(`${item.name}/`)) continue;
    for (const inner of await readdir(join(dir, item.name), { withFileTypes: true })) {
      if (inner.isFile()) names.push(`${item.name}/${inner.name}`);
    }
  }
  return names;
}

export async function openFolderArchive(dir: string): Promise<ExportArchive> {
  const top = await listFolderShallow(dir);
  const root = findRoot(top) ?? '';
  const base = root === '' ? dir : join(dir, root);
  const entries = await walk(base);
  const pathOf = (name: string): string => {
    if (!entries.has(name)) throw new Error(`${name} is not in the export folder`);
    return join(base, ...name.split('/'));
  };
  return {
    entries,
    readText: async (name) => readFile(pathOf(name), 'utf8'),
    openStream: async (name) => createReadStream(pathOf(name)),
    close: async () => undefined,
  };
}

// An unzipped export folder behind the same interface as a zip. Only regular files are listed: a symbolic link
// could point anywhere on the machine, and a FIFO or device would block or never end, so they are skipped with a
// reason instead of followed.
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Skip } from '../../src/model.js';
import { isNoise, type SourceTree, type TreeEntry } from './tree-types.js';

export async function openFolderTree(root: string): Promise<SourceTree> {
  const found: TreeEntry[] = [];
  const skipped: Skip[] = [];
  for (const item of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (item.isDirectory()) continue;
    const full = join(item.parentPath, item.name);
    const name = relative(root, full).split(sep).join('/');
    if (isNoise(name)) continue;
    if (!item.isFile()) {
      skipped.push({ code: 'not_a_file', reason: `${name}: a symbolic link or special file, not a regular file; not read`, origin: { file: name } });
      continue;
    }
    found.push({ name, size: (await stat(full)).size });
  }
  // Sorted, so every run sees the same order whatever the file system returns.
  found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  skipped.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const entries = new Map(found.map((entry) => [entry.name, entry]));
  return {
    path: root,
    isZip: false,
    entries,
    skipped,
    async open(name) {
      if (!entries.has(name)) throw new Error(`${root}: no file ${name}`);
      return createReadStream(join(root, ...name.split('/')));
    },
    readWholeSync(name) {
      if (!entries.has(name)) throw new Error(`${root}: no file ${name}`);
      return readFileSync(join(root, ...name.split('/')));
    },
    async close() {},
  };
}

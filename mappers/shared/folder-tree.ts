// An unzipped export folder behind the same interface as a zip. Only regular files are listed: a symbolic link
// could point anywhere on the machine, and a FIFO or device would block or never end, so they are skipped with a
// reason instead of followed.
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Skip } from '../../src/model.js';
import { REUSED_BUFFER_MAX_BYTES, reusedBufferSize } from './reused-buffer.js';
import { folderNamedLikeFile, isNoise, type SourceTree } from './tree-types.js';

export async function openFolderTree(root: string): Promise<SourceTree> {
  const found: [name: string, size: number][] = [];
  const skipped: Skip[] = [];
  for (const item of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = join(item.parentPath, item.name);
    const name = relative(root, full).split(sep).join('/');
    if (isNoise(name)) continue;
    if (item.isDirectory()) {
      const misplaced = folderNamedLikeFile(name);
      if (misplaced) skipped.push(misplaced);
      continue;
    }
    if (!item.isFile()) {
      skipped.push({ code: 'not_a_file', reason: `${name}: a symbolic link or special file, not a regular file; not read`, origin: { file: name } });
      continue;
    }
    // Synchronous: an export can hold a hundred thousand day files, and awaiting each stat costs an event-loop
    // round trip and a promise apiece, for a call that takes microseconds.
    found.push([name, statSync(full).size]);
  }
  // Sorted, so every run sees the same order whatever the file system returns.
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  skipped.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const entries: ReadonlyMap<string, number> = new Map(found);
  let scratch: Buffer | undefined;
  return {
    path: root,
    isZip: false,
    entries,
    skipped,
    async open(name) {
      if (!entries.has(name)) throw new Error(`${root}: no file ${name}`);
      return createReadStream(join(root, ...name.split('/')));
    },
    readWholeSync(name, reuse = false) {
      if (!entries.has(name)) throw new Error(`${root}: no file ${name}`);
      const path = join(root, ...name.split('/'));
      if (!reuse) return readFileSync(path);
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        if (size > REUSED_BUFFER_MAX_BYTES) return readFileSync(fd);
        // One byte more than the file, to see the end of a file that grew since it was listed.
        if (!scratch || scratch.length < size + 1) scratch = Buffer.allocUnsafeSlow(reusedBufferSize(size + 1) + 1);
        // Read until end of file, not just `size` bytes: the file may have grown since it was listed.
        let length = 0;
        for (;;) {
          if (length === scratch.length) return Buffer.concat([scratch, readFileSync(fd)]);
          const read = readSync(fd, scratch, length, scratch.length - length, null);
          if (read === 0) return scratch.subarray(0, length);
          length += read;
        }
      } finally {
        closeSync(fd);
      }
    },
    async close() {},
  };
}

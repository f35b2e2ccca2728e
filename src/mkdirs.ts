// `mkdir -p` without Node's own recursive mode: on Node 20, mkdir(path, { recursive: true }) spins at 100 % CPU
// forever where the kernel answers ENOENT under a folder that exists (measured: `--state /proc/x/state.json` never
// returned). Each missing folder is made on its own, so that answer becomes an error naming the path.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const isFolder = (path: string): Promise<boolean> => stat(path).then((info) => info.isDirectory(), () => false);

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** Makes `path` and the folders above it that are missing; throws the file system's error (EEXIST for a file there). */
export async function mkdirs(path: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = resolve(path); ; ) {
    const exists = await stat(folder).then(
      () => true,
      (error: unknown) => {
        if (errnoOf(error) === 'ENOENT') return false;
        throw error;
      },
    );
    if (exists) break;
    missing.push(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch(async (error: unknown) => {
      // made meanwhile by another process: fine if it is a folder
      if (!(errnoOf(error) === 'EEXIST' && (await isFolder(folder)))) throw error;
    });
  }
  if (!(await isFolder(path))) throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), { code: 'EEXIST', errno: -17, syscall: 'mkdir', path });
}

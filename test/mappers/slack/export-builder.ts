// Writes small exports for tests, byte for byte as given (so a test can also write broken JSON): as a folder, or
// as a stored (uncompressed) .zip built by test/helpers/zip.ts, since the project only depends on a zip *reader*.
import { Buffer } from 'node:buffer';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildZip } from '../../helpers/zip.js';

/** Entry name (POSIX path) → content; objects and arrays are written as JSON. */
export type Tree = Record<string, string | Buffer | object>;

const created: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs()` (call it from the test file's afterAll). */
export async function tempDir(prefix = 'slack-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

function bytes(content: string | Buffer | object): Buffer {
  if (Buffer.isBuffer(content)) return content;
  return Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
}

export async function writeTree(tree: Tree, dir?: string): Promise<string> {
  const root = dir ?? (await tempDir());
  for (const [name, content] of Object.entries(tree)) {
    const path = join(root, ...name.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes(content));
  }
  return root;
}

export async function writeZip(tree: Tree): Promise<string> {
  const zip = buildZip(Object.entries(tree).map(([name, content]) => ({ name, data: bytes(content) })));
  const path = join(await tempDir('slack-zip-'), 'export.zip');
  await writeFile(path, zip);
  return path;
}

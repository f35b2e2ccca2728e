// The export the core names on the command line, opened once per run. A zip's central directory is read here,
// once: a damaged zip fails now (exit 2, before detection, which only answers yes or no), and detection and the
// mapper then share that one listing (`OpenOptions.tree`) instead of reading it again each.
import { stat } from 'node:fs/promises';
import { isZipPath, openSourceTree, type SourceTree } from './source-tree.js';

export interface SourceInput {
  /**
   * The zip's or folder's tree, the same one on every call: a zip's is listed when the input is opened, a
   * folder's on the first call. Absent for a single file (a CSV, a Telegram result.json, a JSON Lines file).
   */
  readonly tree?: () => Promise<SourceTree>;
  /** Closes the tree if it was listed; safe to call more than once, and after the export closed it. */
  close(): Promise<void>;
}

export async function openSourceInput(path: string): Promise<SourceInput> {
  const info = await stat(path);
  if (info.isFile() && !isZipPath(path)) return { close: async () => {} };
  let listed: Promise<SourceTree> | undefined;
  const tree = (): Promise<SourceTree> => (listed ??= openSourceTree(path));
  if (info.isFile()) await tree();
  return {
    tree,
    async close() {
      const opened = await listed?.catch(() => undefined);
      await opened?.close();
    },
  };
}

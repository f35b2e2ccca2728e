// Mattermost bulk export (`mattermost export bulk`): JSON Lines opening with {"type":"version"}, as a file or
// inside a zip with its data/ attachments folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { firstLine } from '../shared/lines.js';
import { isZipPath, withTree } from '../shared/source-tree.js';
import { readMattermost } from './read.js';

function isVersionLine(line: string | undefined): boolean {
  if (!line) return false;
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return value.type === 'version';
  } catch {
    return false;
  }
}

export const mattermostMapper: SourceMapper = {
  kind: 'mattermost',
  async detect(path: string, options: Pick<OpenOptions, 'tree'> = {}): Promise<boolean> {
    try {
      if (isZipPath(path)) {
        return await withTree(path, options, async (tree) => {
          const name = [...tree.entries.keys()].filter((n) => /\.jsonl$/i.test(n) && !n.includes('/')).sort()[0];
          return name !== undefined && isVersionLine(await firstLine(await tree.open(name)));
        });
      }
      if (!(await stat(path)).isFile()) return false;
      return isVersionLine(await firstLine(createReadStream(path, { start: 0, end: 64 * 1024 - 1 })));
    } catch {
      return false;
    }
  },
  open(path: string, options: OpenOptions): Promise<SourceExport> {
    return readMattermost(path, options);
  },
};

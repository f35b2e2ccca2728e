// Where a file's bytes are, when an export holds them. Slack's own exports never do; tools that add them use:
//   __uploads/<file id>/<name>                  (slack-advanced-exporter, slackdump "mattermost" type)
//   <conversation>/attachments/<file id>-<name> (slackdump "standard" type), or attachments/<file id>-<name>
// and `--files-dir DIR` is read as DIR/<file id>/<name>. Built from entry names only, so locating is a lookup,
// and a name from a message can never reach outside the export (no path is built from it).
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRef } from '../../src/model.js';
import type { ExportArchive } from './archive.js';

type Opener = NonNullable<FileRef['open']>;

interface Located {
  readonly name: string;
  readonly open: Opener;
}

export class FileIndex {
  private readonly byId = new Map<string, Located[]>();

  add(id: string, name: string, open: Opener): void {
    const list = this.byId.get(id) ?? [];
    list.push({ name, open });
    this.byId.set(id, list);
  }

  /** The file's opener: the copy with the exact name, else the only copy under that id. */
  locate = (id: string, name: string): Opener | undefined => {
    const list = this.byId.get(id);
    if (!list) return undefined;
    return (list.find((l) => l.name === name) ?? (list.length === 1 ? list[0] : undefined))?.open;
  };
}

const UPLOAD = /^__uploads\/(F[A-Z0-9]+)\/([^/]+)$/;
const ATTACHMENT = /^(?:[^/]+\/)?attachments\/(F[A-Z0-9]+)-([^/]+)$/;

export function indexArchiveFiles(archive: ExportArchive, index = new FileIndex()): FileIndex {
  for (const name of archive.entries.keys()) {
    const match = UPLOAD.exec(name) ?? ATTACHMENT.exec(name);
    if (match?.[1] && match[2]) index.add(match[1], match[2], () => archive.openStream(name));
  }
  return index;
}

/** Adds `DIR/<file id>/<name>` files. A folder that cannot be read is a usage error, reported at open. */
export async function indexFilesDir(dir: string, index: FileIndex): Promise<void> {
  let ids: string[];
  try {
    ids = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    throw new Error(`--files-dir ${dir} is not a readable folder (${(error as Error).message})`);
  }
  for (const id of ids) {
    for (const item of await readdir(join(dir, id), { withFileTypes: true })) {
      if (!item.isFile()) continue;
      const path = join(dir, id, item.name);
      index.add(id, item.name, async () => createReadStream(path));
    }
  }
}

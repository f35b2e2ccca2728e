// The Slack source: an export .zip from Slack's admin "Export data" page, or its unzipped folder.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenOptions, SourceMapper } from '../../src/model.js';
import { dayFile, looksLikeSlack } from './archive.js';
import { isZipPath, peekNames } from '../shared/source-tree.js';
import { openSlackExport, SLACK_KIND } from './read.js';

const CONVERSATION_TABLES = ['channels.json', 'groups.json', 'dms.json', 'mpims.json'];

/** Folder detection without walking the export: the top level, then only as deep as needed. */
async function detectFolder(dir: string, depth = 0): Promise<boolean> {
  const items = await readdir(dir, { withFileTypes: true });
  const files = new Set(items.filter((i) => i.isFile()).map((i) => i.name));
  const folders = items.filter((i) => i.isDirectory() && i.name !== '__MACOSX').map((i) => i.name);
  if (CONVERSATION_TABLES.some((t) => files.has(t))) return true;
  if (files.has('users.json')) {
    for (const folder of folders) {
      const inner = await readdir(join(dir, folder));
      if (inner.some((name) => dayFile(`${folder}/${name}`) !== undefined)) return true;
    }
    return false;
  }
  // Everything inside one top folder (an unzipped "Acme Slack export Jan 1 2024/").
  const only = folders.length === 1 ? folders[0] : undefined;
  return depth === 0 && only !== undefined && detectFolder(join(dir, only), 1);
}

async function detect(path: string, options: Pick<OpenOptions, 'tree'> = {}): Promise<boolean> {
  try {
    const info = await stat(path);
    if (info.isFile()) {
      const names = isZipPath(path) ? await peekNames(path, 2, options) : undefined;
      return names !== undefined && looksLikeSlack(names);
    }
    return info.isDirectory() && (await detectFolder(path));
  } catch {
    return false;
  }
}

export const slackMapper: SourceMapper = {
  kind: SLACK_KIND,
  detect,
  open: openSlackExport,
};

export { convertMessageText, type ConvertedText } from './text.js';
export { convertMrkdwn } from './mrkdwn.js';
export { renderBlocks } from './blocks.js';
export { renderAttachments } from './attachments.js';
export { mapRecord, newConversationState, type ConversationState, type MapContext } from './map.js';
export { FallbackSet, type SlackDirectory } from './context.js';
export { emojiUnicode } from '../shared/emoji.js';
export { stripTokens } from './files.js';
export { tsToMs } from './ts.js';

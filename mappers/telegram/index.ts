// Telegram Desktop "Export chat history" / "Export Telegram data" in JSON: result.json (one chat, or all chats)
// as a file or inside its export folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { CHAT_TYPES } from './map.js';
import { readTelegram, resultFile } from './read.js';

const FIRST_KEYS = new Set(['about', 'personal_information', 'name', 'type', 'id', 'messages', 'chats']);
const CHAT_TYPE = new RegExp(`"type"\\s*:\\s*"(${[...CHAT_TYPES].join('|')})"`);

async function head(path: string, bytes: number): Promise<string> {
  let text = '';
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, encoding: 'utf8' })) text += chunk as string;
  return text.replace(/^\ufeff/, '');
}

export const telegramMapper: SourceMapper = {
  kind: 'telegram',
  async detect(path: string): Promise<boolean> {
    try {
      const file = await resultFile(path);
      if (!(await stat(file)).isFile()) return false;
      const text = await head(file, 16 * 1024);
      const firstKey = /^\s*\{\s*"([^"]*)"\s*:/.exec(text)?.[1];
      if (!firstKey || !FIRST_KEYS.has(firstKey)) return false;
      return /"date_unixtime"\s*:/.test(text) || CHAT_TYPE.test(text);
    } catch {
      return false;
    }
  },
  open(path: string, options: OpenOptions): Promise<SourceExport> {
    return readTelegram(path, options);
  },
};

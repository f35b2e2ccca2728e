// chat-import's own JSON interchange format (schema/chat-import.schema.json, docs/sources.md): one JSON document
// {people, conversations, messages, memberships} or JSON Lines with a "type" per line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { firstLine } from '../shared/lines.js';
import { readJson, SECTIONS } from './read.js';

const RECORD_TYPES = new Set<string>(Object.values(SECTIONS));
const DOCUMENT_KEYS = new Set(['format', 'version', 'people', 'conversations', 'memberships']);

/** Reads at most `bytes` from the start of a file as text. */
async function head(path: string, bytes: number): Promise<string> {
  let text = '';
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, encoding: 'utf8' })) text += chunk as string;
  return text.replace(/^\ufeff/, '');
}

async function detect(path: string): Promise<boolean> {
  if (!(await stat(path)).isFile()) return false;
  const line = await firstLine(createReadStream(path, { start: 0, end: 256 * 1024 - 1 }));
  if (line === undefined) return false;
  try {
    const value = JSON.parse(line) as { type?: unknown };
    if (typeof value === 'object' && value !== null && typeof value.type === 'string') return RECORD_TYPES.has(value.type);
  } catch {
    // not one JSON object per line: maybe a document
  }
  const text = await head(path, 16 * 1024);
  const firstKey = /^\s*\{\s*"([^"]*)"\s*:/.exec(text)?.[1];
  if (firstKey === undefined) return false;
  if (DOCUMENT_KEYS.has(firstKey)) return true;
  // Telegram's single-chat export may also open with "messages": ours name their conversation.
  return firstKey === 'messages' && /"conversationId"\s*:/.test(text);
}

export const jsonMapper: SourceMapper = {
  kind: 'json',
  async detect(path: string): Promise<boolean> {
    try {
      return await detect(path);
    } catch {
      return false;
    }
  },
  open(path: string, options: OpenOptions): Promise<SourceExport> {
    return readJson(path, options);
  },
};

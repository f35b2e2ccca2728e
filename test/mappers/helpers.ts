// Test helpers for mappers: open a source and read every conversation's records into plain arrays.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversationRecord, Message, OpenOptions, SourceExport, SourceMapper, Skip } from '../../src/model.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every file a test reads is in the repository (third-party samples with their licence and SOURCE.md). */
export const FIXTURES = join(ROOT, 'fixtures');
export const OPTIONS: OpenOptions = { now: () => Date.UTC(2030, 0, 1) };

export interface Read {
  readonly source: SourceExport;
  readonly records: ReadonlyMap<string, readonly ConversationRecord[]>;
}

export async function readAll(mapper: SourceMapper, path: string, options: OpenOptions = OPTIONS): Promise<Read> {
  const source = await mapper.open(path, options);
  const records = new Map<string, ConversationRecord[]>();
  try {
    for (const conversation of source.conversations) {
      const list: ConversationRecord[] = [];
      for await (const record of source.records(conversation.id)) list.push(record);
      records.set(conversation.id, list);
    }
  } finally {
    await source.close();
  }
  return { source, records };
}

export function messages(read: Read, conversationId: string): Message[] {
  return (read.records.get(conversationId) ?? []).flatMap((r) => (r.type === 'message' ? [r.message] : []));
}

export function skips(read: Read, conversationId: string): Skip[] {
  return (read.records.get(conversationId) ?? []).flatMap((r) => (r.type === 'skip' ? [r.skip] : []));
}

/** [conversation id, message count] pairs, in the export's conversation order. */
export function messageCounts(read: Read): [string, number][] {
  return read.source.conversations.map((c) => [c.id, messages(read, c.id).length]);
}

/** Skips as "code file:line" strings, easy to compare exactly. */
export function skipLines(list: readonly Skip[]): string[] {
  return list.map((s) => `${s.code} ${s.origin?.file ?? '?'}:${s.origin?.record ?? '?'}`);
}

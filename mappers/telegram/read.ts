// One streamed pass (stream-json) over a Telegram Desktop export: result.json of a full export
// ({chats: {list: [...]}, left_chats: {list: [...]}}) or of one chat ({name, type, id, messages}), alone or in
// its export folder (where photos/ and files/ hold the media). Each chat's header comes before its messages in
// Telegram's output; messages are mapped and filed per chat.
import { createReadStream, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { Conversation, OpenOptions, Skip, SourceExport } from '../../src/model.js';
import { baseName } from '../shared/files.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { badJsonSkip, JsonReadError } from '../shared/input-error.js';
import { oversizedReason } from '../shared/bounded-assembler.js';
import { selectJson, type JsonPath } from '../shared/json-stream.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';
import { PeopleTable } from '../shared/people.js';
import { RecordSink, type FileBytes } from '../shared/records.js';
import { InputError } from '../../src/errors.js';
import { CHAT_TYPES, kindFor, mapTelegramMessage } from './map.js';

const KIND = 'telegram';
const HEADER_KEYS = new Set(['name', 'type', 'id']);
const SECTIONS = new Set(['chats', 'left_chats']);

interface Chat {
  readonly key: string;
  name?: string;
  type?: string;
  id?: string;
  conversationId?: string;
  readonly members: Set<string>;
  /** Reply chains: message id → the root of its chain (only replies are stored). */
  readonly roots: Map<string, string>;
  messages: number;
}

/** Where a value sits: which chat (a key), and whether it is a header field or a message. */
function classify(path: JsonPath): { chat: string; field?: string; message?: number } | undefined {
  if (path.length === 1 && HEADER_KEYS.has(path[0] as string)) return { chat: 'chat', field: path[0] as string };
  if (path.length === 2 && path[0] === 'messages' && typeof path[1] === 'number') return { chat: 'chat', message: path[1] };
  if (path.length >= 4 && SECTIONS.has(path[0] as string) && path[1] === 'list' && typeof path[2] === 'number') {
    const chat = `${path[0] === 'chats' ? 'chat' : 'left-chat'}-${path[2] + 1}`;
    if (path.length === 4 && HEADER_KEYS.has(path[3] as string)) return { chat, field: path[3] as string };
    if (path.length === 5 && path[3] === 'messages' && typeof path[4] === 'number') return { chat, message: path[4] };
  }
  return undefined;
}

/** The result.json of a path: the file itself, or result.json inside an export folder. */
export async function resultFile(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? join(path, 'result.json') : path;
}

export async function readTelegram(path: string, options: OpenOptions): Promise<SourceExport> {
  const file = await resultFile(path);
  const base = dirname(file);
  const sink = await RecordSink.create();
  try {
    const fingerprint = new Fingerprint(KIND);
    const people = new PeopleTable(options);
    const nameToId = new Map<string, string>();
    const chats = new Map<string, Chat>();
    const tableSkips: Skip[] = [];
    const fileName = baseName(file);
    // Anything of Telegram's own: a chat type it writes, or a message with its date field. Another kind's JSON
    // with a "messages" list (--from telegram on the wrong file) has neither.
    let telegramShaped = false;
    // Media paths are relative to the export folder, and never leave it.
    const locate = (relative: string): FileBytes | undefined => {
      const full = normalize(join(base, relative));
      if (!full.startsWith(base + sep)) return undefined;
      try {
        return statSync(full).isFile() ? { path: full } : undefined;
      } catch {
        return undefined;
      }
    };

    const source = fingerprint.tap(createReadStream(file), fileName);
    const utf8 = new Utf8Counter();
    try {
      for await (const { path: at, value, oversized } of selectJson(source, (p) => classify(p) !== undefined, { utf8 })) {
        const where = classify(at);
        if (!where) continue;
        let chat = chats.get(where.chat);
        if (!chat) chats.set(where.chat, (chat = { key: where.chat, members: new Set(), roots: new Map(), messages: 0 }));
        if (where.field) {
          if (oversized) {
            const origin = { file: where.chat === 'chat' ? fileName : `${fileName}#${where.chat}` };
            tableSkips.push({ code: 'value_too_large', reason: oversizedReason(`chat's ${where.field}`, oversized), origin });
            continue;
          }
          const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
          if (text !== undefined) chat[where.field as 'name' | 'type' | 'id'] = text;
          if (where.field === 'type' && text !== undefined && CHAT_TYPES.has(text)) telegramShaped = true;
          continue;
        }
        const index = (where.message ?? 0) + 1;
        const origin = { file: where.chat === 'chat' ? fileName : `${fileName}#${where.chat}`, record: index };
        // Telegram writes a chat's name, type and id before its messages; a chat without an id keeps its key.
        const conversationId = (chat.conversationId ??= chat.id ?? chat.key);
        chat.messages += 1;
        if (typeof value !== 'object' || value === null) {
          await sink.skip({ conversationId, code: 'telegram_bad_message', reason: 'a message must be an object', origin });
          continue;
        }
        if (oversized) {
          await sink.skip({ conversationId, code: 'message_too_large', reason: oversizedReason('message', oversized), origin });
          continue;
        }
        if ('date' in value || 'date_unixtime' in value) telegramShaped = true;
        const current = chat;
        const mapped = mapTelegramMessage(
          value as Record<string, unknown>,
          {
            conversationId,
            fallbackId: `#${index}`,
            threadRootOf: (id) => current.roots.get(id) ?? id,
            locate,
            ...(options.timeZone ? { timeZone: options.timeZone } : {}),
          },
          (name) => nameToId.get(name),
        );
        if (mapped.kind === 'skip') {
          await sink.skip({ conversationId, code: mapped.code, reason: mapped.reason, origin });
          continue;
        }
        if (mapped.kind === 'memberships') {
          for (const event of mapped.events) await sink.membership(event);
          continue;
        }
        const { message, author, reactors } = mapped;
        if (author) {
          people.add({ id: author.id, displayName: author.name });
          if (!nameToId.has(author.name)) nameToId.set(author.name, author.id);
          chat.members.add(author.id);
        }
        for (const [id, name] of reactors) people.add({ id, displayName: name });
        if (message.threadId) chat.roots.set(message.id, message.threadId);
        await sink.message({ ...message, origin });
      }
    } catch (error) {
      if (!(error instanceof JsonReadError)) throw error;
      tableSkips.push(badJsonSkip(fileName, error));
    }
    const invalid = invalidUtf8Skip(fileName, utf8.replaced);
    if (invalid) tableSkips.push(invalid);

    if (!telegramShaped && chats.size > 0) {
      throw new InputError(`${fileName}: no chat has a Telegram chat type (${[...CHAT_TYPES].slice(0, 3).join(', ')}, …) and no message a date or date_unixtime`);
    }
    const conversations: Conversation[] = [...chats.values()]
      .filter((chat) => chat.messages > 0 || chat.id !== undefined)
      .map((chat) => ({
        id: chat.conversationId ?? chat.id ?? chat.key,
        name: chat.name ?? (chat.type === 'saved_messages' ? 'Saved Messages' : 'Telegram chat'),
        kind: kindFor(chat.type ?? ''),
        memberIds: [...chat.members],
      }));
    return await sink.finish({ kind: KIND, fingerprint: fingerprint.digest(), people: people.map, conversations, tableSkips });
  } catch (error) {
    await sink.spill.close();
    throw error;
  }
}

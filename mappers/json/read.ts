// Reads chat-import's interchange format, as one JSON document ({people, conversations, messages, memberships},
// streamed with stream-json so only one record is in memory at a time) or as JSON Lines ({"type": …} per line).
// Records may come in any order (a message before its conversation), so messages are filed per conversation
// during the pass (shared/records.ts) and checked against the declared conversations at the end.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Conversation, OpenOptions, RecordOrigin, Skip, SourceExport } from '../../src/model.js';
import { findInFilesDir, baseName } from '../shared/files.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { InputError } from '../../src/errors.js';
import { badJsonSkip, JsonReadError } from '../shared/input-error.js';
import { oversizedReason } from '../shared/bounded-assembler.js';
import { selectJson, type Oversized } from '../shared/json-stream.js';
import { firstLine, lineTooLarge, readLines } from '../shared/lines.js';
import { PeopleTable, type PersonInput } from '../shared/people.js';
import { RecordSink, type StoredFile } from '../shared/records.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';
import { mapConversation, mapMembership, mapMessage, mapPerson, type FileJson } from './map.js';

const KIND = 'json';

/** The document's sections and the JSON Lines "type" of their records. */
export const SECTIONS = { people: 'person', conversations: 'conversation', messages: 'message', memberships: 'membership' } as const;
type Section = keyof typeof SECTIONS;
type RecordType = (typeof SECTIONS)[Section];
const TYPES = new Set<string>(Object.values(SECTIONS));

export function isJsonLinesPath(path: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(path);
}

class JsonReader {
  readonly people: PeopleTable;
  /** People named by messages but not (yet) declared: added after the pass, so a later declaration wins. */
  private readonly implicitPeople = new Map<string, PersonInput>();
  private readonly conversations = new Map<string, Conversation>();
  readonly tableSkips: Skip[] = [];

  constructor(
    private readonly path: string,
    private readonly options: OpenOptions,
    private readonly sink: RecordSink,
  ) {
    this.people = new PeopleTable(options);
  }

  async record(type: RecordType, value: unknown, origin: RecordOrigin, recordId: string): Promise<void> {
    const tableSkip = (code: Skip['code'], reason: string) => this.tableSkips.push({ code, reason, origin });
    switch (type) {
      case 'person': {
        const person = mapPerson(value);
        if (!person.ok) return void tableSkip('json_bad_person', person.reason);
        if (this.people.has(person.value.id)) return void tableSkip('duplicate_user', `person ${person.value.id} is declared again; the first declaration is the one used`);
        this.people.add(person.value);
        return;
      }
      case 'conversation': {
        const conversation = mapConversation(value);
        if (!conversation.ok) return void tableSkip('json_bad_conversation', conversation.reason);
        if (this.conversations.has(conversation.value.id)) {
          return void tableSkip('json_duplicate_conversation', `conversation ${conversation.value.id} is declared twice`);
        }
        this.conversations.set(conversation.value.id, conversation.value);
        return;
      }
      case 'membership': {
        const event = mapMembership(value);
        if (!event.ok) return void this.skipOrTable(value, 'json_bad_membership', event.reason, origin);
        this.noteImplicit(event.value.personId);
        await this.sink.membership(event.value);
        return;
      }
      case 'message': {
        const mapped = mapMessage(value, recordId);
        if (!mapped.ok) return void (await this.skipOrTable(value, 'json_bad_message', mapped.reason, origin));
        const { message, files } = mapped.value;
        if (message.authorId) this.noteImplicit(message.authorId, message.authorName);
        for (const reaction of message.reactions ?? []) for (const id of reaction.personIds) this.noteImplicit(id);
        const stored = await Promise.all(files.map((file) => this.file(file)));
        await this.sink.message({ ...message, ...(stored.length > 0 ? { files: stored } : {}), origin });
        return;
      }
    }
  }

  /** A record holding a string over the cap (cut while reading): a message is skipped in its conversation. */
  async tooLarge(type: RecordType, value: unknown, origin: RecordOrigin, oversized: Oversized): Promise<void> {
    if (type === 'message') return this.skipOrTable(value, 'message_too_large', oversizedReason(type, oversized), origin);
    this.tableSkips.push({ code: 'value_too_large', reason: oversizedReason(type, oversized), origin });
  }

  /** A bad record of a known conversation is a skip in that conversation; otherwise a table-level skip. */
  private async skipOrTable(value: unknown, code: Skip['code'], reason: string, origin: RecordOrigin): Promise<void> {
    const conversationId = typeof value === 'object' && value !== null ? (value as { conversationId?: unknown }).conversationId : undefined;
    if (typeof conversationId === 'string' && conversationId !== '') await this.sink.skip({ conversationId, code, reason, origin });
    else this.tableSkips.push({ code, reason, origin });
  }

  private noteImplicit(id: string, displayName?: string): void {
    if (!this.implicitPeople.has(id)) this.implicitPeople.set(id, { id, ...(displayName ? { displayName } : {}) });
  }

  /**
   * Where a file's bytes are: `path` relative to the JSON file's folder (never outside it, so a crafted export
   * cannot make the tool upload other local files), else `--files-dir` by file id.
   */
  private async file(file: FileJson): Promise<StoredFile> {
    const { path, ...rest } = file;
    const base = dirname(this.path);
    if (path && !isAbsolute(path)) {
      const full = normalize(join(base, path));
      if (full.startsWith(base + sep) && (await isFile(full))) return { ...rest, bytes: { path: full } };
    }
    const found = await findInFilesDir(this.options.filesDir, file.id, file.name);
    return found ? { ...rest, bytes: { path: found } } : rest;
  }

  /** Ends the pass: implicit people are added, and messages of undeclared conversations become table skips. */
  async finish(fingerprint: string): Promise<SourceExport> {
    for (const person of this.implicitPeople.values()) this.people.add(person);
    const declared = [...this.conversations.values()];
    for (const conversation of declared) for (const id of conversation.memberIds) this.people.add({ id });
    const orphans = this.sink.conversationIds().filter((id) => !this.conversations.has(id));
    const exported = await this.sink.finish({
      kind: KIND,
      fingerprint,
      people: this.people.map,
      conversations: declared,
      tableSkips: this.tableSkips,
    });
    for (const id of orphans) {
      for await (const record of exported.records(id)) {
        const origin = record.type === 'message' ? record.message.origin : record.type === 'skip' ? record.skip.origin : undefined;
        const what = record.type === 'membership' ? 'membership' : record.type === 'skip' ? 'record' : 'message';
        this.tableSkips.push({
          code: 'json_unknown_conversation',
          reason: `${what} of conversation ${id}, which is not declared`,
          ...(origin ? { origin } : {}),
        });
      }
    }
    return exported;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function readJson(path: string, options: OpenOptions): Promise<SourceExport> {
  const sink = await RecordSink.create();
  const reader = new JsonReader(path, options, sink);
  const fingerprint = new Fingerprint(KIND);
  const file = baseName(path);
  try {
    // A folder opens like a file and fails only on its first read: refuse it here, naming what was expected.
    if (!(await stat(path)).isFile()) throw new InputError(`${path}: a folder, not a JSON or JSON Lines file`);
    // Decided before the stream is opened: a stream nobody reads yet would have no listener for its errors.
    const lines = isJsonLinesPath(path) || (await looksLikeJsonLines(path));
    const source = fingerprint.tap(createReadStream(path), file);
    const utf8 = new Utf8Counter();
    if (lines) {
      for await (const numbered of readLines(source, { utf8 })) {
        const { line, text } = numbered;
        if (text === undefined) {
          reader.tableSkips.push(lineTooLarge(file, numbered));
          continue;
        }
        if (text.trim() === '') continue;
        const origin = { file, record: line };
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          reader.tableSkips.push({ code: 'json_bad_line', reason: `not valid JSON (${(error as Error).message})`, origin });
          continue;
        }
        const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
        if (typeof type !== 'string' || !TYPES.has(type)) {
          reader.tableSkips.push({ code: 'json_unknown_type', reason: `"type" must be one of ${[...TYPES].join(', ')}`, origin });
          continue;
        }
        await reader.record(type as RecordType, value, origin, `L${line}`);
      }
    } else {
      const wanted = (p: readonly (string | number)[]) => p.length === 2 && typeof p[1] === 'number' && (p[0] as string) in SECTIONS;
      try {
        for await (const { path: at, value, oversized } of selectJson(source, wanted, { utf8 })) {
          const section = at[0] as Section;
          const index = (at[1] as number) + 1;
          const origin = { file: `${file}#${section}`, record: index };
          if (oversized) await reader.tooLarge(SECTIONS[section], value, origin, oversized);
          else await reader.record(SECTIONS[section], value, origin, `${section}[${index}]`);
        }
      } catch (error) {
        if (!(error instanceof JsonReadError)) throw error;
        reader.tableSkips.push(badJsonSkip(file, error));
      }
    }
    const invalid = invalidUtf8Skip(file, utf8.replaced);
    if (invalid) reader.tableSkips.push(invalid);
    return await reader.finish(fingerprint.digest());
  } catch (error) {
    await sink.spill.close();
    throw error;
  }
}

/** A file not named .jsonl whose first line is a whole JSON object with a record "type" is JSON Lines too. */
async function looksLikeJsonLines(path: string): Promise<boolean> {
  const line = await firstLine(createReadStream(path, { start: 0, end: 256 * 1024 }));
  if (!line) return false;
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return typeof value === 'object' && value !== null && typeof value.type === 'string' && TYPES.has(value.type);
  } catch {
    return false;
  }
}

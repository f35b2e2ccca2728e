// Opens a Slack export (.zip or folder): loads the small tables once, fingerprints the export, and streams each
// conversation's day files in date order, one file in memory at a time, records sorted by `ts` within the day.
// Day files are split at midnight in the workspace's time zone, so times always come from `ts`, never from a
// file name. Nothing below throws out of `records()`: a bad file or record becomes a `skip`.
import { createHash } from 'node:crypto';
import type { Conversation, ConversationRecord, OpenOptions, Skip, SourceExport } from '../../src/model.js';
import { dayFile, dayFileName, dayNumber, openExportArchive, type ExportArchive } from './archive.js';
import { STREAMED_DAY_BYTES, streamDayFile, type StreamedDay } from './day-stream.js';
import { oversizedReason, type Oversized } from '../shared/bounded-assembler.js';
import type { SlackDirectory } from './context.js';
import { indexArchiveFiles, indexFilesDir } from './file-index.js';
import type { FileLocator } from './files.js';
import { mapRecord, newConversationState, type MapContext } from './map.js';
import { isObject, type RawObject } from '../shared/raw.js';
import { firstOf } from '../../src/listing.js';
import { invalidUtf8Skip } from '../shared/utf8.js';
import { buildConversations, buildPeople, type SlackTables } from './tables.js';
import { compareTs, isTs } from './ts.js';

export const SLACK_KIND = 'slack';

/** A day file read whole has no string cut while reading (only streamed ones do): one empty map for them all. */
const NONE_CUT: ReadonlyMap<number, Oversized> = new Map();

/** A skip of the conversation being read, naming the file (and record). */
type SkipOf = (code: Skip['code'], reason: string, file: string, record?: number) => ConversationRecord;

function parseJson(text: string): unknown {
  // Some tools write a UTF-8 byte-order mark, which JSON.parse rejects.
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file's text; invalid UTF-8 is read with U+FFFD in place and reported, since the rest of the file is good. */
async function readText(archive: ExportArchive, file: string, report: (skip: Skip) => void): Promise<string> {
  const { text, replaced } = await archive.readText(file);
  const invalid = invalidUtf8Skip(file, replaced);
  if (invalid) report(invalid);
  return text;
}

/** The table files, and why each one that could not be used failed (file → the skip's reason). */
interface ReadTables {
  readonly tables: SlackTables;
  readonly failed: ReadonlyMap<string, string>;
}

/** Reads the table files, hashing each into the fingerprint. A broken table is reported and read as empty. */
async function readTables(archive: ExportArchive, hash: ReturnType<typeof createHash>, skips: Skip[]): Promise<ReadTables> {
  const failed = new Map<string, string>();
  const fail = (file: string, code: Skip['code'], reason: string): unknown[] => {
    skips.push({ code, reason, origin: { file } });
    failed.set(file, reason);
    return [];
  };
  const read = async (file: string): Promise<unknown[]> => {
    if (!archive.entries.has(file)) return [];
    let text: string;
    try {
      text = await readText(archive, file, (skip) => skips.push(skip));
    } catch (error) {
      return fail(file, 'unreadable_file', `${file}: cannot be read (${message(error)})`);
    }
    hash.update(`${file}\0${createHash('sha256').update(text).digest('hex')}\n`);
    let data: unknown;
    try {
      data = parseJson(text);
    } catch (error) {
      return fail(file, 'bad_json', `${file}: not valid JSON (${message(error)})`);
    }
    if (!Array.isArray(data)) return fail(file, 'not_array', `${file}: not a JSON array`);
    return data;
  };
  const tables = {
    users: await read('users.json'),
    orgUsers: await read('org_users.json'),
    channels: await read('channels.json'),
    groups: await read('groups.json'),
    dms: await read('dms.json'),
    mpims: await read('mpims.json'),
  };
  return { tables, failed };
}

/**
 * Why users.json gives no users, naming the file: absent, a link or folder (never read), unreadable, not JSON.
 * Undefined when it (or Enterprise Grid's org_users.json) was read, even empty: an export may have no users.
 */
function userTableProblem(archive: ExportArchive, { tables, failed }: ReadTables): string | undefined {
  if (tables.users.length > 0 || tables.orgUsers.length > 0) return undefined;
  const failure = failed.get('users.json');
  if (failure) return failure;
  if (archive.entries.has('users.json')) return undefined;
  // A link or a folder in its place was listed but never read (the tree says why); the export may sit in a top folder.
  const notRead = archive.skipped.find((skip) => /^(?:[^/]+\/)?users\.json$/.test(skip.origin?.file ?? ''));
  if (notRead) return notRead.reason;
  return 'users.json is not in the export';
}

/**
 * The Slack workspace (team) id, the same in every export of the workspace: the users' most common `team_id` (an
 * Enterprise Grid export also lists users of other workspaces). Undefined when users.json has none.
 */
function teamIdOf(tables: SlackTables): string | undefined {
  const counts = new Map<string, number>();
  for (const user of tables.users) {
    const team = isObject(user) && typeof user.team_id === 'string' && /^[A-Z0-9]{2,32}$/.test(user.team_id) ? user.team_id : undefined;
    if (team) counts.set(team, (counts.get(team) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  return best?.[0];
}

/**
 * A folder of one channel's day files (the channel folder instead of the export's top folder), the usual cause of
 * an export with no conversations: what to say, from the top-level names; undefined when there are none.
 */
export function oneChannelHint(names: Iterable<string>): string | undefined {
  const dayFiles = [...names].filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort();
  if (dayFiles.length === 0) return undefined;
  return `these look like one channel's day files: ${firstOf(dayFiles, 3)}; point chat-import at the export's top folder, the one holding channels.json and users.json`;
}

/** One folder's day files: the folder, and each file's day (YYYYMMDD, see dayNumber) in date order. */
interface DayFiles {
  readonly folder: string;
  readonly days: number[];
}

/** What a conversation with no folder of day files reads. */
const NO_DAY_FILES: DayFiles = { folder: '', days: [] };

/** Folder → its day files. */
function indexDayFiles(archive: ExportArchive): Map<string, DayFiles> {
  const byFolder = new Map<string, DayFiles>();
  for (const name of archive.entries.keys()) {
    const day = dayFile(name);
    if (!day) continue;
    let files = byFolder.get(day.folder);
    if (!files) byFolder.set(day.folder, (files = { folder: day.folder, days: [] }));
    files.days.push(dayNumber(day.day));
  }
  for (const { days } of byFolder.values()) days.sort((a, b) => a - b);
  return byFolder;
}

interface Candidate {
  readonly record: RawObject;
  readonly ts: string;
  readonly index: number;
}

export async function openSlackExport(path: string, options: OpenOptions): Promise<SourceExport> {
  const archive = await openExportArchive(path, options);
  try {
    const tableSkips: Skip[] = [...archive.skipped];
    const hash = createHash('sha256').update('slack-export\n');
    const read = await readTables(archive, hash, tableSkips);
    const { tables } = read;
    // Names and sizes, not the path: the same export zipped or unzipped, anywhere, has one fingerprint.
    for (const [name, size] of [...archive.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${name}\t${size}\n`);
    const fingerprint = hash.digest('hex');

    const people = buildPeople(tables, options, tableSkips);
    const slackConversations = buildConversations(tables, people, options, tableSkips);
    const days = indexDayFiles(archive);
    const dayFilesOf = new Map<string, DayFiles>();
    // Folder → the conversation reading it. Two table entries naming one folder (two channels of one name) would
    // import the same messages into two spaces: the first reads it, the other is told so and reads nothing.
    const claimed = new Map<string, Conversation>();
    const conversations: Conversation[] = [];
    for (const { folders, ...conversation } of slackConversations) {
      const folder = folders.find((f) => days.has(f));
      const owner = folder === undefined ? undefined : claimed.get(folder);
      if (folder !== undefined && owner) {
        tableSkips.push({
          code: 'duplicate_folder',
          reason: `conversation ${conversation.name} (${conversation.id}) names the folder ${folder}/, which ${owner.name} (${owner.id}) already reads; its messages are imported once, into ${owner.id}`,
          origin: { file: `${folder}/` },
        });
      } else if (folder !== undefined) claimed.set(folder, conversation);
      dayFilesOf.set(conversation.id, (folder === undefined || owner ? undefined : days.get(folder)) ?? NO_DAY_FILES);
      conversations.push(conversation);
    }
    for (const [folder, files] of [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (claimed.has(folder) || dayFilesOf.has(folder)) continue;
      // Day files with no table entry (a table missing from the export): still imported, as a channel.
      tableSkips.push({
        code: 'missing_conversation',
        reason: `folder ${folder}/ has day files but no entry in channels.json, groups.json, mpims.json or dms.json; imported as channel "${folder}"`,
      });
      conversations.push({ id: folder, name: folder, kind: 'channel', memberIds: [] });
      dayFilesOf.set(folder, files);
    }
    if (conversations.length === 0) {
      // A folder of one channel's day files (the channel folder instead of the export's top folder) is the usual cause.
      tableSkips.push({
        code: 'empty_export',
        reason: oneChannelHint(archive.entries.keys()) ?? 'the export holds no conversations: channels.json, groups.json, mpims.json and dms.json list none, and there are no day files',
      });
    }

    const files = indexArchiveFiles(archive);
    if (options.filesDir !== undefined) await indexFilesDir(options.filesDir, files);
    const directory: SlackDirectory = {
      people,
      channelNames: new Map(conversations.filter((c) => c.kind === 'channel' || c.kind === 'private_channel').map((c) => [c.id, c.name])),
    };

    async function* records(conversationId: string): AsyncIterable<ConversationRecord> {
      const { openLinked } = options;
      // Bytes in the export win; a link is downloaded only when the export lacks them and fetching is on.
      const locateFile: FileLocator = openLinked
        ? (id, name, link) => files.locate(id, name) ?? (link ? openLinked({ ...link, name, conversationId }) : undefined)
        : files.locate;
      const ctx: MapContext = { conversationId, directory, state: newConversationState(), locateFile };
      const skip: SkipOf = (code, reason, file, record) => ({
        type: 'skip',
        skip: { conversationId, code, reason, origin: record === undefined ? { file } : { file, record } },
      });
      const { folder, days } = dayFilesOf.get(conversationId) ?? NO_DAY_FILES;
      // One day file at a time, read when its turn comes. Reads are synchronous (SourceTree.readWholeSync), so
      // starting the next one earlier would overlap nothing and only hold two files in memory.
      for (const day of days) {
        const file = dayFileName(folder, day);
        if ((archive.entries.get(file) ?? 0) > STREAMED_DAY_BYTES) {
          yield* streamedDay(file, ctx, skip);
          continue;
        }
        let text: string;
        let invalidUtf8: Skip | undefined;
        try {
          text = await readText(archive, file, (found) => (invalidUtf8 = found));
        } catch (error) {
          yield skip('unreadable_file', `${file}: cannot be read (${message(error)})`, file);
          continue;
        }
        if (invalidUtf8) yield { type: 'skip', skip: { conversationId, ...invalidUtf8 } };
        let data: unknown;
        try {
          data = parseJson(text);
        } catch (error) {
          yield skip('bad_json', `${file}: not valid JSON (${message(error)})`, file);
          continue;
        }
        if (!Array.isArray(data)) {
          yield skip('not_array', `${file}: not a JSON array of messages`, file);
          continue;
        }
        yield* dayRecords(file, data, NONE_CUT, ctx, skip);
      }
    }

    /** A day file over STREAMED_DAY_BYTES, read record by record (day-stream.ts). */
    async function* streamedDay(file: string, ctx: MapContext, skip: SkipOf): AsyncIterable<ConversationRecord> {
      let day: StreamedDay;
      try {
        day = await streamDayFile(archive, file);
      } catch (error) {
        yield skip('unreadable_file', `${file}: cannot be read (${message(error)})`, file);
        return;
      }
      const invalid = invalidUtf8Skip(file, day.replaced);
      if (invalid) yield skip(invalid.code, invalid.reason, file);
      if (day.notArray) yield skip('not_array', `${file}: not a JSON array of messages`, file);
      if (day.failure) yield skip('bad_json', `${file}: ${day.failure}; ${day.records.length} records were read before it, the rest of the file was not`, file);
      yield* dayRecords(file, day.records, day.oversized, ctx, skip);
    }

    /** One day's records, each checked, then mapped in `ts` order (synchronous: no extra await per record). */
    function* dayRecords(
      file: string,
      data: readonly unknown[],
      oversized: ReadonlyMap<number, Oversized>,
      ctx: MapContext,
      skip: SkipOf,
    ): Iterable<ConversationRecord> {
      const candidates: Candidate[] = [];
      for (const [index, record] of data.entries()) {
        const cut = oversized.get(index);
        if (cut) yield skip('message_too_large', `${file} record ${index + 1}: ${oversizedReason('message', cut)}`, file, index + 1);
        else if (!isObject(record)) yield skip('bad_record', `${file} record ${index + 1}: is not a JSON object`, file, index + 1);
        else if (!isTs(record.ts)) yield skip('missing_ts', `${file} record ${index + 1}: message has no valid ts`, file, index + 1);
        else candidates.push({ record, ts: record.ts, index });
      }
      // Array.prototype.sort is stable: records with equal ts keep their file order.
      candidates.sort((a, b) => compareTs(a.ts, b.ts));
      // Records sharing a ts are all passed on: the planner skips exact duplicates and gives distinct messages
      // distinct ids, for every source alike.
      for (const { record, index } of candidates) {
        let mapped: ConversationRecord[];
        try {
          mapped = mapRecord(record, ctx, { file, record: index + 1 });
        } catch (error) {
          // mapRecord checks every field it reads; this is the last guard that keeps one odd record from
          // stopping the whole import.
          mapped = [skip('unmappable_record', `${file} record ${index + 1}: could not be converted (${message(error)})`, file, index + 1)];
        }
        yield* mapped;
      }
    }

    const workspaceId = teamIdOf(tables);
    const usersProblem = userTableProblem(archive, read);
    return {
      kind: SLACK_KIND,
      fingerprint,
      ...(workspaceId ? { workspaceId } : {}),
      people,
      conversations,
      tableSkips,
      ...(usersProblem ? { userTableProblem: usersProblem } : {}),
      records,
      close: () => archive.close(),
    };
  } catch (error) {
    await archive.close();
    throw error;
  }
}

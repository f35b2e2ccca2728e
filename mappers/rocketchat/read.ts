// One pass over a Rocket.Chat CSV export: users and channels first (small tables), then every message file,
// each row mapped and filed under its room (shared/records.ts), so DMs of every pair can share one file.
import { messageTooLarge, type Conversation, type OpenOptions, type RecordOrigin, type Skip, type SourceExport } from '../../src/model.js';
import { csvRows, fieldTooLarge, type CsvRow } from '../shared/csv-rows.js';
import { decodeStream } from '../shared/text-decode.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { InputError } from '../../src/errors.js';
import { PeopleTable } from '../shared/people.js';
import { RecordSink } from '../shared/records.js';
import { findPrefix, treeOf, type SourceTree } from '../shared/source-tree.js';
import { parseTime } from '../shared/time.js';

const KIND = 'rocketchat';
const DIRECT = 'directmessages';

interface RoomDraft {
  readonly id: string;
  name: string;
  kind: Conversation['kind'];
  readonly members: Set<string>;
}

/** Entry names under `prefix`, matched case-insensitively, in name order. */
function entriesUnder(tree: SourceTree, prefix: string): string[] {
  return [...tree.entries.keys()].filter((name) => name.startsWith(prefix)).sort();
}

export async function readRocketChat(path: string, options: OpenOptions): Promise<SourceExport> {
  const tree = await treeOf(path, options);
  const sink = await RecordSink.create();
  try {
    const names = [...tree.entries.keys()];
    const prefix = findPrefix(names, 'users.csv') ?? findPrefix(names, 'channels.csv') ?? '';
    const fingerprint = new Fingerprint(KIND);
    const people = new PeopleTable(options);
    const rooms = new Map<string, RoomDraft>();
    // Entries of the zip or folder never read (unsafe names, zip bombs…), each with its reason.
    const tableSkips: Skip[] = [...tree.skipped];
    // Cells are trimmed after reading (as Rocket.Chat does); blanks before a field go first, so `a, "b, c"` is two.
    // Invalid UTF-8 in a file is one problem naming it, told once its rows were read.
    const rows = async function* (name: string): AsyncGenerator<CsvRow> {
      const file = name.slice(prefix.length);
      const utf8 = new Utf8Counter();
      yield* csvRows(decodeStream(fingerprint.tap(await tree.open(name), file), 'utf-8', utf8), { ltrim: true });
      const invalid = invalidUtf8Skip(file, utf8.replaced);
      if (invalid) tableSkips.push(invalid);
    };
    // A table file's rows (users.csv, channels.csv), cells trimmed; a row that cannot be read is a counted skip.
    const tableRows = async function* (name: string, label: string): AsyncGenerator<{ cells: string[]; origin: RecordOrigin }> {
      for await (const { record, line, error, oversized } of rows(name)) {
        const origin = { file: label, record: line };
        const problem = error ?? cutFieldReason(oversized);
        if (problem) tableSkips.push({ code: 'rocketchat_bad_row', reason: problem, origin });
        else yield { cells: record.map((cell) => cell.trim()), origin };
      }
    };
    const tableFile = (file: string) => entriesUnder(tree, prefix).find((name) => name.slice(prefix.length).toLowerCase() === file);

    const usersFile = tableFile('users.csv');
    if (!usersFile && !tableFile('channels.csv')) {
      const found = entriesUnder(tree, prefix).slice(0, 5).join(', ') || 'nothing';
      throw new InputError(`${path}: no users.csv or channels.csv at the top of the export (found: ${found})`);
    }
    if (usersFile) {
      for await (const { cells, origin } of tableRows(usersFile, 'users.csv')) {
        const [username = '', email = '', name = ''] = cells;
        if (username === '') {
          tableSkips.push({ code: 'rocketchat_bad_user', reason: 'empty username', origin });
          continue;
        }
        if (people.has(username)) {
          tableSkips.push({ code: 'duplicate_user', reason: `user ${username} is listed again; the first row is the one used`, origin });
          continue;
        }
        people.add({ id: username, displayName: name || username, ...(email ? { email } : {}) });
      }
    }
    const channelsFile = tableFile('channels.csv');
    if (channelsFile) {
      for await (const { cells, origin } of tableRows(channelsFile, 'channels.csv')) {
        const [name = '', creator = '', privacy = '', members = ''] = cells;
        if (name === '') {
          tableSkips.push({ code: 'rocketchat_bad_channel', reason: 'empty channel name', origin });
          continue;
        }
        const room = roomFor(rooms, name);
        room.kind = privacy.toLowerCase() === 'private' ? 'private_channel' : 'channel';
        for (const member of [creator, ...members.split(';')].map((m) => m.trim()).filter(Boolean)) room.members.add(member);
      }
    }

    for (const name of entriesUnder(tree, prefix)) {
      const relative = name.slice(prefix.length);
      const parts = relative.split('/');
      if (parts.length !== 2 || !relative.toLowerCase().endsWith('.csv')) continue;
      const folder = parts[0] ?? '';
      const direct = folder.toLowerCase() === DIRECT;
      for await (const { record, line, error, oversized } of rows(name)) {
        const origin = { file: relative, record: line };
        // A text cut while reading (over the cap) is skipped below, as a message; any other cut field spoils the row.
        const textColumn = direct ? 3 : 2;
        const problem = error ?? cutFieldReason(oversized?.filter((field) => field.column !== textColumn));
        if (problem) {
          tableSkips.push({ code: 'rocketchat_bad_row', reason: problem, origin });
          continue;
        }
        const [username = '', other = ''] = record.map((cell) => cell.trim());
        const [stamp, text] = direct ? [record[2], record[3]] : [record[1], record[2]];
        const roomId = direct ? [username, other].sort().join('/') : folder;
        const expected = direct ? 4 : 3;
        // More cells than that is no message either: most often a quote left open, which joins the rows after it.
        if (record.length !== expected || username === '' || (direct && other === '')) {
          const joined = record.length > expected ? ' (a quote opened in this row and closed in a later one joins those rows into this one)' : '';
          const reason = `expected ${expected} columns (${direct ? 'username, other username, ' : 'username, '}timestamp, text), found ${record.length}${joined}`;
          if (direct) tableSkips.push({ code: 'rocketchat_bad_row', reason, origin });
          else await sink.skip({ conversationId: roomFor(rooms, folder).id, code: 'rocketchat_bad_row', reason, origin });
          continue;
        }
        const room = roomFor(rooms, roomId);
        if (direct) {
          room.kind = 'dm';
          room.members.add(username).add(other);
        }
        const timeMs = parseTime(stamp ?? '');
        if (timeMs === undefined) {
          await sink.skip({ conversationId: room.id, code: 'rocketchat_bad_time', reason: `timestamp "${stamp ?? ''}" is not epoch milliseconds`, origin });
          continue;
        }
        people.add({ id: username });
        const cutText = oversized?.find((field) => field.column === textColumn);
        if (cutText) {
          await sink.skip({ conversationId: room.id, code: 'message_too_large', reason: messageTooLarge(cutText.chars), origin });
          continue;
        }
        await sink.message({
          conversationId: room.id,
          id: `${relative}:${line}`,
          authorId: username,
          timeMs,
          text: text ?? '',
          origin,
        });
      }
    }

    const conversations = [...rooms.values()].map((room) => {
      for (const member of room.members) people.add({ id: member });
      // A DM's members are its id's two usernames, in the same (sorted) order.
      const memberIds = room.kind === 'dm' ? [...room.members].sort() : [...room.members];
      const name = room.kind === 'dm' ? memberIds.map((id) => people.get(id)?.displayName ?? id).join(', ') : room.name;
      return { id: room.id, name, kind: room.kind, memberIds };
    });
    const exported = await sink.finish({
      kind: KIND,
      fingerprint: fingerprint.digest(),
      people: people.map,
      conversations,
      tableSkips,
      tree,
    });
    if (usersFile) return exported;
    // Only channels.csv: no author has an email (a link or folder in users.csv's place is named by the tree).
    const notRead = tree.skipped.find((skip) => skip.origin?.file?.toLowerCase() === `${prefix}users.csv`);
    return { ...exported, userTableProblem: notRead?.reason ?? 'users.csv is not in the export (channels.csv is)' };
  } catch (error) {
    await sink.spill.close();
    await tree.close();
    throw error;
  }
}

/** Why a row with a field cut while reading (over the cap) is skipped; undefined when none was. */
function cutFieldReason(oversized: CsvRow['oversized']): string | undefined {
  const field = oversized?.[0];
  return field && fieldTooLarge(field, `field ${field.column + 1}`);
}

function roomFor(rooms: Map<string, RoomDraft>, id: string): RoomDraft {
  let room = rooms.get(id);
  if (!room) rooms.set(id, (room = { id, name: id, kind: 'channel', members: new Set() }));
  return room;
}

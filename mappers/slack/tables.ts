// Slack's table files → people and conversations. Pure: takes the parsed tables, returns the model plus a skip
// for every problem (a row without an id, a member missing from users.json…).
import type { Conversation, ConversationKind, OpenOptions, Person, Skip } from '../../src/model.js';
import { sourceEmailOnly } from '../../src/people.js';
import { child, isObject, str, strings, type RawObject } from '../shared/raw.js';
import { secondsToMs } from './ts.js';

/** The table files of an export, each already parsed (an absent file is an empty array). */
export interface SlackTables {
  readonly users: readonly unknown[];
  readonly orgUsers: readonly unknown[];
  readonly channels: readonly unknown[];
  readonly groups: readonly unknown[];
  readonly dms: readonly unknown[];
  readonly mpims: readonly unknown[];
}

/** A conversation plus the folder its day files live in (by name, or by id for DMs). */
export interface SlackConversation extends Conversation {
  readonly folders: readonly string[];
}

/** What Slack showed for a user: the display name when set, else the full name, else the handle. */
function displayNameOf(user: RawObject, id: string): string {
  const profile = child(user, 'profile');
  return (
    str(profile?.display_name)?.trim() ||
    str(profile?.real_name)?.trim() ||
    str(user.real_name)?.trim() ||
    str(user.name)?.trim() ||
    id
  );
}

export function buildPeople(
  tables: Pick<SlackTables, 'users' | 'orgUsers'>,
  options: Pick<OpenOptions, 'emailOf'>,
  skips: Skip[],
): Map<string, Person> {
  const people = new Map<string, Person>();
  // users.json first: in Enterprise Grid exports org_users.json repeats the workspace's users.
  for (const [file, rows] of [['users.json', tables.users], ['org_users.json', tables.orgUsers]] as const) {
    // Where each id was first listed in this file: a second listing in the same file is reported (which entry's
    // email is right cannot be known); org_users.json repeating users.json is how Enterprise Grid exports are.
    const firstAt = new Map<string, number>();
    rows.forEach((row, index) => {
      const user = isObject(row) ? row : undefined;
      const id = str(user?.id);
      if (!user || !id) {
        skips.push({ code: 'bad_table_record', reason: `${file} record ${index + 1}: not a user with an id`, origin: { file, record: index + 1 } });
        return;
      }
      const first = firstAt.get(id);
      if (first !== undefined) {
        skips.push({ code: 'duplicate_user', reason: `${file} record ${index + 1}: user ${id} is listed again; record ${first} is the one used`, origin: { file, record: index + 1 } });
        return;
      }
      firstAt.set(id, index + 1);
      if (people.has(id)) return;
      const displayName = displayNameOf(user, id);
      const email = (options.emailOf ?? sourceEmailOnly)({ id, email: str(child(user, 'profile')?.email) ?? str(user.email), name: str(user.name) });
      people.set(id, {
        id,
        displayName,
        isBot: user.is_bot === true || id === 'USLACKBOT',
        ...(email !== undefined && { email }),
        ...(user.deleted === true && { deleted: true }),
      });
    });
  }
  return people;
}

const TABLES: ReadonlyArray<readonly [keyof SlackTables, string, ConversationKind]> = [
  ['channels', 'channels.json', 'channel'],
  ['groups', 'groups.json', 'private_channel'],
  ['mpims', 'mpims.json', 'group_dm'],
  ['dms', 'dms.json', 'dm'],
];

function description(row: RawObject): string | undefined {
  return str(child(row, 'purpose')?.value)?.trim() || str(child(row, 'topic')?.value)?.trim() || undefined;
}

/**
 * Conversations of every table, in table order. Members missing from users.json get a placeholder person named
 * by their id (and one `missing_user` skip each), so every member id resolves.
 */
export function buildConversations(
  tables: SlackTables,
  people: Map<string, Person>,
  options: Pick<OpenOptions, 'emailOf'>,
  skips: Skip[],
): SlackConversation[] {
  const out: SlackConversation[] = [];
  const seen = new Set<string>();
  const ensurePerson = (id: string, where: string): void => {
    if (people.has(id)) return;
    const email = (options.emailOf ?? sourceEmailOnly)({ id });
    people.set(id, { id, displayName: id, isBot: false, ...(email !== undefined && { email }) });
    skips.push({ code: 'missing_user', reason: `users.json has no user ${id} (member of ${where}); shown by id` });
  };
  for (const [key, file, kind] of TABLES) {
    tables[key].forEach((row, index) => {
      const conversation = isObject(row) ? row : undefined;
      const id = str(conversation?.id);
      if (!conversation || !id) {
        skips.push({ code: 'bad_table_record', reason: `${file} record ${index + 1}: not a conversation with an id`, origin: { file, record: index + 1 } });
        return;
      }
      if (seen.has(id)) {
        skips.push({ code: 'duplicate_conversation', reason: `${file} record ${index + 1}: conversation ${id} is listed twice`, origin: { file, record: index + 1 } });
        return;
      }
      seen.add(id);
      const tableName = str(conversation.name);
      const label = kind === 'channel' || kind === 'private_channel' ? `#${tableName ?? id}` : `${kind} ${id}`;
      const memberIds = [...new Set(strings(conversation.members))];
      for (const member of memberIds) ensurePerson(member, label);
      const isDirect = kind === 'dm' || kind === 'group_dm';
      // DMs have no name, and MPIM names ("mpdm-ann--bob-1") are Slack handles: both read better as the members.
      const memberNames = memberIds.map((m) => people.get(m)?.displayName ?? m).join(', ');
      const name = isDirect ? memberNames || tableName || id : tableName ?? id;
      const createdMs = secondsToMs(conversation.created);
      const desc = isDirect ? undefined : description(conversation);
      out.push({
        id,
        name,
        kind,
        memberIds,
        // DM folders are named by id; channel, private channel and MPIM folders by name (id as a fallback).
        folders: kind === 'dm' ? [id] : tableName && tableName !== id ? [tableName, id] : [id],
        ...(createdMs !== undefined && { createdMs }),
        ...(desc !== undefined && { description: desc }),
        ...(conversation.is_archived === true && { archived: true }),
      });
    });
  }
  return out;
}

// One pass over a Microsoft Teams export folder or zip:
//   users/usersList.json, users/<userId>/messages_<userId>.json (that user's chats)
//   teams/teamsList.json, teams/teamsSettings.json, teams/<teamId>/{channels,teamMembers,messages}_<teamId>.json
// Tables are read first; message files are JSON arrays streamed one message at a time (stream-json) and filed
// per conversation. Each chat appears once per member's file, so the export deduplicates by message id.
import type { Conversation, ConversationKind, OpenOptions, Skip, SourceExport } from '../../src/model.js';
import { findInFilesDirSync } from '../shared/files.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { badJsonSkip, JsonReadError } from '../shared/input-error.js';
import { oversizedReason } from '../shared/bounded-assembler.js';
import { selectJson, type Oversized } from '../shared/json-stream.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';
import { PeopleTable } from '../shared/people.js';
import { RecordSink } from '../shared/records.js';
import { findPrefix, treeOf, type SourceTree } from '../shared/source-tree.js';
import { parseTime } from '../shared/time.js';
import { isSystemEvent, mapMessage, systemMemberships, type MessageContext, type TeamsMessage } from './map.js';
import { str } from '../shared/raw.js';

const KIND = 'teams';
type Json = Record<string, unknown>;

interface Draft {
  readonly id: string;
  name: string;
  kind: ConversationKind;
  createdMs?: number;
  description?: string;
  archived?: boolean;
  /** Known members (team members, chat owners), and people seen writing, used when members are unknown. */
  readonly members: Set<string>;
  readonly authors: Set<string>;
  /** Private channels export no member list: their writers stand in for it. */
  membersFromAuthors: boolean;
  /** 1:1 and group chats take their name from their members once all are known. */
  namedByMembers: boolean;
}

/** The export's user table: the tenant's accounts with their emails (messages name only an id and a name). */
const USERS_LIST = 'users/usersList.json';

export function teamsMarkers(): string[] {
  return [USERS_LIST, 'teams/teamsList.json'];
}

export async function readTeams(path: string, options: OpenOptions): Promise<SourceExport> {
  const tree = await treeOf(path, options);
  const sink = await RecordSink.create();
  try {
    const names = [...tree.entries.keys()];
    const prefix = teamsMarkers().map((marker) => findPrefix(names, marker)).find((p) => p !== undefined) ?? '';
    const reader = new TeamsReader(tree, prefix, options, sink);
    // Entries of the zip or folder never read (unsafe names, zip bombs…), each with its reason.
    reader.tableSkips.push(...tree.skipped);
    await reader.readTables();
    await reader.readMessages();
    const usersProblem = reader.userTableProblem();
    const exported = await sink.finish({
      kind: KIND,
      fingerprint: reader.fingerprint.digest(),
      people: reader.people.map,
      conversations: reader.conversations(),
      tableSkips: reader.tableSkips,
      tree,
      dedupe: true,
    });
    return usersProblem ? { ...exported, userTableProblem: usersProblem } : exported;
  } catch (error) {
    await sink.spill.close();
    await tree.close();
    throw error;
  }
}

class TeamsReader {
  readonly fingerprint = new Fingerprint(KIND);
  readonly people: PeopleTable;
  readonly tableSkips: Skip[] = [];
  private readonly drafts = new Map<string, Draft>();
  private readonly context: MessageContext;
  /** Accounts read from usersList.json. */
  private listed = 0;

  constructor(
    private readonly tree: SourceTree,
    private readonly prefix: string,
    private readonly options: OpenOptions,
    private readonly sink: RecordSink,
  ) {
    this.people = new PeopleTable(options);
    this.context = {
      bytesFor: (id, name) => {
        const found = findInFilesDirSync(options.filesDir, id, name);
        return found ? { path: found } : undefined;
      },
    };
  }

  /**
   * The elements of a JSON array file (relative to the export root), one at a time; nothing when absent. An entry
   * of a table file holding a string over the cap is skipped here; in a `messages` file, it is passed on marked
   * `oversized`, for the message to be skipped in its conversation.
   */
  private async *array(name: string, messages = false): AsyncGenerator<{ value: Json; index: number; oversized?: Oversized }> {
    const full = this.prefix + name;
    if (!this.tree.entries.has(full)) return;
    const source = this.fingerprint.tap(await this.tree.open(full), name);
    const utf8 = new Utf8Counter();
    try {
      for await (const { path, value, oversized } of selectJson(source, (p) => p.length === 1, { utf8 })) {
        if (typeof value !== 'object' || value === null) continue;
        const index = (path[0] as number) + 1;
        if (oversized && !messages) {
          this.tableSkips.push({ code: 'value_too_large', reason: oversizedReason('entry', oversized), origin: { file: name, record: index } });
          continue;
        }
        yield { value: value as Json, index, ...(oversized ? { oversized } : {}) };
      }
    } catch (error) {
      if (!(error instanceof JsonReadError)) throw error;
      this.tableSkips.push(badJsonSkip(name, error));
    }
    const invalid = invalidUtf8Skip(name, utf8.replaced);
    if (invalid) this.tableSkips.push(invalid);
  }

  /**
   * Why usersList.json gives no accounts, naming it: absent, a folder or link in its place (never read), or not
   * JSON. Undefined when it was read, even empty. Call after readTables and readMessages: the team members listed
   * in teamMembers files are the only people then left with an email, and the message says how many there are.
   */
  userTableProblem(): string | undefined {
    if (this.listed > 0) return undefined;
    const file = this.prefix + USERS_LIST;
    const failed = this.tableSkips.find((skip) => skip.code === 'bad_json' && skip.origin?.file === USERS_LIST);
    const notRead = this.tree.skipped.find((skip) => skip.origin?.file === file);
    if (!failed && this.tree.entries.has(file)) return undefined;
    const why = failed ? `${USERS_LIST}: ${failed.reason}` : (notRead?.reason ?? `${USERS_LIST} is not in the export`);
    const withEmail = [...this.people.map.values()].filter((person) => person.email !== undefined).length;
    return withEmail > 0 ? `${why}; only the ${withEmail} team members listed in teamMembers files have an email` : why;
  }

  private teamFolders(): string[] {
    const ids = new Set<string>();
    for (const name of this.tree.entries.keys()) {
      const parts = name.slice(this.prefix.length).split('/');
      if (name.startsWith(this.prefix) && parts.length === 3 && parts[0] === 'teams') ids.add(parts[1] ?? '');
    }
    return [...ids].sort();
  }

  private userFolders(): string[] {
    const ids = new Set<string>();
    for (const name of this.tree.entries.keys()) {
      const parts = name.slice(this.prefix.length).split('/');
      if (name.startsWith(this.prefix) && parts.length === 3 && parts[0] === 'users' && parts[2] === `messages_${parts[1]}.json`) {
        ids.add(parts[1] ?? '');
      }
    }
    return [...ids].sort();
  }

  async readTables(): Promise<void> {
    for await (const { value } of this.array(USERS_LIST)) {
      const id = str(value.Id);
      if (!id) continue;
      this.listed += 1;
      const email = str(value.Mail) || str(value.UserPrincipalName);
      this.people.add({ id, displayName: str(value.DisplayName) || id, ...(email ? { email } : {}) });
    }
    const teams = new Map<string, Json>();
    for await (const { value } of this.array('teams/teamsList.json')) teams.set(str(value.GroupsId) ?? '', value);
    for await (const { value } of this.array('teams/teamsSettings.json')) {
      const id = str(value.Id) ?? '';
      teams.set(id, { ...(teams.get(id) ?? {}), ...value });
    }
    for (const teamId of this.teamFolders()) {
      const team = teams.get(teamId) ?? {};
      const teamName = str(team.Name) || str(team.DisplayName) || teamId;
      const privateTeam = str(team.Privacy)?.toLowerCase() === 'private' || str(team.Visibility)?.toLowerCase() === 'private';
      const members: string[] = [];
      for await (const { value } of this.array(`teams/${teamId}/teamMembers_${teamId}.json`)) {
        const id = str(value.UserId);
        if (!id) continue;
        // Guests from other tenants ("…#EXT#@…") have no account of this organization to impersonate.
        const userName = str(value.UserName) ?? '';
        const email = userName.includes('@') && !userName.toUpperCase().includes('#EXT#') ? userName : undefined;
        this.people.add({ id, displayName: str(value.Name) || id, ...(email ? { email } : {}) });
        members.push(id);
      }
      for await (const { value } of this.array(`teams/${teamId}/channels_${teamId}.json`)) {
        const id = str(value.Id);
        if (!id) continue;
        const membership = str(value.MembershipType)?.toLowerCase();
        const createdMs = parseTime(value.CreatedDateTime);
        const description = str(value.Description);
        this.drafts.set(id, {
          id,
          name: `${teamName} / ${str(value.DisplayName) || id}`,
          kind: membership === 'private' || privateTeam ? 'private_channel' : 'channel',
          ...(createdMs !== undefined ? { createdMs } : {}),
          ...(description ? { description } : {}),
          ...(value.IsArchived === true || team.IsArchived === true ? { archived: true } : {}),
          members: new Set(membership === 'private' ? [] : members),
          authors: new Set(),
          membersFromAuthors: membership === 'private',
          namedByMembers: false,
        });
      }
    }
  }

  async readMessages(): Promise<void> {
    for (const teamId of this.teamFolders()) {
      const file = `teams/${teamId}/messages_${teamId}.json`;
      for await (const { value, index, oversized } of this.array(file, true)) await this.message(value as TeamsMessage, file, index, undefined, oversized);
    }
    for (const userId of this.userFolders()) {
      const file = `users/${userId}/messages_${userId}.json`;
      for await (const { value, index, oversized } of this.array(file, true)) await this.message(value as TeamsMessage, file, index, userId, oversized);
    }
  }

  /** The chat a message belongs to, created on first sight; the file's owner is one of its members. */
  private chat(chatId: string, owner: string | undefined): Draft {
    let draft = this.drafts.get(chatId);
    if (!draft) {
      // 1:1 chats are named "19:<userA>_<userB>@unq.gbl.spaces"; group and meeting chats "…@thread.v2".
      const oneOnOne = /^19:([^_@]+)_([^_@]+)@unq\.gbl\.spaces$/.exec(chatId);
      draft = {
        id: chatId,
        name: chatId,
        kind: oneOnOne ? 'dm' : 'group_dm',
        members: new Set(oneOnOne ? [oneOnOne[1] ?? '', oneOnOne[2] ?? ''] : []),
        authors: new Set(),
        membersFromAuthors: false,
        namedByMembers: true,
      };
      this.drafts.set(chatId, draft);
    }
    if (owner) draft.members.add(owner);
    return draft;
  }

  private async message(message: TeamsMessage, file: string, index: number, owner: string | undefined, oversized?: Oversized): Promise<void> {
    const origin = { file, record: index };
    const channelId = message.ChannelIdentity?.ChannelId;
    const draft = channelId ? this.drafts.get(channelId) : message.ChatId ? this.chat(message.ChatId, owner) : undefined;
    if (oversized && !draft) {
      // Its conversation may have come after the huge value, which was not read further.
      this.tableSkips.push({ code: 'message_too_large', reason: oversizedReason('message', oversized), origin });
      return;
    }
    if (!draft) {
      const where = channelId ? `channel ${channelId}, which no channels file lists` : 'no channel or chat';
      this.tableSkips.push({ code: 'teams_unknown_conversation', reason: `message ${message.Id ?? '?'} is in ${where}`, origin });
      return;
    }
    const conversationId = draft.id;
    const key = message.Id;
    const timeMs = parseTime(message.CreatedDateTime);
    if (oversized) {
      await this.sink.skip({ conversationId, code: 'message_too_large', reason: oversizedReason('message', oversized), origin }, timeMs, key);
      return;
    }
    if (isSystemEvent(message)) {
      const events = timeMs === undefined ? [] : systemMemberships(message, conversationId, timeMs);
      for (const event of events) {
        this.people.add({ id: event.personId });
        await this.sink.membership(event, key);
      }
      if (events.length === 0) {
        await this.sink.skip(
          { conversationId, code: 'teams_system_event', reason: `system event ${message.Id ?? '?'} is not imported`, origin },
          timeMs,
          key,
        );
      }
      return;
    }
    const mapped = mapMessage(message, conversationId, this.context);
    if (!mapped.ok) {
      await this.sink.skip({ conversationId, code: mapped.code, reason: mapped.reason, origin }, timeMs, key);
      return;
    }
    const user = message.From?.User;
    if (user?.Id) {
      // usersList.json lists active accounts only: anyone else who wrote has left the organization.
      if (!this.people.has(user.Id)) this.people.add({ id: user.Id, displayName: user.DisplayName ?? user.Id, deleted: true });
      draft.authors.add(user.Id);
    }
    for (const reaction of message.Reactions ?? []) {
      const reactor = reaction.User?.User;
      if (reactor?.Id && !this.people.has(reactor.Id)) this.people.add({ id: reactor.Id, displayName: reactor.DisplayName ?? reactor.Id, deleted: true });
    }
    await this.sink.message({ ...mapped.message, origin });
  }

  conversations(): Conversation[] {
    return [...this.drafts.values()].map((draft) => {
      const members = new Set(draft.members);
      if (draft.membersFromAuthors || draft.namedByMembers) for (const author of draft.authors) members.add(author);
      for (const id of members) this.people.add({ id, deleted: true });
      const memberIds = [...members].sort();
      const name = draft.namedByMembers
        ? memberIds.map((id) => this.people.get(id)?.displayName ?? id).join(', ')
        : draft.name;
      return {
        id: draft.id,
        name,
        kind: draft.kind,
        memberIds,
        ...(draft.createdMs !== undefined ? { createdMs: draft.createdMs } : {}),
        ...(draft.description ? { description: draft.description } : {}),
        ...(draft.archived ? { archived: true } : {}),
      };
    });
  }
}

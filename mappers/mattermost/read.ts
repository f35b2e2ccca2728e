// One pass over a Mattermost bulk export (JSON Lines, or a zip holding it and its data/ attachments): teams,
// channels, users and custom emoji fill the small tables; every post, with its replies, is mapped and filed
// under its conversation (shared/records.ts), since posts of all channels interleave.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { Conversation, OpenOptions, Skip, SourceExport } from '../../src/model.js';
import { baseName } from '../shared/files.js';
import { Fingerprint } from '../shared/fingerprint.js';
import { lineTooLarge, readLines } from '../shared/lines.js';
import { PeopleTable } from '../shared/people.js';
import { RecordSink, type FileBytes } from '../shared/records.js';
import { isZipPath, treeOf, type SourceTree } from '../shared/source-tree.js';
import { channelId, directId, mapMessage, systemMembership, type MattermostPost, type MattermostReply, type PostContext } from './map.js';
import { str, strings } from '../shared/raw.js';
import { invalidUtf8Skip, Utf8Counter } from '../shared/utf8.js';

const KIND = 'mattermost';
/** Line types that carry nothing chat-import writes (permissions, schemes, the format version). */
const IGNORED = new Set(['version', 'role', 'scheme', 'bot']);

interface Draft {
  readonly conversation: Omit<Conversation, 'memberIds'>;
  readonly members: Set<string>;
  readonly team?: string;
}

type Json = Record<string, unknown>;

export async function readMattermost(path: string, options: OpenOptions): Promise<SourceExport> {
  const tree = isZipPath(path) ? await treeOf(path, options) : undefined;
  const sink = await RecordSink.create();
  try {
    const jsonlName = tree ? [...tree.entries.keys()].filter((n) => /\.jsonl?$/i.test(n)).sort()[0] : undefined;
    if (tree && !jsonlName) throw new Error(`${path}: no .jsonl file in the zip`);
    const file = jsonlName ?? baseName(path);
    const fingerprint = new Fingerprint(KIND);
    const source = fingerprint.tap(tree && jsonlName ? await tree.open(jsonlName) : createReadStream(path), file);
    const reader = new MattermostReader(file, options, sink, await attachmentLocator(path, tree));
    // Entries of the zip never read (unsafe names, zip bombs…), each with its reason.
    if (tree) reader.tableSkips.push(...tree.skipped);
    const utf8 = new Utf8Counter();
    for await (const numbered of readLines(source, { utf8 })) {
      if (numbered.text === undefined) reader.tableSkips.push(lineTooLarge(file, numbered));
      else if (numbered.text.trim() !== '') await reader.line(numbered.text, numbered.line);
    }
    const invalid = invalidUtf8Skip(file, utf8.replaced);
    if (invalid) reader.tableSkips.push(invalid);
    const exported = await sink.finish({
      kind: KIND,
      fingerprint: fingerprint.digest(),
      people: reader.people.map,
      conversations: reader.conversations(),
      tableSkips: reader.tableSkips,
      ...(tree ? { tree } : {}),
    });
    // The user records are the export's user table (posts name only a username): none at all is a table missing.
    return reader.users > 0 ? exported : { ...exported, userTableProblem: `${file} has no user records ("type": "user" lines, which carry the emails)` };
  } catch (error) {
    await sink.spill.close();
    await tree?.close();
    throw error;
  }
}

/** Attachment paths are relative to the export's data/ folder (or, in some exports, to the export itself). */
async function attachmentLocator(path: string, tree: SourceTree | undefined): Promise<(p: string) => Promise<FileBytes | undefined>> {
  if (tree) {
    return async (p) => {
      const entry = [`data/${p}`, p].find((name) => tree.entries.has(name));
      return entry ? { entry } : undefined;
    };
  }
  const base = dirname(path);
  return async (p) => {
    for (const candidate of [join(base, 'data', p), join(base, p)]) {
      const full = normalize(candidate);
      // Never outside the export's folder: a crafted path must not make the tool upload other local files.
      if (!full.startsWith(base + sep)) continue;
      try {
        if ((await stat(full)).isFile()) return { path: full };
      } catch {
        // not there
      }
    }
    return undefined;
  };
}

class MattermostReader {
  readonly people: PeopleTable;
  readonly tableSkips: Skip[] = [];
  private readonly drafts = new Map<string, Draft>();
  private readonly customEmoji = new Set<string>();
  private readonly teams = new Map<string, string>();
  /** User records read: the export's user table. */
  users = 0;

  constructor(
    private readonly file: string,
    options: OpenOptions,
    private readonly sink: RecordSink,
    private readonly locate: (path: string) => Promise<FileBytes | undefined>,
  ) {
    this.people = new PeopleTable(options);
  }

  /** The conversations; a channel name shared by channels of two teams gets its team's name added. */
  conversations(): Conversation[] {
    const nameCount = new Map<string, number>();
    for (const { conversation } of this.drafts.values()) nameCount.set(conversation.name, (nameCount.get(conversation.name) ?? 0) + 1);
    return [...this.drafts.values()].map(({ conversation, members, team }) => {
      for (const id of members) this.people.add({ id });
      const name =
        team !== undefined && (nameCount.get(conversation.name) ?? 0) > 1
          ? `${conversation.name} (${this.teams.get(team) ?? team})`
          : conversation.name;
      return { ...conversation, name, memberIds: [...members] };
    });
  }

  /** Lookups for one post: attachment bytes are found (async) before the pure mapping runs. */
  private async context(posts: readonly MattermostReply[]): Promise<PostContext> {
    const found = new Map<string, FileBytes | undefined>();
    for (const post of posts) {
      for (const attachment of post.attachments ?? []) {
        if (attachment.path && !found.has(attachment.path)) found.set(attachment.path, await this.locate(attachment.path));
      }
    }
    return {
      locate: (p) => found.get(p),
      isKnownUser: (name) => this.people.has(name),
      isCustomEmoji: (name) => this.customEmoji.has(name),
    };
  }

  async line(text: string, line: number): Promise<void> {
    const origin = { file: this.file, record: line };
    let record: Json;
    try {
      record = JSON.parse(text) as Json;
    } catch (error) {
      this.tableSkips.push({ code: 'mattermost_bad_line', reason: `not valid JSON (${(error as Error).message})`, origin });
      return;
    }
    const type = str(record.type) ?? '';
    const body = (record[type] ?? {}) as Json;
    switch (type) {
      case 'team': {
        const team = str(body.name);
        if (team) this.teams.set(team, str(body.display_name) || team);
        return;
      }
      case 'channel':
        return this.channel(body);
      case 'user':
        return this.user(body);
      case 'direct_channel':
        this.direct((body.members as string[] | undefined) ?? []);
        return;
      case 'emoji': {
        const emoji = str(body.name);
        if (emoji) this.customEmoji.add(emoji);
        return;
      }
      case 'post':
      case 'direct_post':
        return this.post(type, body as MattermostPost, line);
      default:
        if (!IGNORED.has(type)) this.tableSkips.push({ code: 'mattermost_unknown_line', reason: `line type "${type}" is not read`, origin });
    }
  }

  private channel(body: Json): void {
    const team = str(body.team);
    const name = str(body.name);
    if (!team || !name) return;
    const id = channelId(team, name);
    if (this.drafts.has(id)) return;
    const description = str(body.purpose) || str(body.header);
    this.drafts.set(id, {
      conversation: {
        id,
        name: str(body.display_name) || name,
        kind: body.type === 'P' ? 'private_channel' : 'channel',
        ...(description ? { description } : {}),
      },
      members: new Set(),
      team,
    });
  }

  private user(body: Json): void {
    const username = str(body.username);
    if (!username) return;
    this.users += 1;
    const full = `${str(body.first_name) ?? ''} ${str(body.last_name) ?? ''}`.trim();
    this.people.add({
      id: username,
      displayName: full || str(body.nickname) || username,
      ...(str(body.email) ? { email: str(body.email) } : {}),
      ...(typeof body.delete_at === 'number' && body.delete_at > 0 ? { deleted: true } : {}),
    });
    // Channel memberships are listed per user, per team.
    for (const team of (body.teams as Json[] | null | undefined) ?? []) {
      for (const channel of (team.channels as Json[] | null | undefined) ?? []) {
        this.drafts.get(channelId(str(team.name) ?? '', str(channel.name) ?? ''))?.members.add(username);
      }
    }
  }

  private direct(members: readonly string[]): Draft | undefined {
    const usable = strings(members);
    if (usable.length < 2) return undefined;
    const id = directId(usable);
    let draft = this.drafts.get(id);
    if (!draft) {
      const sorted = [...usable].sort();
      draft = {
        conversation: {
          id,
          name: sorted.map((m) => this.people.get(m)?.displayName ?? m).join(', '),
          kind: sorted.length === 2 ? 'dm' : 'group_dm',
        },
        members: new Set(sorted),
      };
      this.drafts.set(id, draft);
    }
    return draft;
  }

  private async post(type: string, post: MattermostPost, line: number): Promise<void> {
    const origin = { file: this.file, record: line };
    const conversationId =
      type === 'direct_post'
        ? this.direct(post.channel_members ?? [])?.conversation.id
        : this.drafts.has(channelId(post.team ?? '', post.channel ?? ''))
          ? channelId(post.team ?? '', post.channel ?? '')
          : undefined;
    if (!conversationId) {
      const where = type === 'direct_post' ? `direct channel [${(post.channel_members ?? []).join(', ')}]` : `channel ${post.team}/${post.channel}`;
      this.tableSkips.push({ code: 'mattermost_unknown_channel', reason: `post in ${where}, which the export does not define`, origin });
      return;
    }
    const skip = (code: Skip['code'], reason: string) => this.sink.skip({ conversationId, code, reason, origin });
    if (!post.user || typeof post.create_at !== 'number') {
      await skip('mattermost_bad_post', 'post without user or create_at');
      return;
    }
    this.people.add({ id: post.user });
    if (post.type?.startsWith('system_')) {
      const event = systemMembership(post, conversationId, post.create_at);
      if (event) await this.sink.membership(event);
      else await skip('mattermost_system_post', `system post "${post.type}" is not imported`);
      return;
    }
    const rootId = `L${line}`;
    const replies = post.replies ?? [];
    const context = await this.context([post, ...replies]);
    await this.sink.message({ ...mapMessage(post, conversationId, rootId, post.create_at, undefined, context), origin });
    for (const [index, reply] of replies.entries()) {
      if (!reply.user || typeof reply.create_at !== 'number') {
        await skip('mattermost_bad_post', `reply ${index + 1} without user or create_at`);
        continue;
      }
      this.people.add({ id: reply.user });
      // A reply stamped before its root (seen in real exports) is moved to the root's time: Chat shows a thread
      // from its first message, so the root must come first.
      const timeMs = Math.max(reply.create_at, post.create_at);
      const id = `${rootId}.${index + 1}`;
      await this.sink.message({ ...mapMessage(reply, conversationId, id, timeMs, rootId, context), origin });
    }
  }
}

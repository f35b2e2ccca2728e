// Mattermost bulk-export records (one JSON object per line) → the model. Pure; the reader supplies lookups.
// Facts about the format (Mattermost's bulk import/export docs): channels are named per team, posts carry their
// replies and reactions inline and have no ids, times are epoch milliseconds, attachments are paths under the
// export's data/ folder, system posts have a "type" starting with "system_".
import type { FallbackKind, MembershipEvent, Reaction } from '../../src/model.js';
import { emojiFromShortcode } from '../shared/emoji.js';
import { baseName } from '../shared/files.js';
import { markdownToChat, type MarkdownContext } from '../shared/markdown.js';
import { storedMessage } from '../shared/message.js';
import type { StoredFile, StoredMessage } from '../shared/records.js';

export interface MattermostReaction {
  readonly user?: string;
  readonly emoji_name?: string;
}

export interface MattermostReply {
  readonly user?: string;
  readonly message?: string;
  readonly create_at?: number;
  readonly reactions?: readonly MattermostReaction[] | null;
  readonly attachments?: readonly { readonly path?: string }[] | null;
}

export interface MattermostPost extends MattermostReply {
  readonly team?: string;
  readonly channel?: string;
  readonly channel_members?: readonly string[];
  readonly type?: string;
  readonly props?: Record<string, unknown>;
  readonly replies?: readonly MattermostReply[] | null;
}

export interface PostContext extends MarkdownContext {
  /** Where an attachment's bytes are, when the export holds them. */
  readonly locate: (path: string) => StoredFile['bytes'];
}

/** Channel conversation ids: channel names are unique only within their team. */
export function channelId(team: string, channel: string): string {
  return `${team}/${channel}`;
}

/** Direct channel ids: the sorted usernames (order in the export varies between records). */
export function directId(members: readonly string[]): string {
  return `dm:${[...members].sort().join(',')}`;
}

export function mapReactions(reactions: readonly MattermostReaction[] | null | undefined): Reaction[] {
  const byEmoji = new Map<string, string[]>();
  for (const reaction of reactions ?? []) {
    if (!reaction.user || !reaction.emoji_name) continue;
    const users = byEmoji.get(reaction.emoji_name) ?? [];
    if (!users.includes(reaction.user)) users.push(reaction.user);
    byEmoji.set(reaction.emoji_name, users);
  }
  return [...byEmoji].map(([name, personIds]) => {
    const unicode = emojiFromShortcode(name);
    return unicode ? { unicode, personIds } : { customName: name, personIds };
  });
}

function mapFiles(
  attachments: readonly { readonly path?: string }[] | null | undefined,
  messageId: string,
  context: PostContext,
): StoredFile[] {
  return (attachments ?? [])
    .filter((attachment): attachment is { path: string } => typeof attachment.path === 'string' && attachment.path !== '')
    .map((attachment, index) => {
      const bytes = context.locate(attachment.path);
      return { id: `${messageId}/${index + 1}`, name: baseName(attachment.path), ...(bytes ? { bytes } : {}) };
    });
}

/** One post or reply as a message; `threadId` set for replies (the root's id). */
export function mapMessage(
  post: MattermostReply,
  conversationId: string,
  id: string,
  timeMs: number,
  threadId: string | undefined,
  context: PostContext,
  extraFallbacks: readonly FallbackKind[] = [],
): StoredMessage {
  const converted = markdownToChat(post.message ?? '', context);
  const reactions = mapReactions(post.reactions);
  const files = mapFiles(post.attachments, id, context);
  const fallbacks = new Set([...converted.fallbacks, ...extraFallbacks]);
  return storedMessage({ conversationId, id, author: { authorId: post.user ?? '' }, timeMs, text: converted.text, threadId, reactions, files, fallbacks });
}

/** System posts that are membership changes: join/leave of the post's user or of the user it names. */
export function systemMembership(post: MattermostPost, conversationId: string, timeMs: number): MembershipEvent | undefined {
  const props = post.props ?? {};
  const named = (key: string) => (typeof props[key] === 'string' ? (props[key] as string) : undefined);
  switch (post.type) {
    case 'system_join_channel':
      return post.user ? { conversationId, personId: post.user, type: 'join', timeMs } : undefined;
    case 'system_leave_channel':
      return post.user ? { conversationId, personId: post.user, type: 'leave', timeMs } : undefined;
    case 'system_add_to_channel': {
      const user = named('addedUsername');
      return user ? { conversationId, personId: user, type: 'join', timeMs } : undefined;
    }
    case 'system_remove_from_channel': {
      const user = named('removedUsername');
      return user ? { conversationId, personId: user, type: 'leave', timeMs } : undefined;
    }
    default:
      return undefined;
  }
}

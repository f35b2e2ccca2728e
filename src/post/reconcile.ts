// What a space holds, read from Google (messages.list, 1000 a page): the reconciliation that makes Google Chat the
// ledger. Used when the state file cannot be trusted for a space — it is missing or new, it does not know the space,
// or the plan below its watermark changed (a newer or edited export, other filters) — so only what is missing is
// written. Our messages carry their deterministic `client-…` id (clientAssignedMessageId); each message's reaction
// summary (count per emoji) tells whether its planned reactions are all there without a read per message.
import type { chat_v1 } from '@googleapis/chat';
import type { Writer } from './writer.js';

interface Held {
  /** Reactions per emoji, from emojiReactionSummaries. */
  readonly reactions: ReadonlyMap<string, number>;
  /** Planned again by this run: messages never marked are in Google but no longer in the export. */
  planned: boolean;
}

export class SpaceContents {
  private readonly messages = new Map<string, Held>();
  /** List calls made (pages read). */
  pages = 0;

  add(message: chat_v1.Schema$Message): void {
    const id = message.clientAssignedMessageId ?? /\/messages\/(client-[a-z0-9-]+)$/.exec(message.name ?? '')?.[1];
    if (!id?.startsWith('client-')) return; // not written by chat-import
    const reactions = new Map<string, number>();
    for (const summary of message.emojiReactionSummaries ?? []) {
      const unicode = summary.emoji?.unicode;
      if (unicode) reactions.set(unicode, summary.reactionCount ?? 0);
    }
    this.messages.set(id, { reactions, planned: false });
  }

  get size(): number {
    return this.messages.size;
  }

  /** True when Google holds this message; marks it as still planned. */
  has(messageId: string): boolean {
    const held = this.messages.get(messageId);
    if (held) held.planned = true;
    return held !== undefined;
  }

  /** How many reactions with this emoji the message has in Google (0 when the message is not there). */
  reactionCount(messageId: string, unicode: string): number {
    return this.messages.get(messageId)?.reactions.get(unicode) ?? 0;
  }

  /** Our messages in Google that the plan no longer has (deleted from the newer export). */
  notPlanned(): string[] {
    return [...this.messages].filter(([, held]) => !held.planned).map(([id]) => id);
  }
}

/** Reads every message of the space as the admin, with the writer's retries (reads have their own, larger quota). */
export async function listSpace(writer: Writer, conversationId: string, spaceName: string): Promise<SpaceContents> {
  const contents = new SpaceContents();
  const auth = await writer.adminAuth();
  let pageToken: string | undefined;
  do {
    const page = await writer.write(conversationId, 'read', undefined, () => writer.client.listMessages(auth, spaceName, pageToken));
    contents.pages += 1;
    for (const message of page.messages ?? []) contents.add(message);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return contents;
}

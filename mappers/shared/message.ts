// One way to assemble a mapped message, so every mapper leaves out the same things: an absent thread, and empty
// reaction, file and fallback lists are omitted (the model reads a missing field as "none").
import type { FallbackKind, Message, Reaction } from '../../src/model.js';
import type { StoredFile, StoredMessage } from './records.js';

export interface MessageParts {
  readonly conversationId: string;
  readonly id: string;
  /** authorId, or authorName + asAdmin for a write the admin makes with an attribution line. */
  readonly author: Pick<Message, 'authorId' | 'authorName' | 'asAdmin'>;
  readonly timeMs: number;
  readonly text: string;
  readonly threadId?: string | undefined;
  readonly reactions: readonly Reaction[];
  readonly files: readonly StoredFile[];
  readonly fallbacks: ReadonlySet<FallbackKind>;
}

export function storedMessage(parts: MessageParts): StoredMessage {
  const { threadId, reactions, files, fallbacks } = parts;
  return {
    conversationId: parts.conversationId,
    id: parts.id,
    ...parts.author,
    timeMs: parts.timeMs,
    text: parts.text,
    ...(threadId ? { threadId } : {}),
    ...(reactions.length > 0 ? { reactions } : {}),
    ...(files.length > 0 ? { files } : {}),
    ...(fallbacks.size > 0 ? { fallbacks: [...fallbacks] } : {}),
  };
}

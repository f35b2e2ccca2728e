// Step 3 of planning a conversation: which Chat thread each message goes to.
import type { Message } from '../model.js';
import { HashTable } from './hash-table.js';
import { quickHash, threadKeyFor } from './ids.js';

/**
 * Contract: a message starts a thread when it has no threadId or its threadId is its own id; every message goes
 * to the thread key of its thread id (`threadKeyFor`), so a root, its replies and every part share one Chat
 * thread. A root is known from the moment it is admitted (`admit`), even if it is not written; a written reply
 * whose root was not admitted before it (deleted, outside the export, or later in the stream) is reported once
 * per thread (`missingRoot`), and then starts the thread itself.
 */
export class ThreadBook {
  /** Thread ids (hashed) started: by their root, or by their first written reply when the root is missing. */
  private readonly started = new HashTable(false);

  constructor(
    private readonly sourceKind: string,
    private readonly conversationId: string,
  ) {}

  static threadIdOf(message: Message): string {
    return message.threadId ?? message.id;
  }

  admit(message: Message): void {
    if (ThreadBook.threadIdOf(message) === message.id) this.started.set(quickHash(message.id));
  }

  /** True the first time a reply of a thread whose root was never admitted is written. */
  missingRoot(message: Message): boolean {
    const threadId = ThreadBook.threadIdOf(message);
    if (threadId === message.id) return false;
    const threadHash = quickHash(threadId);
    if (this.started.has(threadHash)) return false;
    this.started.set(threadHash);
    return true;
  }

  keyOf(message: Message): string {
    return threadKeyFor(this.sourceKind, this.conversationId, ThreadBook.threadIdOf(message));
  }
}

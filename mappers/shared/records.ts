// The common back half of every spilling mapper: a sink the first pass writes mapped records into, and the
// SourceExport that streams them back per conversation. Records are stored in a JSON-safe form (a file's `open`
// becomes where its bytes are). A thread root learns it is one on the way out: a message that some reply names
// gets threadId = its own id, as the model asks. (A reply whose root is missing is counted by the planner.)
import { createReadStream } from 'node:fs';
import type {
  Conversation,
  ConversationRecord,
  FileRef,
  MembershipEvent,
  Message,
  Person,
  Skip,
  SourceExport,
} from '../../src/model.js';
import { ConversationSpill } from './spill.js';
import type { SourceTree } from './source-tree.js';

/** Where a file's bytes are: an entry of the export's zip/folder, or a path on disk (a `--files-dir` match). */
export type FileBytes = { readonly entry: string } | { readonly path: string };

export type StoredFile = Omit<FileRef, 'open'> & { readonly bytes?: FileBytes };
export type StoredMessage = Omit<Message, 'files'> & { readonly files?: readonly StoredFile[] };
export type StoredRecord =
  | { readonly type: 'message'; readonly message: StoredMessage }
  | { readonly type: 'membership'; readonly event: MembershipEvent }
  | { readonly type: 'skip'; readonly skip: Skip };

/** Skip keys live in their own namespace so a skip never deduplicates against a message with the same id. */
const SKIP_KEY = 'skip\u0000';
const MEMBERSHIP_KEY = 'membership\u0000';

export class RecordSink {
  private readonly threadRefs = new Map<string, Set<string>>();

  private constructor(readonly spill: ConversationSpill<StoredRecord>) {}

  static async create(): Promise<RecordSink> {
    return new RecordSink(await ConversationSpill.create<StoredRecord>());
  }

  async message(message: StoredMessage): Promise<void> {
    const { conversationId, threadId, id } = message;
    if (threadId !== undefined && threadId !== id) {
      let refs = this.threadRefs.get(conversationId);
      if (!refs) this.threadRefs.set(conversationId, (refs = new Set()));
      refs.add(threadId);
    }
    await this.spill.add(conversationId, message.timeMs, id, { type: 'message', message });
  }

  /** `key` (the source record's id) lets a deduplicating export drop the same event seen in two files. */
  async membership(event: MembershipEvent, key?: string): Promise<void> {
    const filed = key === undefined ? undefined : `${MEMBERSHIP_KEY}${key}\u0000${event.personId}`;
    await this.spill.add(event.conversationId, event.timeMs, filed, { type: 'membership', event });
  }

  /**
   * A skipped record of a conversation. It sorts at `timeMs` when the source gave a usable time, else first.
   * `key` (the source record's id) lets a deduplicating export drop the same skip seen in two files.
   */
  async skip(skip: Skip & { conversationId: string }, timeMs = -Infinity, key?: string): Promise<void> {
    await this.spill.add(skip.conversationId, timeMs, key === undefined ? undefined : SKIP_KEY + key, {
      type: 'skip',
      skip,
    });
  }

  /** How many records (messages, memberships, skips) were filed under a conversation. */
  count(conversationId: string): number {
    return this.spill.count(conversationId);
  }

  conversationIds(): string[] {
    return this.spill.conversationIds();
  }

  async finish(details: {
    kind: string;
    fingerprint: string;
    people: ReadonlyMap<string, Person>;
    conversations: readonly Conversation[];
    tableSkips: readonly Skip[];
    tree?: SourceTree;
    /** Drop a message filed twice with the same id and time (Teams exports each chat once per member). */
    dedupe?: boolean;
  }): Promise<SourceExport> {
    await this.spill.seal();
    const { spill, threadRefs } = this;
    const { tree, dedupe } = details;
    return {
      kind: details.kind,
      fingerprint: details.fingerprint,
      people: details.people,
      conversations: details.conversations,
      tableSkips: details.tableSkips,
      async *records(conversationId: string): AsyncGenerator<ConversationRecord> {
        const refs = threadRefs.get(conversationId) ?? new Set<string>();
        for await (const { payload } of spill.read(conversationId, { dedupe })) {
          if (payload.type !== 'message') {
            yield payload;
            continue;
          }
          yield { type: 'message', message: settleMessage(payload.message, refs, tree) };
        }
      },
      async close() {
        await spill.close();
        await tree?.close();
      },
    };
  }
}

function settleMessage(stored: StoredMessage, refs: ReadonlySet<string>, tree: SourceTree | undefined): Message {
  const { files, ...rest } = stored;
  const threadId = stored.threadId ?? (refs.has(stored.id) ? stored.id : undefined);
  return {
    ...rest,
    ...(threadId !== undefined ? { threadId } : {}),
    ...(files ? { files: files.map((file) => hydrateFile(file, tree)) } : {}),
  };
}

function hydrateFile(stored: StoredFile, tree: SourceTree | undefined): FileRef {
  const { bytes, ...file } = stored;
  if (!bytes) return file;
  if ('entry' in bytes) {
    if (!tree) return file;
    return { ...file, open: () => tree.open(bytes.entry) };
  }
  return { ...file, open: async () => createReadStream(bytes.path) };
}

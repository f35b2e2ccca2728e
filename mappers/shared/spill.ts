// Conversation spill: the one place where interleaved sources (a CSV or JSONL with every conversation mixed, a
// Mattermost export, per-user Teams files) are regrouped per conversation without holding messages in memory.
// The first pass appends each record, already mapped, as one JSON line to that conversation's temp file (through
// a bounded write buffer) and keeps only a small numeric index per conversation (time, byte offset, length, id
// hash). Reading a conversation sorts its index by time (stable) and reads its lines back by position, through a
// window, so a conversation whose records are already in time order is read sequentially. The temp folder is
// removed by close().
import { appendFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quickHash } from '../../src/plan/ids.js';

/** Growable columns of numbers: about 28 bytes per record, whatever the record's size. */
class Column {
  data: Float64Array;
  constructor(capacity = 64) {
    this.data = new Float64Array(capacity);
  }
  set(index: number, value: number): void {
    if (index >= this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[index] = value;
  }
}

class ConversationIndex {
  count = 0;
  sorted = true;
  /** Bytes already on disk in this conversation's file, and lines waiting to be appended. */
  written = 0;
  pending: string[] = [];
  pendingBytes = 0;
  readonly times = new Column();
  readonly offsets = new Column();
  readonly lengths = new Column();
  /** quickHash of each record's key (-1: none): ids are compared through it, never stored whole. */
  readonly keys = new Column();
  constructor(readonly file: string) {}
}

/** A record read back: the payload as written, with the time and key it was filed under. */
export interface SpilledRecord<T> {
  readonly timeMs: number;
  readonly key?: string;
  readonly payload: T;
}

const WINDOW = 256 * 1024;
/** A conversation's buffered lines go to disk past this size, and every buffer past the total below. */
const FLUSH_ONE = 64 * 1024;
const FLUSH_ALL = 8 * 1024 * 1024;

export class ConversationSpill<T> {
  private readonly indexes = new Map<string, ConversationIndex>();
  private pendingTotal = 0;
  private sealed = false;

  private constructor(private readonly dir: string) {}

  /** Creates the temp folder under os.tmpdir(). */
  static async create<T>(): Promise<ConversationSpill<T>> {
    return new ConversationSpill<T>(await mkdtemp(join(tmpdir(), 'chat-import-')));
  }

  /**
   * Files one record under a conversation. `timeMs` orders it (-Infinity for records with no time, which then
   * come first); `key` (a message id) lets readers find ids and drop duplicates. Await each call before the next.
   */
  async add(conversationId: string, timeMs: number, key: string | undefined, payload: T): Promise<void> {
    if (this.sealed) throw new Error('spill is sealed');
    const line = `${JSON.stringify({ k: key, p: payload })}\n`;
    const length = Buffer.byteLength(line);
    let index = this.indexes.get(conversationId);
    if (!index) {
      index = new ConversationIndex(join(this.dir, `${this.indexes.size}.jsonl`));
      this.indexes.set(conversationId, index);
    }
    const i = index.count++;
    if (i > 0 && (index.times.data[i - 1] ?? 0) > timeMs) index.sorted = false;
    index.times.set(i, timeMs);
    index.offsets.set(i, index.written + index.pendingBytes);
    index.lengths.set(i, length);
    index.keys.set(i, key === undefined ? -1 : quickHash(key));
    index.pending.push(line);
    index.pendingBytes += length;
    this.pendingTotal += length;
    if (index.pendingBytes >= FLUSH_ONE) await this.flush(index);
    if (this.pendingTotal >= FLUSH_ALL) for (const other of this.indexes.values()) await this.flush(other);
  }

  private async flush(index: ConversationIndex): Promise<void> {
    if (index.pendingBytes === 0) return;
    const data = index.pending.join('');
    const bytes = index.pendingBytes;
    index.pending = [];
    index.pendingBytes = 0;
    this.pendingTotal -= bytes;
    index.written += bytes;
    await appendFile(index.file, data);
  }

  /** Writes every buffered line; call once, after the last add() and before reading. */
  async seal(): Promise<void> {
    if (this.sealed) return;
    for (const index of this.indexes.values()) await this.flush(index);
    this.sealed = true;
  }

  conversationIds(): string[] {
    return [...this.indexes.keys()];
  }

  count(conversationId: string): number {
    return this.indexes.get(conversationId)?.count ?? 0;
  }

  /**
   * The conversation's records in time order (stable: equal times keep the order they were added in). With
   * `dedupe`, a record whose key and time equal an earlier one's is dropped (the same message exported twice).
   */
  async *read(conversationId: string, options: { dedupe?: boolean } = {}): AsyncGenerator<SpilledRecord<T>> {
    if (!this.sealed) throw new Error('spill is not sealed');
    const index = this.indexes.get(conversationId);
    if (!index || index.count === 0) return;
    const order = new Uint32Array(index.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const times = index.times.data;
    if (!index.sorted) order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);

    const handle = await open(index.file, 'r');
    try {
      let window = Buffer.alloc(0);
      let windowStart = 0;
      let lastTime = Number.NaN;
      const keysAtTime = new Set<number>();
      for (const i of order) {
        const time = times[i] ?? 0;
        const keyHash = index.keys.data[i] ?? -1;
        if (time !== lastTime) {
          lastTime = time;
          keysAtTime.clear();
        }
        if (options.dedupe && keyHash !== -1) {
          if (keysAtTime.has(keyHash)) continue;
          keysAtTime.add(keyHash);
        }
        const offset = index.offsets.data[i] ?? 0;
        const length = index.lengths.data[i] ?? 0;
        if (offset < windowStart || offset + length > windowStart + window.length) {
          window = Buffer.alloc(Math.max(WINDOW, length));
          const { bytesRead } = await handle.read(window, 0, window.length, offset);
          window = window.subarray(0, bytesRead);
          windowStart = offset;
        }
        const line = window.toString('utf8', offset - windowStart, offset - windowStart + length);
        const parsed = JSON.parse(line) as { k?: string; p: T };
        yield { timeMs: time, key: parsed.k, payload: parsed.p };
      }
    } finally {
      await handle.close();
    }
  }

  /** Removes the temp folder. Safe to call twice. */
  async close(): Promise<void> {
    this.sealed = true;
    await rm(this.dir, { recursive: true, force: true });
  }
}

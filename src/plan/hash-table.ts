// A set (or map to numbers) of 53-bit hashes, kept in typed arrays. The planner remembers one hash per message of
// the conversation it is planning (to tell duplicated records apart and to know the thread roots seen); the largest
// conversations hold hundreds of thousands of messages. A JS Map of such numbers costs about 90 bytes an entry (a
// heap number for each key and value, plus the table) and lives in the garbage-collected heap, which V8 then
// sizes by it; this costs 8 bytes a slot per array, at most 70 % full.
const EMPTY = 0;
const MAX_LOAD = 0.7;

export class HashTable {
  // Slot i holds key + 1 (0 marks an empty slot; every key below 2^53 stays exact as a double).
  private keys: Float64Array;
  private values: Float64Array | undefined;
  private count = 0;

  constructor(withValues: boolean, initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = withValues ? new Float64Array(capacity) : undefined;
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    return this.keys[this.slotOf(key)] !== EMPTY;
  }

  /** The value stored with `key`, or undefined. */
  get(key: number): number | undefined {
    const slot = this.slotOf(key);
    if (this.keys[slot] === EMPTY) return undefined;
    return this.values ? this.values[slot] : 0;
  }

  /** Adds `key` (with `value` in a map), replacing the value of a key already there. */
  set(key: number, value = 0): this {
    if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`HashTable keys are integers in [0, 2^53): ${key}`);
    let slot = this.slotOf(key);
    if (this.keys[slot] === EMPTY) {
      if ((this.count + 1) / this.keys.length > MAX_LOAD) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key + 1;
      this.count++;
    }
    if (this.values) this.values[slot] = value;
    return this;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    // Mix both halves of the key: callers' hashes put different bits at either end.
    const high = Math.floor(key / 0x100000000);
    let slot = (Math.imul((key >>> 0) ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
    const stored = key + 1;
    for (;;) {
      const at = this.keys[slot];
      if (at === EMPTY || at === stored) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = oldValues ? new Float64Array(oldKeys.length * 2) : undefined;
    for (let i = 0; i < oldKeys.length; i++) {
      const stored = oldKeys[i] as number;
      if (stored === EMPTY) continue;
      const slot = this.slotOf(stored - 1);
      this.keys[slot] = stored;
      if (this.values && oldValues) this.values[slot] = oldValues[i] as number;
    }
  }
}

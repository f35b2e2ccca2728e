// Every file of an export by name, with its size, held as one string and three typed arrays. A long Slack export
// lists tens of thousands of day files, and the tree keeps their names for the whole run: as a Map, each name is
// a string object plus a table entry, about 90 bytes a file (4 MB for the 47,000 day files of a million-message
// export, measured in heap snapshots), all of it in the garbage-collected heap, which V8 sizes by what it holds.
// Here a file costs its name's characters plus 16 bytes.
import type { EntryIndex } from './tree-types.js';

export class NameIndex implements EntryIndex {
  /** Every name, one after another, in the order given. */
  private readonly joined: string;
  /** Name i is joined[starts[i], starts[i + 1]). */
  private readonly starts: Uint32Array;
  private readonly sizes: Float64Array;
  /** Ordinals in name order (UTF-16 code units, as `<` compares strings): lookups are a binary search. */
  private readonly byName: Uint32Array;

  /** `files` in the order iteration should give them; names must be distinct. */
  constructor(files: readonly (readonly [name: string, size: number])[]) {
    const names = files.map(([name]) => name);
    this.joined = names.join('');
    this.starts = new Uint32Array(files.length + 1);
    this.sizes = new Float64Array(files.length);
    files.forEach(([name, size], i) => {
      this.starts[i + 1] = (this.starts[i] as number) + name.length;
      this.sizes[i] = size;
    });
    const order = names.map((_, i) => i).sort((a, b) => compare(names[a] as string, names[b] as string));
    for (let i = 1; i < order.length; i++) {
      if (names[order[i] as number] === names[order[i - 1] as number]) throw new Error(`NameIndex: ${names[order[i] as number]} is listed twice`);
    }
    this.byName = Uint32Array.from(order);
  }

  get size(): number {
    return this.sizes.length;
  }

  has(name: string): boolean {
    return this.ordinalOf(name) !== undefined;
  }

  get(name: string): number | undefined {
    const at = this.ordinalOf(name);
    return at === undefined ? undefined : this.sizes[at];
  }

  /** Names in the order given. Each is a slice of the one joined string, made when asked for. */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.sizes.length; i++) yield this.nameAt(i);
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.sizes.length; i++) yield [this.nameAt(i), this.sizes[i] as number];
  }

  /** The name's position in the order given, or undefined when it is not listed. */
  ordinalOf(name: string): number | undefined {
    let low = 0;
    let high = this.byName.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const ordinal = this.byName[middle] as number;
      const order = this.compareWith(ordinal, name);
      if (order === 0) return ordinal;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private nameAt(i: number): string {
    return this.joined.slice(this.starts[i], this.starts[i + 1]);
  }

  /** Name `ordinal` against `name`, character by character, without slicing it out of the joined string. */
  private compareWith(ordinal: number, name: string): number {
    const start = this.starts[ordinal] as number;
    const length = (this.starts[ordinal + 1] as number) - start;
    const common = Math.min(length, name.length);
    for (let i = 0; i < common; i++) {
      const difference = this.joined.charCodeAt(start + i) - name.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - name.length;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

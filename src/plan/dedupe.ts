// Step 1 of planning a conversation: duplicate records and duplicate ids.
import type { Message } from '../model.js';
import { HashTable } from './hash-table.js';
import { quickHash } from './ids.js';

export type Admission =
  | { readonly duplicate: true }
  | { readonly duplicate: false; readonly message: Message; readonly renamed: boolean };

/**
 * Contract: a message whose id was admitted before with the same author and text is a duplicate record (not
 * planned again); a different message reusing an admitted id is admitted under the first free derived id
 * `id~2`, `id~3`, … (stable across runs, `renamed`) unless it repeats one of those exactly (a duplicate too);
 * every other message is admitted as it is. Ids and contents are remembered as 53-bit hashes (hash-table.ts), so a conversation of any length is held as numbers.
 */
export class DuplicateFilter {
  /** Admitted id → hash of author and text. */
  private readonly admitted = new HashTable(true);

  admit(message: Message): Admission {
    const fingerprint = quickHash(message.authorId ?? '', message.authorName ?? '', message.text);
    const earlier = this.admitted.get(quickHash(message.id));
    let admitted = message;
    if (earlier !== undefined) {
      if (earlier === fingerprint) return { duplicate: true };
      // Walk the derived ids admitted so far: an exact repeat of one of them is a duplicate record too (it would
      // otherwise take the next free id and be imported twice).
      for (let n = 2; admitted === message; n++) {
        const seen = this.admitted.get(quickHash(`${message.id}~${n}`));
        if (seen === fingerprint) return { duplicate: true };
        if (seen === undefined) admitted = { ...message, id: `${message.id}~${n}` };
      }
    }
    this.admitted.set(quickHash(admitted.id), fingerprint);
    return { duplicate: false, message: admitted, renamed: admitted !== message };
  }
}

// Slack reactions → Reaction. Slack names a toned reaction `thumbsup::skin-tone-2`; custom workspace emoji
// have no Unicode and keep their name for the core to decide what to do with them.
import type { Reaction } from '../../src/model.js';
import { emojiUnicode } from '../shared/emoji.js';
import { objects, str, strings, type RawObject } from '../shared/raw.js';

export function mapReactions(message: RawObject): Reaction[] {
  const out: Reaction[] = [];
  for (const reaction of objects(message.reactions)) {
    const name = str(reaction.name);
    const personIds = [...new Set(strings(reaction.users))];
    if (!name || personIds.length === 0) continue;
    const unicode = emojiUnicode(name);
    out.push(unicode ? { unicode, personIds } : { customName: name, personIds });
  }
  return out;
}

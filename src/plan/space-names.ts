// The names spaces will get, judged across the selected conversations before any is planned (issue 18). Names
// are Unicode-normalized (NFC): "café" typed on a Mac (NFD) and elsewhere (NFC) is one name, as people read it.
// A name over Google Chat's limit is cut, and two conversations that end up with one name would clash in the
// organization (Google answers ALREADY_EXISTS and the importer adds a suffix): both are said before any write.
import type { Conversation } from '../model.js';
import { DISPLAY_NAME_MAX_LENGTH } from './rules.js';

/** The displayName a conversation's space gets: NFC, cut to the API's limit (in characters), else its id. */
export function spaceDisplayName(conversation: Pick<Conversation, 'id' | 'name'>): string {
  return [...conversation.name.normalize('NFC')].slice(0, DISPLAY_NAME_MAX_LENGTH).join('') || conversation.id;
}

export interface SpaceNameNote {
  readonly conversationId: string;
  readonly code: 'space_name_shortened' | 'space_name_clash';
  readonly message: string;
}

/** Names cut to the limit (showing the new name) and names two spaces share once normalized and cut. */
export function spaceNameNotes(conversations: readonly Conversation[]): SpaceNameNote[] {
  const notes: SpaceNameNote[] = [];
  const first = new Map<string, Conversation>();
  for (const conversation of conversations) {
    if (conversation.kind !== 'channel' && conversation.kind !== 'private_channel') continue;
    const name = spaceDisplayName(conversation);
    const length = [...conversation.name.normalize('NFC')].length;
    if (length > DISPLAY_NAME_MAX_LENGTH) {
      notes.push({ conversationId: conversation.id, code: 'space_name_shortened', message: `the name of ${conversation.id} has ${length} characters, over Google Chat's ${DISPLAY_NAME_MAX_LENGTH}: the space is named "${name}"` });
    }
    const earlier = first.get(name);
    if (earlier) {
      notes.push({ conversationId: conversation.id, code: 'space_name_clash', message: `${conversation.id} and ${earlier.id} would both be named "${name}"${conversation.name !== earlier.name ? ' (the same name once Unicode-normalized or cut)' : ''}: Google Chat keeps space names unique, so this one gets a suffix` });
    } else first.set(name, conversation);
  }
  return notes;
}

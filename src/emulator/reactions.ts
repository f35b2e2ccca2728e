// spaces.messages.reactions.create / list / delete (chat-api.md §4; rule 36). Reactions are written by the
// impersonated reactor and carry no createTime.
import { authorizedSpace } from './access.js';
import type { Call } from './context.js';
import { alreadyExists, invalidArgument, notFound, permissionDenied } from './errors.js';
import { randomId } from './ids.js';
import { resolveMessage } from './lookup.js';
import { offsetPage } from './paging.js';
import type { ReactionRec } from './store.js';
import { listParams, optionalObject, optionalString, type JsonObject } from './validate.js';
import { reactionView } from './views.js';

// [assumed] Google refuses text that is not an emoji (a Slack `:shortcode:` sent as is, say): the value may only
// hold emoji code points and joiners, and must contain at least one pictograph, flag letter or keycap.
const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;
const HAS_PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

function parseEmoji(body: JsonObject): Pick<ReactionRec, 'unicode' | 'customEmoji' | 'emojiKey'> {
  const emoji = optionalObject(body, 'emoji', 'reaction.emoji');
  if (!emoji) throw invalidArgument('reaction.emoji is required.');
  const unicode = optionalString(emoji, 'unicode', 'reaction.emoji.unicode');
  const custom = optionalObject(emoji, 'customEmoji', 'reaction.emoji.custom_emoji');
  if ((unicode === undefined) === (custom === undefined)) throw invalidArgument('Set exactly one of emoji.unicode or emoji.customEmoji.');
  if (unicode !== undefined) {
    if (!EMOJI_ONLY.test(unicode) || !HAS_PICTOGRAPH.test(unicode)) throw invalidArgument(`emoji.unicode ${JSON.stringify(unicode)} is not an emoji.`);
    return { unicode, emojiKey: `u:${unicode}` };
  }
  const c = custom as JsonObject;
  const uid = optionalString(c, 'uid', 'reaction.emoji.custom_emoji.uid');
  const name = optionalString(c, 'name', 'reaction.emoji.custom_emoji.name');
  if (!uid && !name) throw invalidArgument('emoji.customEmoji needs a uid or a name.');
  return { customEmoji: uid ? { uid } : { name }, emojiKey: `c:${uid ?? name}` };
}

export function createReaction(call: Call): JsonObject {
  const { env, caller } = call;
  const space = authorizedSpace(call, 'reactions.create');
  const message = resolveMessage(space, call.params[1] as string);
  const emoji = parseEmoji(call.body);
  const user = caller.user as string; // reactions are user-only; authorize() refused app auth
  const key = `${user}\n${emoji.emojiKey}`;
  if (message.reactions.has(key)) throw alreadyExists('This user already reacted to the message with this emoji.');
  const id = randomId(11);
  const name = `${message.name}/reactions/${id}`;
  const reaction: ReactionRec = { id, name, message, userEmail: user, userId: env.directory.idOf(user), ...emoji };
  message.reactions.set(key, reaction);
  env.store.reactions.set(name, reaction);
  return reactionView(reaction);
}

const REACTION_FIELDS: Record<string, (r: ReactionRec) => string | undefined> = {
  'emoji.unicode': (r) => r.unicode,
  'emoji.custom_emoji.uid': (r) => r.customEmoji?.uid,
  'emoji.custom_emoji.name': (r) => r.customEmoji?.name,
  'user.name': (r) => `users/${r.userId}`,
};

/** `(emoji.unicode = "🙂" OR emoji.unicode = "👍") AND user.name = "users/…"`: OR within a field, AND across. */
export function parseReactionFilter(filter: string): (r: ReactionRec) => boolean {
  if (filter.trim() === '') return () => true;
  const groups = filter.split(/\s+AND\s+/).map((group) => {
    const inner = group.trim().replace(/^\((.*)\)$/s, '$1');
    let field: string | undefined;
    const values = inner.split(/\s+OR\s+/).map((term) => {
      const m = /^\s*([a-z_.]+)\s*=\s*"([^"]*)"\s*$/.exec(term);
      if (!m || !Object.hasOwn(REACTION_FIELDS, m[1] as string) || (field !== undefined && field !== m[1])) {
        throw invalidArgument(`Invalid filter ${JSON.stringify(filter)}.`);
      }
      field = m[1] as string;
      return m[2] as string;
    });
    const get = REACTION_FIELDS[field as string] as (r: ReactionRec) => string | undefined;
    return (r: ReactionRec) => values.includes(get(r) ?? '\u0000');
  });
  return (r) => groups.every((g) => g(r));
}

export function listReactions(call: Call): JsonObject {
  const space = authorizedSpace(call, 'reactions.list');
  const message = resolveMessage(space, call.params[1] as string);
  const { pageSize, filter, pageToken } = listParams(call.query, 25, 200);
  const items = [...message.reactions.values()].filter(parseReactionFilter(filter));
  return offsetPage('reactions', items, reactionView, pageSize, pageToken, `reactions|${message.name}|${filter}`);
}

export function deleteReaction(call: Call): JsonObject {
  const { env, caller } = call;
  const space = authorizedSpace(call, 'reactions.delete');
  const message = resolveMessage(space, call.params[1] as string);
  const reaction = env.store.reactions.get(`${message.name}/reactions/${call.params[2] as string}`);
  if (!reaction) throw notFound('Reaction not found.');
  if (reaction.userEmail !== caller.user) throw permissionDenied('Only the user who reacted can remove the reaction.');
  message.reactions.delete(`${reaction.userEmail}\n${reaction.emojiKey}`);
  env.store.reactions.delete(reaction.name);
  return {};
}

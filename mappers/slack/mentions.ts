// Mentions, shared by the mrkdwn and Block Kit converters. `inCode` is true inside code spans and blocks, where
// Chat would show a `<users/…>` mention literally: there we write the readable name and count nothing.
import { decodeEntities } from './entities.js';
import type { TextContext } from './context.js';

/** `<@U…>`: a Chat mention of the mapped email, else `@Display Name` (counted as an unmapped mention). */
export function userMention(id: string, label: string | undefined, ctx: TextContext, inCode: boolean): string {
  const person = ctx.directory.people.get(id);
  if (person?.email && !inCode) return `<users/${person.email}>`;
  let name = person?.displayName ?? label ?? ctx.labels.users.get(id);
  if (name === undefined) {
    // Referenced but missing from users.json: the id is all we can show.
    if (!inCode) ctx.fallback('unknown_entity');
    name = id;
  }
  if (!inCode) ctx.fallback('unmapped_mention');
  return `@${decodeEntities(name)}`;
}

/** `<#C…>` → `#name`: the label the message carries, else the channel table, else the id (counted). */
export function channelMention(id: string, label: string | undefined, ctx: TextContext, inCode: boolean): string {
  const name = label ?? ctx.directory.channelNames.get(id) ?? ctx.labels.channels.get(id);
  if (name === undefined) {
    if (!inCode) ctx.fallback('unknown_entity');
    return `#${id}`;
  }
  return `#${decodeEntities(name)}`;
}

/** `<!here>`, `<!channel>`, `<!everyone>` (and the legacy `<!group>`): Chat's all-members mention. */
export const BROADCASTS: ReadonlySet<string> = new Set(['here', 'channel', 'everyone', 'group']);

export function broadcastMention(range: string, inCode: boolean): string {
  return inCode ? `@${range}` : '<users/all>';
}

/** `<!subteam^S…|@group>` → `@group`. User groups have no Chat equivalent and no table in the export. */
export function usergroupMention(id: string, label: string | undefined, ctx: TextContext, inCode: boolean): string {
  const name = label ?? ctx.labels.subteams.get(id);
  if (name === undefined) {
    if (!inCode) ctx.fallback('unknown_entity');
    return `@${id}`;
  }
  const decoded = decodeEntities(name);
  return decoded.startsWith('@') ? decoded : `@${decoded}`;
}

/**
 * `<!date^1392734382^{date_short}|Feb 18, 2014>` → its fallback text, which Slack wrote for readers without a
 * time zone. Without a fallback, the UTC time (the only zone a pure converter knows).
 */
export function dateText(seconds: number | undefined, fallback: string | undefined): string {
  if (fallback !== undefined) return decodeEntities(fallback);
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// Emoji shortcodes (Slack/Mattermost style names such as "thumbsup" or "world_map") → Unicode, from
// emoji-datasource (the iamcal data set those apps use). Loaded once, on first use.
import { createRequire } from 'node:module';

interface EmojiRow {
  readonly unified: string;
  readonly short_names: readonly string[];
  readonly skin_variations?: Readonly<Record<string, { readonly unified: string }>>;
}

let table: Map<string, string> | undefined;

function unifiedToText(unified: string): string {
  return String.fromCodePoint(...unified.split('-').map((hex) => Number.parseInt(hex, 16)));
}

function load(): Map<string, string> {
  const rows = createRequire(import.meta.url)('emoji-datasource/emoji.json') as EmojiRow[];
  const map = new Map<string, string>();
  for (const row of rows) for (const name of row.short_names) map.set(name, unifiedToText(row.unified));
  return map;
}

/** The Unicode emoji for a shortcode (with or without colons), or undefined for custom or unknown names. */
export function emojiFromShortcode(name: string): string | undefined {
  table ??= load();
  return table.get(name.replace(/^:|:$/g, '').toLowerCase());
}

/** True when the text already is an emoji (one pictographic grapheme), e.g. a Telegram or Teams reaction. */
export function isEmojiText(text: string): boolean {
  return /^\p{Extended_Pictographic}/u.test(text) || /^[\u{1F1E6}-\u{1F1FF}]{2}$/u.test(text);
}

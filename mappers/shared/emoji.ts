// Emoji shortcodes → Unicode for every source, from emoji-datasource (iamcal's data, the table Slack itself uses —
// Mattermost's names follow it too — so names and aliases such as `thumbsup`/`+1` resolve exactly as the source
// app showed them, skin tones included). Loaded once, on first use.
import { createRequire } from 'node:module';

interface DataSourceEmoji {
  readonly unified: string;
  readonly short_names: readonly string[];
  readonly skin_variations?: Readonly<Record<string, { readonly unified: string }>>;
}

interface Entry {
  readonly unified: string;
  readonly skins?: Readonly<Record<string, { readonly unified: string }>>;
}

/** Slack names that emoji-datasource does not carry but Slack has always rendered as a standard emoji. */
const SLACK_ALIASES: Readonly<Record<string, string>> = {
  // Slack's own legacy smiley; its picker shows it as the slightly smiling face.
  simple_smile: 'slightly_smiling_face',
};

/** Slack skin tones `skin-tone-2` … `skin-tone-6` are the Fitzpatrick modifiers U+1F3FB … U+1F3FF. */
const SKIN_TONES: Readonly<Record<string, string>> = { 2: '1F3FB', 3: '1F3FC', 4: '1F3FD', 5: '1F3FE', 6: '1F3FF' };

let table: Map<string, Entry> | undefined;

function load(): Map<string, Entry> {
  if (table) return table;
  const data = createRequire(import.meta.url)('emoji-datasource/emoji.json') as readonly DataSourceEmoji[];
  table = new Map();
  for (const emoji of data) {
    for (const name of emoji.short_names) table.set(name, { unified: emoji.unified, skins: emoji.skin_variations });
  }
  for (const [alias, target] of Object.entries(SLACK_ALIASES)) {
    const entry = table.get(target);
    if (entry && !table.has(alias)) table.set(alias, entry);
  }
  return table;
}

/** "1F44D-1F3FB" → "👍🏻". Returns undefined for anything that is not a list of hex code points. */
export function unifiedToString(unified: string): string | undefined {
  const points = unified.split('-');
  if (points.length === 0 || points.some((p) => !/^[0-9a-fA-F]{1,6}$/.test(p))) return undefined;
  const codes = points.map((p) => parseInt(p, 16));
  if (codes.some((c) => c > 0x10ffff)) return undefined;
  return String.fromCodePoint(...codes);
}

/**
 * The Unicode for a Slack emoji name, optionally with a skin tone: `thumbsup`, `+1`, `wave::skin-tone-3` (the
 * form Slack uses in reactions), or a name plus a separate tone ("2".."6", or "2-3" for two-person emoji).
 * Undefined for custom or unknown names.
 */
export function emojiUnicode(name: string, skinTone?: string): string | undefined {
  let base = name;
  let tone = skinTone;
  const inline = /^(.+?)::skin-tone-([2-6](?:-[2-6])?)$/.exec(name);
  if (inline) {
    base = inline[1] ?? name;
    tone = inline[2];
  }
  const entry = load().get(base);
  if (!entry) return undefined;
  if (tone) {
    const key = tone
      .split('-')
      .map((t) => SKIN_TONES[t])
      .filter((t): t is string => t !== undefined);
    const uniqueKey = key.length === 2 && key[0] === key[1] ? [key[0]] : key;
    const variation = entry.skins?.[uniqueKey.join('-')];
    if (variation) return unifiedToString(variation.unified);
  }
  return unifiedToString(entry.unified);
}

// `:name:` optionally followed by `:skin-tone-N:`. A shortcode must not follow a letter or digit, so clock times
// ("12:57:30"), ratios ("1:2:3") and "key:value:" text are never read as emoji.
const SHORTCODE = /(?<![\p{L}\p{N}]):([a-z0-9_+'-]+):(?::skin-tone-([2-6](?:-[2-6])?):)?/giu;

/**
 * Replaces emoji shortcodes in plain text. Unknown names (custom workspace emoji) stay as `:name:` and are
 * reported through `onCustom`, once per occurrence.
 */
export function replaceShortcodes(text: string, onCustom: (name: string) => void): string {
  if (!text.includes(':')) return text;
  return text.replace(SHORTCODE, (whole: string, name: string, tone: string | undefined) => {
    const unicode = emojiUnicode(name.toLowerCase(), tone);
    if (unicode) return unicode;
    onCustom(name);
    return whole;
  });
}

/** The Unicode emoji for a shortcode (with or without colons), or undefined for custom or unknown names. */
export function emojiFromShortcode(name: string): string | undefined {
  return emojiUnicode(name.replace(/^:|:$/g, '').toLowerCase());
}

/** True when the text already is an emoji (one pictographic grapheme), e.g. a Telegram or Teams reaction. */
export function isEmojiText(text: string): boolean {
  return /^\p{Extended_Pictographic}/u.test(text) || /^[\u{1F1E6}-\u{1F1FF}]{2}$/u.test(text);
}

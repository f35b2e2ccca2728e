// Markdown as Mattermost and Rocket.Chat write it → Google Chat text syntax. Code spans and fenced blocks are
// left untouched; outside them: **bold**/__bold__ → *bold*, ~~strike~~ → ~strike~, [label](url) → <url|label>,
// known :shortcode: → Unicode. Custom :emoji: and @mentions of known people stay as text and are counted.
import type { FallbackKind } from '../../src/model.js';
import { emojiFromShortcode } from './emoji.js';

export interface MarkdownContext {
  /** Usernames whose @mention is a person of the export (kept as text: counted as unmapped mentions). */
  readonly isKnownUser?: (username: string) => boolean;
  /** Custom emoji names declared by the export. */
  readonly isCustomEmoji?: (name: string) => boolean;
}

export interface Converted {
  readonly text: string;
  readonly fallbacks: readonly FallbackKind[];
}

const CODE = /(```[\s\S]*?```|`[^`\n]+`)/;

export function markdownToChat(input: string, context: MarkdownContext = {}): Converted {
  const fallbacks = new Set<FallbackKind>();
  const parts = input.split(CODE);
  const text = parts
    .map((part, index) => (index % 2 === 1 ? part : convertPlain(part, context, fallbacks)))
    .join('');
  return { text, fallbacks: [...fallbacks] };
}

function convertPlain(text: string, context: MarkdownContext, fallbacks: Set<FallbackKind>): string {
  return text
    .replace(/\[([^\]\n]+)\]\((\S+?)\)/g, (_all, label: string, url: string) => (label === url ? url : `<${url}|${label}>`))
    .replace(/\*\*(?=\S)([^*\n]+?)\*\*|__(?=\S)([^_\n]+?)__/g, (_all, a?: string, b?: string) => `*${a ?? b ?? ''}*`)
    .replace(/~~(?=\S)([^~\n]+?)~~/g, '~$1~')
    .replace(/:([a-z0-9_+-]+):/gi, (all, name: string) => {
      const unicode = emojiFromShortcode(name);
      if (unicode) return unicode;
      if (context.isCustomEmoji?.(name)) fallbacks.add('custom_emoji');
      return all;
    })
    .replace(/(^|[^\w@])@([a-z0-9._-]+)/gi, (all, _before: string, username: string) => {
      if (context.isKnownUser?.(username.replace(/\.$/, ''))) fallbacks.add('unmapped_mention');
      return all;
    });
}

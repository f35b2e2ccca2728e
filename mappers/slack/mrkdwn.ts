// Slack mrkdwn → Google Chat text. The two syntaxes agree on `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
// ``` blocks ``` and `>` quotes, so styles pass through unchanged; what differs is Slack's `<…>` escapes (links,
// mentions, broadcasts, dates), its HTML entities, emoji shortcodes, `>>>` multi-line quotes and list glyphs.
// Inside code nothing is converted except what Slack itself encoded (entities and `<…>`), which is turned back
// into the text the author typed.
import { decodeEntities } from './entities.js';
import { replaceShortcodes } from '../shared/emoji.js';
import type { TextContext } from './context.js';
import { BROADCASTS, broadcastMention, channelMention, dateText, userMention, usergroupMention } from './mentions.js';

interface Segment {
  readonly text: string;
  readonly code: boolean;
}

// Code blocks first (they may contain single backticks), then inline code, which never spans lines.
const CODE = /```[\s\S]*?```|`[^`\n]+`/g;

function codeRanges(text: string): Array<readonly [number, number]> {
  return [...text.matchAll(CODE)].map((m) => [m.index, m.index + m[0].length] as const);
}

function splitCode(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const [start, end] of codeRanges(text)) {
    if (start > last) segments.push({ text: text.slice(last, start), code: false });
    segments.push({ text: text.slice(start, end), code: true });
    last = end;
  }
  if (last < text.length) segments.push({ text: text.slice(last), code: false });
  return segments;
}

/**
 * Slack's `>>>` quotes everything after it; Chat only knows the per-line `>`. Rewrites the first `&gt;&gt;&gt;`
 * found at a line start outside code into a `&gt; ` on each following line (lines that start inside a code block
 * are left alone, so code content is not altered).
 */
function expandMultiQuote(text: string): string {
  const ranges = codeRanges(text);
  const insideCode = (offset: number): boolean => ranges.some(([s, e]) => offset > s && offset < e);
  for (const match of text.matchAll(/(^|\n)&gt;&gt;&gt;[ \t]?/g)) {
    const markerStart = match.index + (match[1] ?? '').length;
    if (insideCode(markerStart)) continue;
    const restStart = match.index + match[0].length;
    let out = `${text.slice(0, markerStart)}&gt; `;
    for (let i = restStart; i < text.length; i++) {
      const ch = text[i] ?? '';
      out += ch;
      if (ch === '\n' && !insideCode(i + 1)) out += '&gt; ';
    }
    return out;
  }
  return text;
}

/** Slack renders list items it generated with bullet glyphs; Chat's bullet syntax is `* ` (nested by 4 spaces). */
const BULLET = /^([ \t]*)[•◦▪▫‣⁃][ \t]+/gm;

/** Rewrites bullet glyphs at line starts; the text's own start is a line start only when `atLineStart`. */
function bullets(text: string, atLineStart: boolean): string {
  const from = atLineStart ? 0 : text.indexOf('\n') + 1;
  if (from === 0 && !atLineStart) return text;
  return text.slice(0, from) + text.slice(from).replace(BULLET, '$1* ');
}

function convertLink(target: string, label: string | undefined, ctx: TextContext, inCode: boolean): string {
  const url = decodeEntities(target);
  const mailto = /^mailto:/i.test(url) ? url.slice('mailto:'.length) : undefined;
  const plain = mailto ?? url;
  const text = label === undefined ? undefined : decodeEntities(label);
  if (text === undefined || text === url || text === plain) return plain;
  if (inCode) return text;
  return `<${url}|${replaceShortcodes(text, () => ctx.fallback('custom_emoji'))}>`;
}

function convertSpecial(target: string, label: string | undefined, ctx: TextContext, inCode: boolean): string {
  const [kind = '', id] = target.split('^');
  if (BROADCASTS.has(kind)) return broadcastMention(kind, inCode);
  if (kind === 'subteam' && id) return usergroupMention(id, label, ctx, inCode);
  if (kind === 'date') return dateText(id === undefined ? undefined : Number(id), label);
  // An escape this converter does not know: keep what it says, and count it.
  if (!inCode) ctx.fallback('unknown_entity');
  return label !== undefined ? decodeEntities(label) : `@${kind}`;
}

/** One `<…>` escape: `<@U…>`, `<#C…|name>`, `<!here>`, `<!subteam^…>`, `<!date^…>`, `<url|label>`. */
function convertEscape(body: string, ctx: TextContext, inCode: boolean): string {
  const bar = body.indexOf('|');
  const target = bar === -1 ? body : body.slice(0, bar);
  const rawLabel = bar === -1 ? undefined : body.slice(bar + 1);
  const label = rawLabel === '' ? undefined : rawLabel;
  if (target.startsWith('@')) return userMention(target.slice(1), label, ctx, inCode);
  if (target.startsWith('#')) return channelMention(target.slice(1), label, ctx, inCode);
  if (target.startsWith('!')) return convertSpecial(target.slice(1), label, ctx, inCode);
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return convertLink(target, label, ctx, inCode);
  // Not an escape Slack writes (an integration posted a raw "<"): keep the text as it was.
  return decodeEntities(`<${body}>`);
}

const ESCAPE = /<([^<>]*)>/g;

function convertProse(text: string, ctx: TextContext): string {
  let out = '';
  let last = 0;
  const plain = (piece: string): string =>
    replaceShortcodes(decodeEntities(piece), () => ctx.fallback('custom_emoji'));
  for (const match of text.matchAll(ESCAPE)) {
    out += plain(text.slice(last, match.index));
    out += convertEscape(match[1] ?? '', ctx, false);
    last = match.index + match[0].length;
  }
  return out + plain(text.slice(last));
}

function convertCode(text: string, ctx: TextContext): string {
  return decodeEntities(text.replace(ESCAPE, (_whole, body: string) => convertEscape(body, ctx, true)));
}

/** Converts one mrkdwn string (a message's `text`, a section block, an attachment field…). */
export function convertMrkdwn(text: string, ctx: TextContext): string {
  const segments = splitCode(expandMultiQuote(text));
  let out = '';
  for (const segment of segments) {
    if (segment.code) {
      out += convertCode(segment.text, ctx);
      continue;
    }
    out += bullets(convertProse(segment.text, ctx), out === '' || out.endsWith('\n'));
  }
  return out;
}

/** Plain text (Block Kit `plain_text`): not escaped by Slack; only emoji shortcodes are converted. */
export function convertPlain(text: string, ctx: TextContext, emoji = true): string {
  return emoji ? replaceShortcodes(text, () => ctx.fallback('custom_emoji')) : text;
}

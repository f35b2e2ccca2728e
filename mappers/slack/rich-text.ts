// Block Kit `rich_text` → Chat text. Rich text is the structured form of what the author typed (Slack's newer
// clients send it alongside `text`), so it is preferred: it keeps list nesting and numbering, styles on
// mentions and links, and raw characters (no HTML entities to decode).
import type { TextContext } from './context.js';
import { emojiUnicode, unifiedToString } from '../shared/emoji.js';
import {
  BROADCASTS,
  broadcastMention,
  channelMention,
  dateText,
  userMention,
  usergroupMention,
} from './mentions.js';
import { num, objects, str, type RawObject } from '../shared/raw.js';
import { sameStyle, wrap, type Style } from './style.js';

/** Set when some element could not be rendered at all, so the caller can fall back to the message's `text`. */
export interface RenderState {
  lost: boolean;
}

interface Run {
  readonly text: string;
  readonly style: Style;
}

function styleOf(element: RawObject, inCode: boolean): Style {
  const style = element.style;
  const flag = (key: string): boolean =>
    !inCode && typeof style === 'object' && style !== null && (style as Record<string, unknown>)[key] === true;
  // Chat has no underline; the text is kept without it.
  return { bold: flag('bold'), italic: flag('italic'), strike: flag('strike'), code: flag('code') };
}

function emojiElement(element: RawObject, ctx: TextContext): string {
  const name = str(element.name) ?? '';
  const tone = num(element.skin_tone);
  const fromUnicode = str(element.unicode) ? unifiedToString(str(element.unicode) ?? '') : undefined;
  const unicode = fromUnicode ?? emojiUnicode(name, tone !== undefined ? String(tone) : undefined);
  if (unicode) return unicode;
  ctx.fallback('custom_emoji');
  return `:${name}:`;
}

/** The text of one inline element (`text`, `link`, `user`, `channel`, `emoji`, …). */
function inlineText(element: RawObject, ctx: TextContext, state: RenderState, inCode: boolean): string {
  const type = str(element.type);
  const code = inCode || styleOf(element, false).code;
  switch (type) {
    case 'text':
      return typeof element.text === 'string' ? element.text : '';
    case 'link': {
      const url = str(element.url) ?? '';
      const label = str(element.text);
      if (label === undefined || label === url) return url;
      return code ? label : `<${url}|${label}>`;
    }
    case 'user':
      return userMention(str(element.user_id) ?? '', undefined, ctx, code);
    case 'usergroup':
      return usergroupMention(str(element.usergroup_id) ?? '', undefined, ctx, code);
    case 'channel':
      return channelMention(str(element.channel_id) ?? '', undefined, ctx, code);
    case 'broadcast': {
      const range = str(element.range) ?? 'here';
      return BROADCASTS.has(range) ? broadcastMention(range, code) : `@${range}`;
    }
    case 'emoji':
      return code ? `:${str(element.name) ?? ''}:` : emojiElement(element, ctx);
    case 'date':
      return dateText(num(element.timestamp), str(element.fallback));
    case 'color':
      return str(element.value) ?? '';
    case 'team':
      return `@${str(element.team_id) ?? ''}`;
    case 'canvas':
    case 'file':
      // A reference to a file of the message; the file itself is carried in Message.files.
      return '';
    default: {
      ctx.fallback('unknown_block');
      const text = str(element.text);
      if (text === undefined) state.lost = true;
      return text ?? '';
    }
  }
}

/** Inline elements → text; consecutive elements with the same style share one pair of markers. */
export function renderInline(
  elements: readonly RawObject[],
  ctx: TextContext,
  state: RenderState,
  inCode = false,
): string {
  const runs: Run[] = [];
  for (const element of elements) {
    const text = inlineText(element, ctx, state, inCode);
    const style = styleOf(element, inCode);
    const previous = runs[runs.length - 1];
    if (previous && sameStyle(previous.style, style)) runs[runs.length - 1] = { text: previous.text + text, style };
    else runs.push({ text, style });
  }
  return runs.map((run) => wrap(run.text, run.style)).join('');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function letters(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = (LETTERS[(k - 1) % 26] ?? '') + out;
  return out;
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
  ];
  let out = '';
  let rest = n;
  for (const [value, digits] of table) {
    for (; rest >= value; rest -= value) out += digits;
  }
  return out;
}

/** Slack numbers nested ordered lists 1. → a. → i. → 1. …; Chat has no numbered lists, so the numbers are text. */
function orderedMarker(n: number, indent: number): string {
  const level = indent % 3;
  return `${level === 0 ? String(n) : level === 1 ? letters(n) : roman(n)}.`;
}

function renderList(list: RawObject, ctx: TextContext, state: RenderState): string {
  const indent = Math.max(0, Math.floor(num(list.indent) ?? 0));
  const offset = Math.max(0, Math.floor(num(list.offset) ?? 0));
  const ordered = str(list.style) === 'ordered';
  return objects(list.elements)
    .map((item, i) => {
      const marker = ordered ? orderedMarker(offset + i + 1, indent) : '*';
      const content = renderInline(objects(item.elements), ctx, state).replace(/\n+$/, '');
      return `${'    '.repeat(indent)}${marker} ${content}`;
    })
    .join('\n');
}

function quoteLines(text: string): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** One element of a rich_text block: a section, list, quote or preformatted block. */
function renderRichElement(element: RawObject, ctx: TextContext, state: RenderState): string {
  const children = objects(element.elements);
  switch (str(element.type)) {
    case 'rich_text_section':
      return renderInline(children, ctx, state);
    case 'rich_text_list':
      return renderList(element, ctx, state);
    case 'rich_text_quote':
      return quoteLines(renderInline(children, ctx, state));
    case 'rich_text_preformatted':
      return `\`\`\`${renderInline(children, ctx, state, true)}\`\`\``;
    default:
      // An element type newer than this converter: keep its inline content if it has any.
      ctx.fallback('unknown_block');
      if (children.length === 0) {
        state.lost = true;
        return '';
      }
      return renderInline(children, ctx, state);
  }
}

/** A whole `rich_text` block: its elements, each starting on a new line. */
export function renderRichText(block: RawObject, ctx: TextContext, state: RenderState): string {
  let out = '';
  for (const element of objects(block.elements)) {
    const text = renderRichElement(element, ctx, state);
    if (text === '') continue;
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += text;
  }
  return out.replace(/\n+$/, '');
}

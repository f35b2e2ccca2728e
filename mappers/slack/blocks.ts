// Block Kit layout blocks → readable Chat text. `rich_text` is rendered faithfully (rich-text.ts); the layout
// blocks apps post (section, header, context, divider, image, table) become plain lines so nothing is lost;
// interactive or newer blocks keep whatever text they hold and are counted as `unknown_block`.
import type { TextContext } from './context.js';
import { convertMrkdwn, convertPlain } from './mrkdwn.js';
import { renderRichText, type RenderState } from './rich-text.js';
import { child, isObject, objects, str, type RawObject } from '../shared/raw.js';

/** A composition text object: `{type: 'mrkdwn' | 'plain_text', text}`. */
function textObject(value: unknown, ctx: TextContext): string {
  if (!isObject(value) || typeof value.text !== 'string') return '';
  if (value.type === 'mrkdwn') return convertMrkdwn(value.text, ctx);
  return convertPlain(value.text, ctx, value.emoji !== false);
}

function imageText(block: RawObject, ctx: TextContext): string {
  const title = textObject(block.title, ctx) || str(block.alt_text) || '';
  const url = str(block.image_url);
  if (!url) return title;
  return title ? `<${url}|${title}>` : url;
}

function tableCell(cell: RawObject, ctx: TextContext, state: RenderState): string {
  if (str(cell.type) === 'rich_text') return renderRichText(cell, ctx, state).replace(/\n/g, ' ');
  return (typeof cell.text === 'string' ? cell.text : '').replace(/\n/g, ' ');
}

/** Every `text`/`title`/`alt_text` string inside a block we do not know, in document order. */
function readableStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) readableStrings(item, out);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'text' || key === 'title' || key === 'alt_text') && typeof item === 'string' && item.trim()) {
        out.push(item.trim());
      } else {
        readableStrings(item, out);
      }
    }
  }
  return out;
}

function renderBlock(block: RawObject, ctx: TextContext, state: RenderState): string {
  switch (str(block.type)) {
    case 'rich_text':
      return renderRichText(block, ctx, state);
    case 'section': {
      const lines = [textObject(block.text, ctx), ...objects(block.fields).map((f) => textObject(f, ctx))];
      const accessory = child(block, 'accessory');
      if (accessory && str(accessory.type) === 'image') lines.push(imageText(accessory, ctx));
      return lines.filter((l) => l !== '').join('\n');
    }
    case 'header': {
      const text = textObject(block.text, ctx);
      return text ? `*${text}*` : '';
    }
    case 'context':
      return objects(block.elements)
        .map((e) => (str(e.type) === 'image' ? str(e.alt_text) ?? '' : textObject(e, ctx)))
        .filter((t) => t !== '')
        .join(' ');
    case 'divider':
      return '---';
    case 'image':
      return imageText(block, ctx);
    case 'table':
      return (Array.isArray(block.rows) ? block.rows : [])
        .map((row) => objects(row).map((cell) => tableCell(cell, ctx, state)).join(' | '))
        .join('\n');
    default: {
      ctx.fallback('unknown_block');
      const text = readableStrings(block).join(' ');
      if (text === '') state.lost = true;
      return text;
    }
  }
}

export interface RenderedBlocks {
  readonly text: string;
  /** Some block or element had no readable content: the message's own `text` is the safer rendering. */
  readonly lost: boolean;
}

/** All blocks of a message, one after the other on separate lines. */
export function renderBlocks(blocks: readonly RawObject[], ctx: TextContext): RenderedBlocks {
  const state: RenderState = { lost: false };
  const parts = blocks.map((block) => renderBlock(block, ctx, state)).filter((part) => part !== '');
  return { text: parts.join('\n'), lost: state.lost };
}

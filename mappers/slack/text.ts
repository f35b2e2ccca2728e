// The whole visible text of one Slack message, converted to Chat syntax: Block Kit when the message has blocks
// (the structured form of what was typed), else its mrkdwn `text`; then legacy attachments; then the markers
// for `/me` actions and edits. Pure: the same message and tables always give the same text and fallbacks.
import type { FallbackKind } from '../../src/model.js';
import { renderAttachments } from './attachments.js';
import { renderBlocks } from './blocks.js';
import { FallbackSet, textContext, type SlackDirectory } from './context.js';
import { convertMrkdwn } from './mrkdwn.js';
import { isObject, objects, type RawObject } from '../shared/raw.js';
import { PLAIN, wrap } from './style.js';

export interface ConvertedText {
  readonly text: string;
  /** Each kind of thing that could not be represented exactly, once, in the order first met. */
  readonly fallbacks: FallbackKind[];
}

export const EDITED_MARKER = ' (edited)';

function mainText(message: RawObject, directory: SlackDirectory, fallbacks: FallbackSet): string {
  const text = typeof message.text === 'string' ? message.text : '';
  const blocks = objects(message.blocks);
  if (blocks.length > 0) {
    // Rendered against a scratch set: if the blocks turn out unusable, their mention/emoji counts must not mix
    // with those of the text that replaces them.
    const scratch = new FallbackSet();
    const rendered = renderBlocks(blocks, textContext(directory, message, scratch));
    if ((!rendered.lost && rendered.text.trim() !== '') || text.trim() === '') {
      fallbacks.addAll(scratch.list());
      return rendered.text;
    }
    // Some block had nothing readable (an element type newer than this converter), or the blocks only
    // referenced files: Slack's own `text` rendering of the message still holds that content.
    if (rendered.lost) fallbacks.add('unknown_block');
  }
  return convertMrkdwn(text, textContext(directory, message, fallbacks));
}

/** Converts one Slack message record's visible text (not its author, files or thread). */
export function convertMessageText(message: unknown, directory: SlackDirectory): ConvertedText {
  const msg: RawObject = isObject(message) ? message : {};
  const fallbacks = new FallbackSet();
  let main = mainText(msg, directory, fallbacks).trimEnd();
  // `/me waves` is shown by Slack as an italic action line.
  if (msg.subtype === 'me_message' && main !== '') main = wrap(main, { ...PLAIN, italic: true });
  if (isObject(msg.edited) && main !== '') main += EDITED_MARKER;
  const shown = `${typeof msg.text === 'string' ? msg.text : ''}\n${main}`;
  const attachments = renderAttachments(msg.attachments, textContext(directory, msg, fallbacks), shown);
  const text = [main, attachments].filter((part) => part !== '').join('\n');
  return { text, fallbacks: fallbacks.list() };
}

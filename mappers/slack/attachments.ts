// Legacy message attachments (bot posts, link unfurls, shared messages) → text lines. Many integrations post an
// empty `text` and put everything here (every bot message of the slack-export-viewer test archive does), so
// without this they would arrive blank. `fallback` is Slack's own plain summary, used only when the attachment
// has nothing else to show.
import type { TextContext } from './context.js';
import { convertMrkdwn } from './mrkdwn.js';
import { objects, str, type RawObject } from '../shared/raw.js';

function link(url: string | undefined, label: string): string {
  return url ? `<${url}|${label}>` : label;
}

function renderAttachment(attachment: RawObject, ctx: TextContext): string {
  const mrkdwn = (value: unknown): string => (typeof value === 'string' ? convertMrkdwn(value, ctx).trim() : '');
  const lines: string[] = [];
  const pretext = mrkdwn(attachment.pretext);
  if (pretext) lines.push(pretext);
  const author = mrkdwn(attachment.author_name);
  if (author) lines.push(link(str(attachment.author_link), author));
  const title = mrkdwn(attachment.title);
  if (title) lines.push(str(attachment.title_link) ? link(str(attachment.title_link), title) : `*${title}*`);
  const text = mrkdwn(attachment.text);
  if (text) lines.push(text);
  for (const field of objects(attachment.fields)) {
    const name = mrkdwn(field.title);
    const value = mrkdwn(field.value);
    if (name && value) lines.push(`*${name}*\n${value}`);
    else if (name || value) lines.push(name ? `*${name}*` : value);
  }
  const image = str(attachment.image_url);
  if (image) lines.push(image);
  const footer = mrkdwn(attachment.footer);
  if (footer) lines.push(footer);
  if (lines.length === 0) {
    const fallback = mrkdwn(attachment.fallback);
    if (fallback) lines.push(fallback);
  }
  return lines.join('\n');
}

/** All attachments of a message, each on its own lines, in order. */
export function renderAttachments(attachments: unknown, ctx: TextContext): string {
  return objects(attachments)
    .map((attachment) => renderAttachment(attachment, ctx))
    .filter((text) => text !== '')
    .join('\n');
}

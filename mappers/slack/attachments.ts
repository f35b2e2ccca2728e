// Legacy message attachments (bot posts, link unfurls, shared messages) → text lines. Many integrations post an
// empty `text` and put everything here (every bot message of the slack-export-viewer test archive does), so
// without this they would arrive blank. `fallback` is Slack's own plain summary, used only when the attachment
// has nothing else to show. Link previews (unfurls) are different: they repeat a URL of the message with its
// page's title, description, thumbnail and "Est. reading time", which pasted into the text buried the message
// itself. One whose URL the text already shows is dropped; any other becomes one link line.
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

/** The URL a link preview was made for; undefined for other attachments (a shared message is content, not a preview). */
function unfurledUrl(attachment: RawObject): string | undefined {
  if (attachment.is_msg_unfurl === true || attachment.is_share === true) return undefined;
  return str(attachment.from_url) ?? str(attachment.original_url);
}

/** A URL as it compares: Slack's `&amp;` escapes undone, no trailing slash. */
const comparable = (url: string): string => url.replaceAll('&amp;', '&').replace(/\/+$/, '');

/** A link preview as one line: its title linked to the page, or the bare URL. */
function previewLine(attachment: RawObject, url: string, ctx: TextContext): string {
  const title = typeof attachment.title === 'string' ? convertMrkdwn(attachment.title, ctx).trim() : '';
  const label = title || str(attachment.service_name)?.trim() || '';
  return label ? link(str(attachment.title_link) ?? url, label) : url;
}

/**
 * All attachments of a message, each on its own lines, in order. `shown` is the text the message already shows
 * (Slack's raw text and its conversion): previews of a URL in it are left out.
 */
export function renderAttachments(attachments: unknown, ctx: TextContext, shown = ''): string {
  const alreadyShown = comparable(shown);
  return objects(attachments)
    .map((attachment) => {
      const url = unfurledUrl(attachment);
      if (url === undefined) return renderAttachment(attachment, ctx);
      return alreadyShown.includes(comparable(url)) ? '' : previewLine(attachment, url, ctx);
    })
    .filter((text) => text !== '')
    .join('\n');
}

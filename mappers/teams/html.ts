// Teams message bodies are HTML; Google Chat takes its own text syntax. htmlparser2 tokenizes (and decodes
// entities); this walk keeps what Chat can show: paragraphs and line breaks, *bold*, _italic_, ~strike~, `code`,
// ```pre```, <url|label> links, lists, emoji (alt text). @mentions stay as "@Name" text and inline images
// become file references; both are reported back so they are counted.
import { Parser } from 'htmlparser2';
import type { FallbackKind } from '../../src/model.js';

export interface InlineImage {
  readonly id?: string;
  readonly name: string;
}

export interface HtmlResult {
  readonly text: string;
  readonly images: readonly InlineImage[];
  readonly fallbacks: readonly FallbackKind[];
}

const MARKS: Record<string, string> = { b: '*', strong: '*', i: '_', em: '_', s: '~', strike: '~', del: '~' };
const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'blockquote']);
/** Code blocks: `<pre>`, and the `<codeblock class="Python"><code>…</code></codeblock>` of newer Teams clients. */
const CODE_BLOCKS = new Set(['pre', 'codeblock']);

export function htmlToChat(html: string): HtmlResult {
  let out = '';
  const images: InlineImage[] = [];
  const fallbacks = new Set<FallbackKind>();
  // Links collect their label, then print <url|label>; nested links are not valid HTML and are not handled.
  let link: { href: string; start: number } | undefined;
  let inPre = 0;
  const lists: { ordered: boolean; count: number }[] = [];
  const newline = () => {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name in MARKS) out += MARKS[name];
        else if (name === 'br') out += '\n';
        else if (BLOCKS.has(name)) newline();
        else if (name === 'code' && inPre === 0) out += '`';
        else if (CODE_BLOCKS.has(name)) {
          newline();
          out += '```\n';
          inPre += 1;
        } else if (name === 'a') link = { href: attributes.href ?? '', start: out.length };
        else if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', count: 0 });
        else if (name === 'li') {
          newline();
          const list = lists[lists.length - 1];
          if (list) list.count += 1;
          out += list?.ordered ? `${list.count}. ` : '• ';
        } else if (name === 'at') {
          out += '@';
          fallbacks.add('unmapped_mention');
        } else if (name === 'emoji') out += attributes.alt ?? '';
        else if (name === 'customemoji') {
          out += `:${attributes.alt ?? 'emoji'}:`;
          fallbacks.add('custom_emoji');
        } else if (name === 'img') {
          images.push({ ...(attributes.itemid ? { id: attributes.itemid } : {}), name: attributes.alt || 'image' });
        }
      },
      ontext(text) {
        if (inPre > 0) {
          // Teams indents code with no-break spaces (U+00A0): as spaces, pasted code runs again.
          out += text.replace(/\u00a0/g, ' ');
          return;
        }
        const flat = text.replace(/\u00a0/g, ' ').replace(/[\t\r\n ]+/g, ' ');
        // Whitespace between block tags is layout, not text.
        out += out === '' || out.endsWith('\n') ? flat.trimStart() : flat;
      },
      onclosetag(name) {
        if (name in MARKS) out += MARKS[name];
        else if (name === 'code' && inPre === 0) out += '`';
        else if (CODE_BLOCKS.has(name)) {
          newline();
          out += '```\n';
          inPre -= 1;
        } else if (BLOCKS.has(name)) newline();
        else if (name === 'ul' || name === 'ol') {
          lists.pop();
          newline();
        } else if (name === 'a' && link) {
          const label = out.slice(link.start).trim();
          const { href } = link;
          out = out.slice(0, link.start) + (href === '' ? label : label === '' || label === href ? href : `<${href}|${label}>`);
          link = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  const text = out
    .split('\n')
    .map((line) => line.replace(/ +$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, images, fallbacks: [...fallbacks] };
}

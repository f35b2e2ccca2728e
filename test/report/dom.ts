// A few DOM queries over htmlparser2's tree, enough to check what the report holds without a browser.
import { DomUtils, parseDocument } from 'htmlparser2';

type Node = ReturnType<typeof parseDocument>;
export type Element = ReturnType<typeof DomUtils.getElementById> & object;

export const parseHtml = (html: string): Node => parseDocument(html);

export function byId(root: Node | Element, id: string): Element {
  const element = DomUtils.getElementById(id, root.children);
  if (!element) throw new Error(`no element #${id}`);
  return element;
}

export const all = (root: Node | Element, tag: string): Element[] => DomUtils.getElementsByTagName(tag, root.children, true);

export const withClass = (root: Node | Element, className: string): Element[] =>
  DomUtils.findAll((e) => (e.attribs.class ?? '').split(/\s+/).includes(className), root.children);

/** Text content with runs of whitespace folded, as a reader sees it. */
export const text = (node: Node | Element): string => DomUtils.textContent(node).replace(/\s+/g, ' ').trim();

/** The cell texts of each row of a table. */
export const rows = (table: Element): string[][] => all(table, 'tr').map((tr) => (DomUtils.getChildren(tr).filter((c) => c.type === 'tag') as Element[]).filter((c) => c.name === 'td' || c.name === 'th').map(text));

// HTML entities in Slack text. Slack escapes exactly three characters when it stores text (`&` → `&amp;`,
// `<` → `&lt;`, `>` → `&gt;`), so a literal "&lt;" typed by a user is stored as "&amp;lt;". Decoding in one
// left-to-right pass turns that back into "&lt;" and never into "<": each entity is decoded exactly once.
// Integrations sometimes post already-escaped HTML (`&quot;`, `&#39;`), so the common named and numeric
// entities are decoded too; anything else is left as it is.

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g;

function fromCodePoint(code: number): string | undefined {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : undefined;
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole: string, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number(dec)) ?? whole;
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16)) ?? whole;
    return (name !== undefined ? NAMED[name] : undefined) ?? whole;
  });
}

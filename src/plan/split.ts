// Google Chat limits a message to 32,000 bytes of UTF-8. Longer text is split into parts posted in order in the
// same thread. Splits prefer a line break, then a space, and never cut a character in half.

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8'); // counts without allocating the encoded bytes
}

/** Splits `text` into pieces of at most `maxBytes` UTF-8 bytes each. Returns `[text]` when it already fits. */
export function splitText(text: string, maxBytes: number): string[] {
  if (utf8Length(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let rest = text;
  while (utf8Length(rest) > maxBytes) {
    const hardCut = largestPrefixWithin(rest, maxBytes);
    const window = rest.slice(0, hardCut);
    // Break at the last newline, else the last space, if that keeps at least half of the budget.
    let cut = window.lastIndexOf('\n');
    if (cut < hardCut / 2) cut = window.lastIndexOf(' ');
    if (cut < hardCut / 2) cut = hardCut;
    else cut += 1; // keep the separator with the earlier part
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** The largest number of UTF-16 code units of `text` whose UTF-8 encoding fits `maxBytes`, on a code point boundary. */
function largestPrefixWithin(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) as number;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += code >= 0x10000 ? 2 : 1;
  }
  return Math.max(i, 1);
}

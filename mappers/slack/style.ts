// Chat style markers. Chat, like Slack, only renders `*b*` / `_i_` / `~s~` / `` `c` `` when the markers hug the
// text, so surrounding spaces go outside the markers and each line is wrapped on its own.

export interface Style {
  readonly bold: boolean;
  readonly italic: boolean;
  readonly strike: boolean;
  readonly code: boolean;
}

export const PLAIN: Style = { bold: false, italic: false, strike: false, code: false };

export function sameStyle(a: Style, b: Style): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.strike === b.strike && a.code === b.code;
}

/** `wrap("files  ", bold)` → `*files*  `. Code is the innermost marker, so the other markers stay outside it. */
export function wrap(text: string, style: Style): string {
  const open = `${style.bold ? '*' : ''}${style.italic ? '_' : ''}${style.strike ? '~' : ''}${style.code ? '`' : ''}`;
  if (open === '') return text;
  const close = [...open].reverse().join('');
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/s.exec(line);
      const [, lead = '', core = '', trail = ''] = match ?? [];
      return core === '' ? line : `${lead}${open}${core}${close}${trail}`;
    })
    .join('\n');
}

// The visible line that names the original author when a message is posted as the admin (bots, people without
// a Workspace account, users Google refuses to impersonate).

/** Room kept free in every message part so an attribution line can be added at post time without passing 32 KB. */
export const ATTRIBUTION_RESERVE_BYTES = 512;
const MAX_NAME_CHARS = 100;

/**
 * Chat syntax has no escape character, so a name's formatting characters are shown by look-alikes that Chat does
 * not read as syntax: `k._` must not end the italic line early, `*Bot*` must not turn bold, and `<users/all>` in a
 * display name must not mention everyone.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '_': '\u02cd', // ˍ MODIFIER LETTER LOW MACRON
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  '~': '\u223c', // ∼ TILDE OPERATOR
  '`': '\u02cb', // ˋ MODIFIER LETTER GRAVE ACCENT
  '<': '\u2039', // ‹ SINGLE LEFT-POINTING ANGLE QUOTATION MARK
};

export function plainName(name: string): string {
  return name.replace(/[_*~`<]/g, (c) => LOOK_ALIKES[c] ?? c);
}

export function attributionLine(displayName: string): string {
  const name = plainName([...displayName].slice(0, MAX_NAME_CHARS).join(''));
  return `_Originally posted by ${name}_`;
}

export function withAttribution(text: string, displayName: string): string {
  return text.length > 0 ? `${attributionLine(displayName)}\n${text}` : attributionLine(displayName);
}

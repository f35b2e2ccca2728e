// The visible line that names the original author when a message is posted as the admin (bots, people without
// a Workspace account, users Google refuses to impersonate).

/** Room kept free in every message part so an attribution line can be added at post time without passing 32 KB. */
export const ATTRIBUTION_RESERVE_BYTES = 512;
const MAX_NAME_CHARS = 100;

export function attributionLine(displayName: string): string {
  const name = [...displayName].slice(0, MAX_NAME_CHARS).join('');
  return `_Originally posted by ${name}_`;
}

export function withAttribution(text: string, displayName: string): string {
  return text.length > 0 ? `${attributionLine(displayName)}\n${text}` : attributionLine(displayName);
}

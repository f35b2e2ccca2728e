// Text files that claim UTF-8 but are not (a bad export tool, a copy through a legacy code page): decoded anyway,
// every invalid byte sequence read as U+FFFD as browsers do, and the number of replacements told so it is counted.
import { Buffer, isUtf8 } from 'node:buffer';

const REPLACEMENT = '\ufffd';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

export interface DecodedText {
  readonly text: string;
  /** Invalid byte sequences replaced by U+FFFD (0 for valid UTF-8). */
  readonly replaced: number;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

export function decodeUtf8(bytes: Buffer): DecodedText {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, replaced: 0 };
  // U+FFFD written on purpose (valid UTF-8 EF BF BD) is not a replacement.
  let inText = 0;
  for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) inText++;
  return { text, replaced: inText - occurrences(bytes, REPLACEMENT_BYTES) };
}

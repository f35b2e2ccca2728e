// Zip entry names, decoded and judged one by one. yauzl's own check (its default `decodeStrings`) fails the whole
// zip on the first name it dislikes (`../x`, `/etc/passwd`, `C:\x`) and lets NUL through; here an unsafe name only
// costs its own entry, which is skipped and counted, and the rest of the export is still read.
import yauzl, { type Entry } from 'yauzl';

/**
 * The name the zip means: its Info-ZIP Unicode path field, else UTF-8 when the entry says so, else CP437 (what
 * old zip tools and Windows' Compress wrote). Decoding is yauzl's; backslashes (Windows zips) become '/'.
 */
export function decodeEntryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** `./a//b` → `a/b`; a trailing '/' (a folder entry) is kept. */
export function normalizeName(name: string): string {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) return '';
  return parts.join('/') + (name.endsWith('/') ? '/' : '');
}

/** Why `name` cannot be used as a path inside the export folder; undefined when it can. */
export function unsafeNameReason(name: string): string | undefined {
  if ([...name].some(isControl)) return 'its name holds control characters (such as NUL)';
  if (name.startsWith('/')) return 'its name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'its name starts with a drive letter';
  if (name.split('/').includes('..')) return 'its name leads out of the export folder ("..")';
  if (normalizeName(name) === '') return 'its name is empty';
  return undefined;
}

/** A name fit for a message or a report: control characters shown as \uXXXX. */
export function printableName(name: string): string {
  return [...name].map((c) => (isControl(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
}
